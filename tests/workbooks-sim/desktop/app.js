// The simulated Workbooks Desktop: a single-page app that routes with history.pushState (no reloads).
import { clear, genId, h } from './dom.js';
import { renderHome, renderKeys, renderNotFound, renderUsers } from './views.js';

const root = document.querySelector('[data-boot]');
const boot = JSON.parse(root.getAttribute('data-boot'));
// The "hidden" token strategy: the server put the input in a template; the key form carries it while open.
const template = document.getElementById('wb-form-template');
boot.tokenInput = template ? template.querySelector('input[name="authenticity_token"]') : null;
if (template) template.remove();

const ROUTES = {
  '/desktop/home': renderHome,
  '/desktop/config/api-keys': renderKeys,
  '/desktop/config/users': renderUsers,
};

let cleanup = null;

function navigate(path) {
  if (location.pathname === path) return;
  history.pushState({ path }, '', `${path}${location.search}`);
  render();
}

function navLink(label, path) {
  const link = h('a', { href: `${path}${location.search}`, class: boot.layout === 'classic' ? 'wb-classic-menu-link' : 'x-tree-node-anchor' }, label);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    navigate(path);
  });
  return link;
}

function modernChrome(view) {
  const tree = h('div', { class: 'x-tree-panel wb-start-menu' },
    h('div', { class: 'x-tree-node' }, navLink('Home', '/desktop/home')),
    h('div', { class: 'x-tree-node x-tree-node-expanded' },
      h('span', { class: 'x-tree-node-text' }, 'Configuration'),
      h('div', { class: 'x-tree-node x-tree-node-expanded' },
        h('span', { class: 'x-tree-node-text' }, 'Automation'),
        h('div', { class: 'x-tree-node' }, navLink('API Keys', '/desktop/config/api-keys')),
        h('div', { class: 'x-tree-node' }, h('span', { class: 'x-tree-node-text x-item-disabled' }, 'API Reference'))),
      h('div', { class: 'x-tree-node' }, navLink('Users', '/desktop/config/users'))));
  return [
    h('div', { class: 'wb-header' }, h('span', { class: 'wb-logo' }, 'Workbooks'), h('span', { class: 'wb-database' }, boot.database),
      h('span', { class: 'wb-user-name' }, boot.user.name), h('a', { href: '/logout', class: 'wb-signout' }, 'Sign out')),
    h('div', { class: 'wb-body' }, tree, view),
  ];
}

function classicChrome(view) {
  const menu = h('ul', { class: 'wb-classic-menu' },
    h('li', {}, navLink('Home', '/desktop/home')),
    h('li', {}, 'Configuration',
      h('ul', {},
        h('li', {}, 'Email & Integration', h('ul', {}, h('li', {}, navLink('API Keys', '/desktop/config/api-keys')))),
        h('li', {}, navLink('Users', '/desktop/config/users')))));
  return [h('table', { class: 'wb-classic-frame' }, h('tbody', {},
    h('tr', {}, h('td', { class: 'wb-classic-banner', colspan: '2' }, 'Workbooks ', h('small', {}, `${boot.database} · ${boot.user.name} · `, h('a', { href: '/logout' }, 'Log out')))),
    h('tr', {}, h('td', { class: 'wb-classic-side' }, menu), h('td', { class: 'wb-classic-content' }, view))))];
}

function render() {
  if (cleanup) cleanup();
  cleanup = null;
  const view = h('div', { class: boot.layout === 'classic' ? 'wb-classic-page' : 'x-panel wb-view', id: genId() });
  clear(root).append(...(boot.layout === 'classic' ? classicChrome(view) : modernChrome(view)));
  const renderView = ROUTES[location.pathname] ?? renderNotFound;
  const result = renderView(boot, view, navigate);
  cleanup = typeof result === 'function' ? result : null;
}

window.addEventListener('popstate', render);
render();
