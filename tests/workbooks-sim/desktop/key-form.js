// The API key form ("New API Key" / edit), in the modern (window with label elements) or classic (table with
// <td> labels) layout. The form keeps its own model, updated only by 'input' and 'change' events; Save sends
// the model through the API with the page's session (square-array PUT with id and lock_version).
import { createUserCombobox } from './combobox.js';
import { display, toIso } from './dates.js';
import { fakeButton, h, toast } from './dom.js';
import { read, readAll, SessionEndedError, write } from './api.js';

/** Visible labels, exactly as Workbooks words them. */
export const FIELD_LABELS = [
  { role: 'accessAsUser', label: 'Access as User', kind: 'user' },
  { role: 'name', label: 'Name', kind: 'text', required: true },
  { role: 'description', label: 'Description', kind: 'textarea' },
  { role: 'validFrom', label: 'Valid From', kind: 'date' },
  { role: 'until', label: 'Until', kind: 'date', required: true },
  { role: 'permittedIps', label: 'Permitted IP addresses', kind: 'textarea', required: true },
  { role: 'capabilities', label: 'Restrict Capabilities', kind: 'text' },
  { role: 'secret', label: 'API Key', kind: 'secret' },
];

const WORDING = {
  modern: { newTitle: 'New API Key', editTitle: 'Edit API Key', save: 'Save', cancel: 'Cancel', datePlaceholder: 'DD/MM/YYYY' },
  classic: { newTitle: 'New API Key', editTitle: 'API Key details', save: 'Save Changes', cancel: 'Discard', datePlaceholder: 'd Mon yyyy' },
};

function mask(secret) {
  if (!secret) return '';
  return secret.split('-').map((part, i, all) => (i === all.length - 1 ? part : '•'.repeat(part.length))).join('-');
}

export async function loadUsers(boot) {
  const u = boot.schema.user;
  const rows = await readAll(u.path, [['_select_columns[]', u.fields.userName], ['_select_columns[]', u.fields.loginEnabled], ['_select_columns[]', u.fields.edition], ['_sort', u.fields.userName]]);
  return rows.map((r) => ({ id: r.id, name: String(r[u.fields.userName] ?? ''), loginEnabled: r[u.fields.loginEnabled] === true, edition: String(r[u.fields.edition] ?? '') }));
}

async function loadKey(boot, id) {
  const k = boot.schema.apiKey;
  const { status, body } = await read(k.path, [['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', id]]);
  if (status !== 200 || !body || !body.success || body.data.length === 0) throw new Error(`That API key could not be loaded (${status}).`);
  return body.data[0];
}

/**
 * Opens the form. `host` receives the form element (modern: document.body; classic: the page section).
 * Returns { element, close }.
 */
