// @vitest-environment happy-dom
/**
 * Field detection on saved pages of both Desktop layouts: controls are found by their visible labels (no ids,
 * no `for`), tied to the right row, never to the grid's column headers; the form's kind and buttons too.
 */
import { describe, expect, it } from 'vitest';
import { findKeyForm, KEY_FORM_ROLES, type KeyFormMatch } from '../../../src/content/form/fields';
import { keyFormLabelRole, normaliseLabelText } from '../../../src/content/selectors';
import { FIXTURES, loadFixture } from './fixture-dom';

function expectFullForm(match: KeyFormMatch | null): KeyFormMatch {
  expect(match).not.toBeNull();
  const form = match!;
  expect(Object.keys(form.fields).sort()).toEqual([...KEY_FORM_ROLES].sort());
  for (const field of Object.values(form.fields)) {
    // Every control is inside the form, its row holds its own label and no other field's control.
    expect(form.root.contains(field.control)).toBe(true);
    expect(field.container.contains(field.control)).toBe(true);
    expect(field.container.contains(field.label)).toBe(true);
    for (const other of Object.values(form.fields)) {
      if (other !== field) expect(field.container.contains(other.control)).toBe(false);
    }
  }
  return form;
}

describe.each([
  ['modern edit', FIXTURES.modernEdit, 'edit', 'DIV', 'Save', 'Cancel'],
  ['modern new', FIXTURES.modernNew, 'new', 'DIV', 'Save', 'Cancel'],
  ['classic edit', FIXTURES.classicEdit, 'edit', 'TR', 'Save Changes', 'Discard'],
  ['classic new', FIXTURES.classicNew, 'new', 'TR', 'Save Changes', 'Discard'],
] as const)('findKeyForm on the %s fixture', (_name, file, kind, rowTag, save, cancel) => {
  it('finds every field by its label, in the form and not in the grid', () => {
    const doc = loadFixture(file);
    const form = expectFullForm(findKeyForm(doc));
    expect(form.root.tagName).toBe('FORM');
    expect(form.kind).toBe(kind);
    const { fields } = form;
    expect(fields.accessAsUser!.control.getAttribute('role')).toBe('combobox');
    expect(fields.accessAsUser!.hiddenValue).not.toBeNull();
    expect(fields.permittedIps!.control.tagName).toBe('TEXTAREA');
    expect(fields.description!.control.tagName).toBe('TEXTAREA');
    for (const role of ['name', 'validFrom', 'until', 'capabilities'] as const) {
      expect(fields[role]!.control.tagName).toBe('INPUT');
    }
    // Valid From comes before Until: the controls were not swapped by the "first control after the label" rule.
    expect(fields.validFrom!.control.compareDocumentPosition(fields.until!.control) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    for (const field of Object.values(fields)) expect(field.container.tagName).toBe(rowTag);
    // The grid (header "Permitted IP addresses" etc.) is outside the form's scope.
    expect(form.scope.querySelector('[data-recordid]')).toBeNull();
    expect(form.saveButtons).toHaveLength(1);
    expect(form.cancelButtons).toHaveLength(1);
    const text = (el: Element) => (el instanceof HTMLInputElement ? el.value : el.textContent ?? '').trim();
    expect(text(form.saveButtons[0]!)).toBe(save);
    expect(text(form.cancelButtons[0]!)).toBe(cancel);
  });

  it('keeps the id the page holds for the chosen user', () => {
    const doc = loadFixture(file);
    const hidden = findKeyForm(doc)!.fields.accessAsUser!.hiddenValue!;
    expect(hidden.value).toMatch(/^\d+$/);
  });
});

describe('findKeyForm elsewhere', () => {
  it('finds nothing on a view without the key form', () => {
    expect(findKeyForm(loadFixture(FIXTURES.users))).toBeNull();
  });

  it('finds nothing once the form is closed (only the grid headers remain)', () => {
    const doc = loadFixture(FIXTURES.modernEdit);
    doc.querySelector('form')!.closest('[role="dialog"]')!.remove();
    expect(findKeyForm(doc)).toBeNull();
  });

  it('ignores a hidden form', () => {
    const doc = loadFixture(FIXTURES.modernEdit);
    (doc.querySelector('[role="dialog"]') as HTMLElement).hidden = true;
    expect(findKeyForm(doc)).toBeNull();
  });

  it('matches labels whatever their case, spacing, colon or star', () => {
    const doc = loadFixture(FIXTURES.classicNew);
    const label = Array.from(doc.querySelectorAll('form td')).find((td) => td.textContent === 'Permitted IP addresses')!;
    label.textContent = '  permitted   IP ADDRESSES *: ';
    expect(findKeyForm(doc)?.fields.permittedIps?.control.tagName).toBe('TEXTAREA');
    expect(normaliseLabelText('* Valid  From:')).toBe('valid from');
    expect(keyFormLabelRole('Valid Until')).toBe('until');
    expect(keyFormLabelRole('Restrict Capabilities')).toBe('capabilities');
    expect(keyFormLabelRole('API Keys')).toBeNull();
  });

  it('follows for= and aria-labelledby before document order', () => {
    document.body.replaceChildren();
    const form = document.createElement('form');
    const make = (tag: string, attrs: Record<string, string>, text = '') => {
      const el = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.textContent = text;
      return el;
    };
    // Labels first, controls later and in another order: only the explicit associations can be right.
    form.append(
      make('label', { for: 'c-ips' }, 'Permitted IP addresses'),
      make('span', { id: 'l-until' }, 'Until'),
      make('label', { for: 'c-name' }, 'Name'),
      make('input', { id: 'c-name', type: 'text' }),
      make('input', { id: 'c-until', type: 'text', 'aria-labelledby': 'l-until' }),
      make('textarea', { id: 'c-ips' }),
    );
    document.body.append(form);
    const match = findKeyForm(document)!;
    expect(match.fields.permittedIps!.control.id).toBe('c-ips');
    expect(match.fields.until!.control.id).toBe('c-until');
    expect(match.fields.name!.control.id).toBe('c-name');
    expect(match.kind).toBe('unknown');
  });
});
