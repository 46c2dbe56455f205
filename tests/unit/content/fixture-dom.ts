/**
 * Loads a saved page of the simulated Workbooks Desktop into the test's (happy-dom) document. Stylesheet links
 * are dropped (nothing is fetched); everything else is the page as saved, generated ids included.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = {
  modernEdit: 'api-keys-modern.html',
  modernNew: 'api-keys-modern-new.html',
  classicEdit: 'api-keys-classic.html',
  classicNew: 'api-keys-classic-new.html',
  users: 'users-modern.html',
} as const;

export function fixtureHtml(file: string): string {
  // node:path, not `new URL`: under happy-dom the global URL is the DOM's.
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'workbooks-sim', 'fixtures', file);
  return readFileSync(path, 'utf8').replace(/<link[^>]*rel="stylesheet"[^>]*>/g, '');
}

/** Replaces the whole document with the fixture's. */
export function loadFixture(file: string): Document {
  const parsed = new DOMParser().parseFromString(fixtureHtml(file), 'text/html');
  document.head.replaceWith(document.importNode(parsed.head, true));
  document.body.replaceWith(document.importNode(parsed.body, true));
  return document;
}

/** Types into a control the way a browser does: the value changes, then a bubbling input event. */
export function typeInto(control: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
}
