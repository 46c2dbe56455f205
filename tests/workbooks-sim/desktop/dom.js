// Tiny DOM helpers for the simulated Desktop. Like a framework app, every element gets a generated id
// (ext-gen1234) that changes on each render, so nothing outside may rely on ids.

let counter = 1000 + Math.floor(Math.random() * 8000);

/** A fresh generated id, never reused within a page load. */
export function genId() {
  counter += 1;
  return `ext-gen${counter}`;
}

/**
 * h('div', { class: 'x', onclick: fn, dataset: { a: '1' } }, ...children)
 * Strings become text nodes; null/false children are skipped. Every element gets a generated id unless one is given.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  if (!('id' in attrs)) el.id = genId();
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'value') el.value = value;
    else if (name === 'text') el.textContent = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A div/anchor acting as a button: keyboard Enter/Space activate it, as framework buttons do. */
export function fakeButton(tag, className, label, onActivate) {
  const el = h(tag, { class: className, role: 'button', tabindex: '0', ...(tag === 'a' ? { href: '#' } : {}) }, h('span', { class: 'x-btn-inner' }, label));
  el.addEventListener('click', (event) => {
    event.preventDefault();
    onActivate();
  });
  el.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onActivate();
    }
  });
  return el;
}

/** Shows a short message that fades out. */
export function toast(text) {
  const el = h('div', { class: 'x-toast', role: 'status' }, text);
  document.body.append(el);
  setTimeout(() => el.remove(), 4000);
}
