/**
 * Every way we recognise Workbooks' own page lives here, and only here. Workbooks Desktop's DOM, ids and
 * class names are generated and not public, so we match what an admin sees: headings, button texts and
 * field labels (current and older releases). When Workbooks changes its wording, this is the file to edit.
 */

/** Visible heading of the API Keys configuration view. */
export const API_KEYS_VIEW_HEADINGS = ['API Keys'] as const;

/** Texts that confirm the heading belongs to the key list or form, not to, say, a help article. */
export const API_KEYS_VIEW_CONFIRMATIONS = ['New API Key', 'Permitted IP addresses', 'Access as User'] as const;

/** Field labels of the key form, by role. Matching is case- and whitespace-insensitive. */
export const KEY_FORM_LABELS = {
  accessAsUser: ['Access as User', 'Access As User'],
  name: ['Name'],
  description: ['Description'],
  validFrom: ['Valid From'],
  until: ['Until', 'Valid Until'],
  permittedIps: ['Permitted IP addresses', 'Permitted IP Addresses', 'IP Addresses'],
} as const;

/** Elements never inspected: our own UI, scripts, styles and templates. */
export const IGNORED_ANCESTORS = 'script, style, noscript, template, wbka-assistant';

export function normaliseVisibleText(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();
}

export function textMatches(text: string, candidates: readonly string[]): boolean {
  const normalised = normaliseVisibleText(text);
  return candidates.some((candidate) => normaliseVisibleText(candidate) === normalised);
}

// ------------------------------------------------------------------------------------ the native key form

/**
 * Labels of the key form that the assistant does not annotate but must recognise: they end the search for
 * the previous label's control ("the first control after a label, before the next label"), and "Restrict
 * Capabilities" is kept in native-form drafts.
 */
export const KEY_FORM_OTHER_LABELS = {
  capabilities: ['Restrict Capabilities', 'Capabilities'],
  secret: ['API Key'],
} as const;

export type KeyFormRole = keyof typeof KEY_FORM_LABELS | 'capabilities';
export type KeyFormLabelRole = KeyFormRole | 'secret';

/** Titles of the key form itself (window header, legend): they tell a new key from an existing one. */
export const KEY_FORM_TITLES = {
  new: ['New API Key', 'Create API Key', 'Add API Key'],
  edit: ['Edit API Key', 'API Key details', 'API Key Details'],
} as const;

/** The form's own buttons, by visible text (or `value` for `<input type="button">`). */
export const KEY_FORM_SAVE_BUTTONS = ['Save', 'Save Changes', 'Save & Close', 'Save and Close', 'Create', 'Update'] as const;
export const KEY_FORM_CANCEL_BUTTONS = ['Cancel', 'Discard', 'Close'] as const;

/**
 * What counts as a form control when looking for the control after a label. Hidden inputs and buttons are
 * never what a label names; a combobox is matched by its role whatever element carries it.
 */
export const FORM_CONTROL_SELECTOR = [
  'input:not([type="hidden"]):not([type="button"]):not([type="submit"]):not([type="reset"]):not([type="image"]):not([type="checkbox"]):not([type="radio"])',
  'textarea',
  'select',
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[role="combobox"]',
  '[role="textbox"]',
].join(', ');

/** Buttons a form may use, whatever the framework renders them as. */
export const BUTTON_SELECTOR = 'button, [role="button"], input[type="button"], input[type="submit"]';

/**
 * Data attributes grid rows carry in Workbooks-like apps (not ids, not classes): the record a clicked row
 * belongs to, so an edit form can be tied to its key id for drafts and user checks.
 */
export const RECORD_ID_ATTRIBUTES = ['data-recordid', 'data-record-id'] as const;

/** Long label texts are never labels: skip them before normalising. */
export const MAX_LABEL_TEXT_LENGTH = 60;

/** A label as shown: "Name:", "Until *", "* Name" all read as the bare label. */
export function normaliseLabelText(text: string): string {
  return normaliseVisibleText(text).replace(/^[*\s]+/, '').replace(/[\s:*]+$/, '');
}

let labelIndex: Map<string, KeyFormLabelRole> | null = null;

/** Which key-form label (if any) a visible text is. */
export function keyFormLabelRole(text: string): KeyFormLabelRole | null {
  if (text.length > MAX_LABEL_TEXT_LENGTH) return null;
  if (!labelIndex) {
    labelIndex = new Map();
    const all: Record<KeyFormLabelRole, readonly string[]> = { ...KEY_FORM_LABELS, ...KEY_FORM_OTHER_LABELS };
    for (const [role, candidates] of Object.entries(all) as Array<[KeyFormLabelRole, readonly string[]]>) {
      for (const candidate of candidates) labelIndex.set(normaliseLabelText(candidate), role);
    }
  }
  return labelIndex.get(normaliseLabelText(text)) ?? null;
}

/**
 * How the page's date inputs want dates written, told by their placeholder: `DD/MM/YYYY` (the modern
 * Desktop), `YYYY-MM-DD`, or a month name ("d Mon yyyy", the classic layout). Checked in order.
 */
export const DATE_PLACEHOLDER_FORMATS: ReadonlyArray<{ pattern: RegExp; format: 'day-month-year' | 'iso' | 'month-name' }> = [
  { pattern: /^\s*d{1,2}\s*\/\s*m{1,2}\s*\/\s*y{4}\s*$/i, format: 'day-month-year' },
  { pattern: /^\s*y{4}\s*-\s*m{1,2}\s*-\s*d{1,2}\s*$/i, format: 'iso' },
  { pattern: /\bmon(th)?\b/i, format: 'month-name' },
];