export async function openKeyForm({ boot, layout, keyId, host, onSaved, onClosed }) {
  const k = boot.schema.apiKey;
  const wording = WORDING[layout];
  const [users, record] = await Promise.all([loadUsers(boot), keyId ? loadKey(boot, keyId) : Promise.resolve(null)]);
  const value = (role) => (record ? record[k.fields[role]] : null);
  const model = {
    accessAsUser: record ? value('accessAsUser') : boot.user.id,
    name: record ? value('name') ?? '' : '',
    description: record ? value('description') ?? '' : '',
    validFrom: record ? display(toIso(value('validFrom') ?? ''), layout) : '',
    until: record ? display(toIso(value('until') ?? ''), layout) : '',
    permittedIps: record ? value('permittedIps') ?? '' : '',
    capabilities: record ? value('capabilities') ?? '' : '',
  };
  const identity = { id: record ? record.id : 0, lockVersion: record ? record.lock_version : 0 };
  const errorSlots = new Map();
  let combobox = null;

  const bind = (control, role) => {
    const update = () => {
      model[role] = control.value;
    };
    control.addEventListener('input', update);
    control.addEventListener('change', update);
    return control;
  };
  const controlFor = (field) => {
    switch (field.kind) {
      case 'user':
        combobox = createUserCombobox({ layout, users, initial: model.accessAsUser, onChange: (id) => { model.accessAsUser = id; } });
        return combobox.element;
      case 'textarea':
        return bind(h('textarea', { class: layout === 'classic' ? 'wb-classic-textarea' : 'x-form-textarea x-form-field', rows: field.role === 'permittedIps' ? '3' : '2', spellcheck: 'false', value: model[field.role] }), field.role);
      case 'date':
        return bind(h('input', { type: 'text', class: layout === 'classic' ? 'wb-classic-textbox wb-classic-date' : 'x-form-text x-form-field x-form-date', placeholder: wording.datePlaceholder, autocomplete: 'off', value: model[field.role] }), field.role);
      case 'secret':
        return h('div', { class: layout === 'classic' ? 'wb-classic-readonly' : 'x-form-display-field', 'aria-readonly': 'true' }, mask(value('secret')));
      default:
        return bind(h('input', { type: 'text', class: layout === 'classic' ? 'wb-classic-textbox' : 'x-form-text x-form-field', autocomplete: 'off', value: model[field.role] }), field.role);
    }
  };

  const fields = FIELD_LABELS.filter((f) => f.kind !== 'secret' || record);
  const summary = h('div', { class: layout === 'classic' ? 'wb-classic-summary' : 'x-form-error-summary', role: 'alert', hidden: true });
  const form = h('form', { class: layout === 'classic' ? 'wb-classic-form' : 'x-form', novalidate: true, autocomplete: 'off' });
  form.addEventListener('submit', (event) => event.preventDefault());
  if (boot.tokenInput) form.append(boot.tokenInput);

  let element;
  const saveButton = layout === 'classic'
    ? h('input', { type: 'button', class: 'wb-classic-button', value: wording.save, onclick: () => save() })
    : fakeButton('div', 'x-btn x-btn-primary', wording.save, () => save());
  const cancelButton = layout === 'classic'
    ? h('input', { type: 'button', class: 'wb-classic-button', value: wording.cancel, onclick: () => close() })
    : fakeButton('div', 'x-btn', wording.cancel, () => close());

  if (layout === 'classic') {
    const rows = fields.map((field) => {
      const error = h('span', { class: 'wb-classic-error' });
      errorSlots.set(field.role, error);
      return h('tr', {}, h('td', { class: 'wb-classic-label' + (field.required ? ' wb-classic-required' : '') }, field.label), h('td', { class: 'wb-classic-input' }, controlFor(field), error));
    });
    form.append(h('fieldset', { class: 'wb-classic-fieldset' },
      h('legend', {}, record ? wording.editTitle : wording.newTitle),
      summary,
      h('table', { class: 'wb-classic-formtable' }, h('tbody', {}, rows, h('tr', {}, h('td', {}), h('td', { class: 'wb-classic-actions' }, saveButton, ' ', cancelButton))))));
    element = h('div', { class: 'wb-classic-editor' }, form);
  } else {
    for (const field of fields) {
      const error = h('div', { class: 'x-form-error-msg', hidden: true });
      errorSlots.set(field.role, error);
      form.append(h('div', { class: 'x-form-item' + (field.required ? ' x-form-item-required' : '') },
        h('label', { class: 'x-form-item-label' }, field.label),
        h('div', { class: 'x-form-item-body' }, controlFor(field)),
        error));
    }
    form.append(summary);
    const headerText = h('span', { class: 'x-window-header-text' }, record ? wording.editTitle : wording.newTitle);
    element = h('div', { class: 'x-window wb-key-window', role: 'dialog', 'aria-labelledby': headerText.id },
      h('div', { class: 'x-window-header' }, headerText),
      h('div', { class: 'x-window-body' }, form),
      h('div', { class: 'x-window-footer' }, saveButton, cancelButton));
  }
  host.append(element);

  function showErrors(byRole, messages) {
    for (const [role, slot] of errorSlots) {
      const text = (byRole[role] || []).join('; ');
      slot.textContent = text;
      if (layout === 'modern') slot.hidden = text === '';
      slot.closest(layout === 'classic' ? 'tr' : '.x-form-item')?.classList.toggle(layout === 'classic' ? 'wb-classic-row-invalid' : 'x-form-invalid', text !== '');
    }
    summary.textContent = messages.join(' ');
    summary.hidden = messages.length === 0;
  }

  function close() {
    if (combobox) combobox.destroy();
    if (boot.tokenInput && boot.tokenInput.parentNode === form) boot.tokenInput.remove();
    element.remove();
    onClosed();
  }

  let saving = false;
  async function save() {
    if (saving) return;
    saving = true;
    const byRole = {};
    const roleOf = new Map(Object.entries(k.fields).map(([role, name]) => [name, role]));
    const pairs = [['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', identity.id], ['__method[]', identity.id ? 'PUT' : 'POST'], ['id[]', identity.id], ['lock_version[]', identity.lockVersion]];
    for (const role of ['accessAsUser', 'name', 'description', 'validFrom', 'until', 'permittedIps', 'capabilities']) {
      let v = model[role] ?? '';
      if (role === 'validFrom' || role === 'until') {
        const isoDate = toIso(v);
        v = isoDate === null ? v : isoDate;
      }
      pairs.push([`${k.fields[role]}[]`, v === null ? '' : String(v)]);
    }
    try {
      const { status, body } = await write(k.path, pairs);
      if (status === 200 && body && body.success) {
        showErrors({}, []);
        const saved = body.affected_objects[0] || {};
        toast(identity.id ? 'API Key saved' : `API Key created: ${saved[k.fields.name] ?? ''}`);
        close();
        onSaved(saved);
        return;
      }
      const info = (body && body.affected_object_information && body.affected_object_information[0]) || { errors: {} };
      const messages = [];
      for (const [name, list] of Object.entries(info.errors || {})) {
        const role = roleOf.get(name);
        if (role && errorSlots.has(role)) byRole[role] = list;
        else messages.push(...list);
      }
      if (messages.length === 0 && Object.keys(byRole).length === 0) messages.push(...((body && body.errors) || [`The server answered ${status}.`]));
      showErrors(byRole, messages);
    } catch (error) {
      if (error instanceof SessionEndedError) {
        showErrors({}, [`Your session has ended (${error.reason || 'signed out'}). Sign in again, then save.`]);
        summary.append(' ', h('a', { href: `/login?return_to=${encodeURIComponent(location.pathname)}`, class: 'x-link' }, 'Sign in'));
      } else {
        showErrors({}, [error instanceof Error ? error.message : String(error)]);
      }
    } finally {
      saving = false;
    }
  }

  return { element, close, model };
}
