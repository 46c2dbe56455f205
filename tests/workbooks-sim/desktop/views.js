// The views: Home, Configuration > (Automation | Email & Integration) > API Keys, and Configuration > Users.
import { read } from './api.js';
import { display, toIso } from './dates.js';
import { clear, fakeButton, h } from './dom.js';
import { openKeyForm } from './key-form.js';

const PAGE_SIZE = 100;
const KEY_COLUMNS = [
  { title: 'Name', value: (row, k) => row[k.fields.name] },
  { title: 'Access as User', value: (row, k) => row[k.related.accessAsUser] ?? (row[k.fields.accessAsUser] === null ? '' : `#${row[k.fields.accessAsUser]}`) },
  { title: 'Valid From', value: (row, k, layout) => display(toIso(row[k.fields.validFrom] ?? ''), layout) },
  { title: 'Until', value: (row, k, layout) => display(toIso(row[k.fields.until] ?? ''), layout) },
  { title: 'Permitted IP addresses', value: (row, k) => row[k.fields.permittedIps] },
];

function heading(layout, text, trail) {
  if (layout === 'classic') {
    return [h('div', { class: 'wb-classic-title' }, text), h('div', { class: 'wb-classic-crumbs' }, trail.join(' › '))];
  }
  return [
    h('div', { class: 'x-breadcrumb' }, trail.map((part, i) => h('span', { class: 'x-breadcrumb-item' }, i > 0 ? ` > ${part}` : part))),
    h('div', { class: 'x-panel-header', role: 'heading', 'aria-level': '1' }, h('span', { class: 'x-panel-header-text' }, text)),
  ];
}

function grid(layout, columns, rows, onRowClick) {
  if (layout === 'classic') {
    return h('table', { class: 'wb-classic-grid' },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c.title)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: String(columns.length), class: 'wb-classic-empty' }, 'There is nothing to show.'))
        : rows.map((row) => {
          const tr = h('tr', { class: 'wb-classic-row', dataset: { recordid: String(row.id) } }, columns.map((c) => h('td', {}, String(c.value(row) ?? ''))));
          if (onRowClick) tr.addEventListener('click', () => onRowClick(row));
          return tr;
        })));
  }
  return h('div', { class: 'x-grid-panel', role: 'grid' },
    h('div', { class: 'x-grid-header-ct', role: 'row' }, columns.map((c) => h('div', { class: 'x-column-header', role: 'columnheader' }, h('span', { class: 'x-column-header-text' }, c.title)))),
    h('div', { class: 'x-grid-body' }, rows.length === 0
      ? h('div', { class: 'x-grid-empty' }, 'Nothing to display')
      : rows.map((row, i) => {
        const div = h('div', { class: `x-grid-row${i % 2 ? ' x-grid-row-alt' : ''}`, role: 'row', tabindex: '-1', dataset: { recordid: String(row.id) } },
          columns.map((c) => h('div', { class: 'x-grid-cell', role: 'gridcell' }, h('div', { class: 'x-grid-cell-inner' }, String(c.value(row) ?? '')))));
        if (onRowClick) div.addEventListener('click', () => onRowClick(row));
        return div;
      })));
}

function errorBox(layout, message) {
  return h('div', { class: layout === 'classic' ? 'wb-classic-summary' : 'x-form-error-summary', role: 'alert' }, message);
}

export function renderHome(boot, view) {
  const layout = boot.layout;
  view.append(...heading(layout, 'Home', ['Start', 'Home']), h('p', { class: 'wb-welcome' }, `Welcome, ${boot.user.name}. You are signed in to ${boot.database}.`));
}

