// The Access-as-User picklist: NOT a <select>. A text input with a dropdown list of users (name plus a status
// hint), a hidden input holding the chosen id, and its own JS state. Typing filters the list ('input');
// 'change' (or leaving the field) resolves the typed text to the one user with exactly that name (ignoring
// case); choosing from the list selects directly. Values set from outside without events are not noticed.
import { genId, h, clear } from './dom.js';

const CLASSES = {
  modern: { wrap: 'x-form-trigger-wrap x-combo', input: 'x-form-text x-form-field x-combo-input', trigger: 'x-form-trigger x-form-arrow-trigger', list: 'x-boundlist', item: 'x-boundlist-item', selected: 'x-boundlist-selected', hint: 'x-boundlist-item-hint', invalid: 'x-form-invalid' },
  classic: { wrap: 'wb-classic-picker', input: 'wb-classic-textbox', trigger: 'wb-classic-picker-button', list: 'wb-classic-picklist', item: 'wb-classic-option', selected: 'wb-classic-option-on', hint: 'wb-classic-option-note', invalid: 'wb-classic-invalid' },
};

export function statusHint(user) {
  if (user.edition === 'No Edition (login denied)') return 'no licence';
  if (!user.loginEnabled) return 'login disabled';
  return '';
}

/**
 * users: [{ id, name, loginEnabled, edition }]; initial: user id or null; onChange(id | null).
 */
export function createUserCombobox({ layout, users, initial, onChange }) {
  const css = CLASSES[layout];
  const byId = new Map(users.map((u) => [u.id, u]));
  let selected = initial;
  let open = false;
  let highlighted = -1;
  let visible = users;

  const listId = genId();
  const input = h('input', { type: 'text', class: css.input, role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, autocomplete: 'off', spellcheck: 'false' });
  const hidden = h('input', { type: 'hidden', class: 'x-form-hidden' });
  const trigger = h(layout === 'classic' ? 'span' : 'div', { class: css.trigger, role: 'button', tabindex: '-1', title: 'Show the list' }, layout === 'classic' ? '▼' : '');
  const list = h('div', { id: listId, class: css.list, role: 'listbox', hidden: true });
  const wrap = h('div', { class: css.wrap }, input, hidden, trigger);

  const textFor = (id) => {
    if (id === null || id === undefined) return '';
    const user = byId.get(id);
    return user ? user.name : String(id);
  };
  const setSelected = (id, fromUser) => {
    selected = id;
    hidden.value = id === null ? '' : String(id);
    wrap.classList.remove(...css.invalid.split(' '));
    if (fromUser) onChange(id);
  };
  input.value = textFor(initial);
  hidden.value = initial === null || initial === undefined ? '' : String(initial);

  const renderList = () => {
    clear(list);
    visible.forEach((user, index) => {
      const hint = statusHint(user);
      const item = h('div', { class: css.item + (index === highlighted ? ` ${css.selected}` : ''), role: 'option', 'aria-selected': index === highlighted ? 'true' : 'false' },
        user.name, hint ? h('span', { class: css.hint }, ` (${hint})`) : null);
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(user);
      });
      list.append(item);
    });
    if (visible.length === 0) list.append(h('div', { class: `${css.item} x-boundlist-empty` }, 'No matching users'));
    const active = list.children[highlighted];
    if (active && highlighted >= 0) input.setAttribute('aria-activedescendant', active.id);
    else input.removeAttribute('aria-activedescendant');
  };
  const place = () => {
    const rect = input.getBoundingClientRect();
    list.style.left = `${rect.left + window.scrollX}px`;
    list.style.top = `${rect.bottom + window.scrollY}px`;
    list.style.minWidth = `${rect.width}px`;
  };
  const show = () => {
    if (!list.isConnected) document.body.append(list);
    open = true;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    place();
    renderList();
  };
  const hide = () => {
    open = false;
    list.hidden = true;
    highlighted = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const choose = (user) => {
    input.value = user.name;
    setSelected(user.id, true);
    hide();
  };
  const filter = (text) => {
    const needle = text.trim().toLowerCase();
    visible = needle === '' ? users : users.filter((u) => u.name.toLowerCase().includes(needle));
    highlighted = visible.length > 0 ? 0 : -1;
  };
  /** Resolves typed text: exactly one user with that name (ignoring case), or nothing. */
  const resolveTyped = () => {
    const text = input.value.trim().toLowerCase();
    if (text === '') {
      setSelected(null, true);
      return;
    }
    if (selected !== null && textFor(selected).toLowerCase() === text) return;
    const matches = users.filter((u) => u.name.toLowerCase() === text);
    if (matches.length === 1) setSelected(matches[0].id, true);
    else {
      selected = null;
      hidden.value = '';
      onChange(null);
      wrap.classList.add(...css.invalid.split(' '));
    }
  };

  input.addEventListener('input', () => {
    filter(input.value);
    show();
    const exact = users.filter((u) => u.name.toLowerCase() === input.value.trim().toLowerCase());
    if (exact.length === 1) setSelected(exact[0].id, true);
    else {
      selected = null;
      hidden.value = '';
      onChange(null);
    }
  });
  input.addEventListener('change', resolveTyped);
  input.addEventListener('blur', () => {
    hide();
    resolveTyped();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        filter('');
        show();
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      highlighted = Math.max(0, Math.min(visible.length - 1, highlighted + step));
      renderList();
    } else if (event.key === 'Enter' && open && highlighted >= 0) {
      event.preventDefault();
      choose(visible[highlighted]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      hide();
    }
  });
  trigger.addEventListener('mousedown', (event) => {
    event.preventDefault();
    if (open) hide();
    else {
      filter('');
      show();
      input.focus();
    }
  });

  return {
    element: wrap,
    input,
    get value() {
      return selected;
    },
    destroy() {
      list.remove();
    },
  };
}
