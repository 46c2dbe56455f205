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