export function renderKeys(boot, view) {
  const layout = boot.layout;
  const k = boot.schema.apiKey;
  const trail = layout === 'classic' ? ['Configuration', 'Email & Integration', 'API Keys'] : ['Configuration', 'Automation', 'API Keys'];
  const state = { start: 0, total: 0, search: '' };
  const gridHolder = h('div', { class: layout === 'classic' ? 'wb-classic-gridholder' : 'x-grid-holder' });
  const status = h(layout === 'classic' ? 'span' : 'div', { class: layout === 'classic' ? 'wb-classic-paging' : 'x-toolbar-text' });
  const editorHost = layout === 'classic' ? h('div', { class: 'wb-classic-editorhost' }) : document.body;
  let editor = null;

  const openEditor = async (id) => {
    if (editor) editor.close();
    try {
      editor = await openKeyForm({ boot, layout, keyId: id, host: editorHost, onSaved: () => load(), onClosed: () => { editor = null; } });
    } catch (error) {
      const box = errorBox(layout, error.reason ? `Your session has ended (${error.reason}). Sign in again.` : String(error.message || error));
      if (editorHost === document.body) gridHolder.prepend(box);
      else editorHost.append(box);
    }
  };

  async function load() {
    const params = [['_start', state.start], ['_limit', PAGE_SIZE], ['_sort', k.fields.name], ['_dir', 'ASC']];
    if (state.search.trim() !== '') params.push(['_ff[]', k.fields.name], ['_ft[]', 'ct'], ['_fc[]', state.search.trim()]);
    try {
      const { status: code, body } = await read(k.path, params);
      if (code !== 200 || !body || !body.success) throw new Error((body && body.errors && body.errors[0]) || `The keys could not be loaded (${code}).`);
      state.total = body.total;
      clear(gridHolder).append(grid(layout, KEY_COLUMNS.map((c) => ({ title: c.title, value: (row) => c.value(row, k, layout) })), body.data, (row) => openEditor(row.id)));
      const last = Math.min(state.start + PAGE_SIZE, state.total);
      status.textContent = state.total === 0 ? 'No API Keys to display' : `Displaying ${state.start + 1} - ${last} of ${state.total}`;
    } catch (error) {
      clear(gridHolder).append(errorBox(layout, error.reason ? `Your session has ended (${error.reason}). Sign in again.` : String(error.message || error)));
    }
  }

  const page = (delta) => {
    const next = state.start + delta * PAGE_SIZE;
    if (next < 0 || next >= Math.max(state.total, 1)) return;
    state.start = next;
    load();
  };
  const search = h('input', { type: 'search', class: layout === 'classic' ? 'wb-classic-textbox wb-classic-search' : 'x-form-text x-toolbar-search', placeholder: layout === 'classic' ? 'Find' : 'Search API Keys', 'aria-label': 'Search' });
  search.addEventListener('input', () => {
    state.search = search.value;
    state.start = 0;
    load();
  });

  const toolbar = layout === 'classic'
    ? h('div', { class: 'wb-classic-actions' },
      h('a', { href: '#', class: 'wb-classic-link', onclick: (e) => { e.preventDefault(); openEditor(null); } }, 'Add API Key'), ' | ',
      h('a', { href: '#', class: 'wb-classic-link', onclick: (e) => { e.preventDefault(); load(); } }, 'Reload'), ' ', search,
      h('span', { class: 'wb-classic-pager' },
        h('a', { href: '#', class: 'wb-classic-link', onclick: (e) => { e.preventDefault(); page(-1); } }, '‹ Prev'), ' ', status, ' ',
        h('a', { href: '#', class: 'wb-classic-link', onclick: (e) => { e.preventDefault(); page(1); } }, 'Next ›')))
    : h('div', { class: 'x-toolbar', role: 'toolbar' },
      fakeButton('a', 'x-btn x-btn-primary', 'New API Key', () => openEditor(null)),
      fakeButton('a', 'x-btn', 'Refresh', () => load()),
      search,
      h('div', { class: 'x-toolbar-fill' }),
      fakeButton('a', 'x-btn x-btn-icon', '‹', () => page(-1)),
      status,
      fakeButton('a', 'x-btn x-btn-icon', '›', () => page(1)));

  view.append(...heading(layout, 'API Keys', trail), toolbar, gridHolder);
  if (layout === 'classic') view.append(editorHost);
  load();
  return () => {
    if (editor) editor.close();
  };
}

export function renderUsers(boot, view) {
  const layout = boot.layout;
  const u = boot.schema.user;
  const trail = ['Configuration', 'Users'];
  const holder = h('div', {});
  view.append(...heading(layout, 'Users', trail), holder);
  const columns = [
    { title: 'Name', value: (row) => row[u.fields.userName] },
    { title: 'Email', value: (row) => row[u.fields.email] },
    { title: 'Login enabled', value: (row) => (row[u.fields.loginEnabled] ? 'Yes' : 'No') },
    { title: 'Allocated Edition', value: (row) => row[u.fields.edition] },
  ];
  read(u.path, [['_start', 0], ['_limit', 100], ['_sort', u.fields.userName]]).then(({ status, body }) => {
    if (status !== 200 || !body || !body.success) throw new Error(`The users could not be loaded (${status}).`);
    holder.append(grid(layout, columns, body.data, null), h('div', { class: 'x-toolbar-text' }, `Displaying ${Math.min(body.data.length, body.total)} of ${body.total}`));
  }).catch((error) => holder.append(errorBox(layout, error.reason ? `Your session has ended (${error.reason}). Sign in again.` : String(error.message || error))));
}

export function renderNotFound(boot, view) {
  view.append(...heading(boot.layout, 'Page not found', ['Start']), h('p', {}, 'This part of Workbooks does not exist.'));
}
