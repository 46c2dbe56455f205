/**
 * Finds Workbooks' own API-key form and its controls by what an admin sees: the field labels. Ids are
 * generated and change on every render, labels are separate elements without `for`, and an older layout
 * puts the form in a table — so a control is tied to its label by `for`/`aria-labelledby` when the page
 * offers that, else by document order: the first control after the label, before the next known label.
 * Pure DOM reads on an injectable document (unit-tested on saved fixtures of both layouts).
 */
import { findElementsByText, isRendered } from '../detect';
import {
  API_KEYS_VIEW_HEADINGS,
  BUTTON_SELECTOR,
  FORM_CONTROL_SELECTOR,
  IGNORED_ANCESTORS,
  KEY_FORM_CANCEL_BUTTONS,
  KEY_FORM_SAVE_BUTTONS,
  KEY_FORM_TITLES,
  MAX_LABEL_TEXT_LENGTH,
  keyFormLabelRole,
  textMatches,
  type KeyFormLabelRole,
  type KeyFormRole,
} from '../selectors';

/** Marks every element the assistant inserts next to native fields; the page watcher skips them. */
export const ANNOTATION_ATTRIBUTE = 'data-wbka-annotation';
const OWN_UI = `wbka-assistant, [${ANNOTATION_ATTRIBUTE}]`;

/** How far (in elements) to look past a label for its control: a form row is a handful of elements. */
const MAX_ELEMENTS_TO_CONTROL = 120;

export const KEY_FORM_ROLES: readonly KeyFormRole[] = ['accessAsUser', 'name', 'description', 'validFrom', 'until', 'permittedIps', 'capabilities'];

export interface FieldMatch {
  role: KeyFormRole;
  label: Element;
  control: HTMLElement;
  /** The largest ancestor of the control holding nothing of another field (the field's row). */
  container: Element;
  /** A hidden input in the field's row: pickers keep the chosen record's id there. */
  hiddenValue: HTMLInputElement | null;
}

export interface KeyFormMatch {
  /** The `<form>`, or the lowest element holding the matched fields. */
  root: Element;
  /** The form's window or section: the highest ancestor that is not the whole view (title and buttons live here). */
  scope: Element;
  fields: Partial<Record<KeyFormRole, FieldMatch>>;
  /** From the form's title ("New API Key" / "Edit API Key"); an "API Key" secret row also means an existing key. */
  kind: 'new' | 'edit' | 'unknown';
  saveButtons: Element[];
  cancelButtons: Element[];
}

interface LabelCandidate {
  role: KeyFormLabelRole;
  label: Element;
}

interface Association {
  role: KeyFormRole;
  label: Element;
  control: HTMLElement;
}

function isOwnOrIgnored(element: Element): boolean {
  return element.closest(`${IGNORED_ANCESTORS}, ${OWN_UI}`) !== null;
}

/** Every rendered element whose text reads as a key-form label, in document order. */
function findLabelCandidates(body: HTMLElement): LabelCandidate[] {
  const doc = body.ownerDocument;
  const walker = doc.createTreeWalker(body, 0x4 /* NodeFilter.SHOW_TEXT */);
  const found: LabelCandidate[] = [];
  const seen = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || seen.has(parent)) continue;
    const raw = node.nodeValue ?? '';
    if (raw.length > MAX_LABEL_TEXT_LENGTH || raw.trim() === '') continue;
    seen.add(parent);
    const role = keyFormLabelRole(parent.textContent ?? '');
    if (role === null || isOwnOrIgnored(parent) || !isRendered(parent)) continue;
    found.push({ role, label: parent });
  }
  return found;
}

function isControl(element: Element): element is HTMLElement {
  return element.matches(FORM_CONTROL_SELECTOR) && !isOwnOrIgnored(element);
}

/** Controls named by `aria-labelledby`, by the id they point at. */
function labelledByIndex(doc: Document): Map<string, HTMLElement> {
  const index = new Map<string, HTMLElement>();
  for (const element of Array.from(doc.querySelectorAll('[aria-labelledby]'))) {
    if (!isControl(element)) continue;
    for (const id of (element.getAttribute('aria-labelledby') ?? '').split(/\s+/)) {
      if (id && !index.has(id)) index.set(id, element);
    }
  }
  return index;
}

function controlAfter(label: Element, labels: ReadonlySet<Element>): HTMLElement | null {
  const doc = label.ownerDocument;
  const walker = doc.createTreeWalker(doc.body, 0x1 /* NodeFilter.SHOW_ELEMENT */);
  walker.currentNode = label;
  let steps = 0;
  for (let node = walker.nextNode(); node && steps < MAX_ELEMENTS_TO_CONTROL; node = walker.nextNode(), steps++) {
    const element = node as Element;
    if (labels.has(element) && !label.contains(element)) return null;
    if (isControl(element) && isRendered(element)) return element;
  }
  return null;
}

function associate(candidate: LabelCandidate, labels: ReadonlySet<Element>, labelledBy: Map<string, HTMLElement>): HTMLElement | null {
  const { label } = candidate;
  const doc = label.ownerDocument;
  const forId = label.getAttribute('for');
  if (forId) {
    const target = doc.getElementById(forId);
    if (target && isControl(target)) return target;
  }
  if (label.id) {
    const target = labelledBy.get(label.id);
    if (target) return target;
  }
  const wrapped = label.querySelector(FORM_CONTROL_SELECTOR);
  if (wrapped instanceof HTMLElement && isControl(wrapped)) return wrapped;
  return controlAfter(label, labels);
}

function lowestCommonAncestor(elements: Element[]): Element | null {
  const [first, ...rest] = elements;
  if (!first) return null;
  for (let node: Element | null = first; node; node = node.parentElement) {
    if (rest.every((other) => node.contains(other))) return node;
  }
  return null;
}

/** The form holding the anchor field: its `<form>` if that holds other fields too, else their common ancestor. */
function formRoot(anchor: Association, others: Association[]): Element {
  const form = anchor.control.closest('form');
  if (form && others.some((other) => form.contains(other.control))) return form;
  const nearestPerRole = new Map<KeyFormRole, Association>();
  for (const other of others) if (!nearestPerRole.has(other.role)) nearestPerRole.set(other.role, other);
  return lowestCommonAncestor([anchor.control, ...[...nearestPerRole.values()].map((other) => other.control)]) ?? anchor.control.parentElement ?? anchor.control;
}

/** The control's row: climb while the parent still holds nothing that belongs to another field. */
function fieldContainer(control: Element, ownLabel: Element, boundaries: Element[], root: Element): Element {
  let container = control;
  for (let parent = container.parentElement; parent && parent !== root; parent = parent.parentElement) {
    if (boundaries.some((b) => b !== control && b !== ownLabel && parent.contains(b))) break;
    container = parent;
  }
  return container;
}

function containsText(element: Element, candidates: readonly string[]): boolean {
  return findElementsByText(element, candidates).length > 0;
}

/** Up from the form to the last ancestor that is not the whole view (which would include the key list). */
function formScope(root: Element): Element {
  let scope = root;
  const body = root.ownerDocument.body;
  for (let parent = scope.parentElement; parent && parent !== body; parent = parent.parentElement) {
    if (containsText(parent, API_KEYS_VIEW_HEADINGS)) break;
    scope = parent;
  }
  return scope;
}

function buttonText(element: Element): string {
  if (element instanceof HTMLInputElement) return element.value;
  return element.textContent ?? '';
}

function formKind(scope: Element, labels: LabelCandidate[]): KeyFormMatch['kind'] {
  if (containsText(scope, KEY_FORM_TITLES.new)) return 'new';
  if (containsText(scope, KEY_FORM_TITLES.edit)) return 'edit';
  // A row showing the (masked) key value exists only for a saved key.
  if (labels.some((candidate) => candidate.role === 'secret' && scope.contains(candidate.label))) return 'edit';
  return 'unknown';
}

/** The open key form, or null when none is showing. */
export function findKeyForm(doc: Document): KeyFormMatch | null {
  if (!doc.body) return null;
  const candidates = findLabelCandidates(doc.body);
  if (!candidates.some((candidate) => candidate.role === 'permittedIps')) return null;
  const labelSet = new Set(candidates.map((candidate) => candidate.label));
  const labelledBy = labelledByIndex(doc);
  const associations: Association[] = [];
  for (const candidate of candidates) {
    if (candidate.role === 'secret') continue; // only a boundary: its value is not a control
    const control = associate(candidate, labelSet, labelledBy);
    if (control) associations.push({ role: candidate.role, label: candidate.label, control });
  }
  const anchors = associations.filter((association) => association.role === 'permittedIps');
  const anchor = anchors.find((association) => isRendered(association.control)) ?? anchors[0];
  if (!anchor) return null;
  const root = formRoot(
    anchor,
    associations.filter((association) => association.role !== 'permittedIps'),
  );

  const inForm = associations.filter((association) => root.contains(association.control));
  const chosen = new Map<KeyFormRole, Association>();
  for (const association of inForm) if (!chosen.has(association.role)) chosen.set(association.role, association);
  chosen.set('permittedIps', anchor);

  const boundaries: Element[] = [];
  for (const association of chosen.values()) boundaries.push(association.control, association.label);
  for (const candidate of candidates) if (candidate.role === 'secret' && root.contains(candidate.label)) boundaries.push(candidate.label);

  const fields: Partial<Record<KeyFormRole, FieldMatch>> = {};
  for (const association of chosen.values()) {
    const container = fieldContainer(association.control, association.label, boundaries, root);
    const hidden = container.querySelector('input[type="hidden"]');
    fields[association.role] = {
      role: association.role,
      label: association.label,
      control: association.control,
      container,
      hiddenValue: hidden instanceof HTMLInputElement ? hidden : null,
    };
  }

  const scope = formScope(root);
  const buttons = Array.from(scope.querySelectorAll(BUTTON_SELECTOR)).filter((button) => !isOwnOrIgnored(button));
  return {
    root,
    scope,
    fields,
    kind: formKind(scope, candidates),
    saveButtons: buttons.filter((button) => textMatches(buttonText(button), KEY_FORM_SAVE_BUTTONS)),
    cancelButtons: buttons.filter((button) => textMatches(buttonText(button), KEY_FORM_CANCEL_BUTTONS)),
  };
}

/** True while every control of the match is still in the document (the page has not re-rendered the form). */
export function isFormStillAttached(match: KeyFormMatch): boolean {
  if (!match.root.isConnected) return false;
  return Object.values(match.fields).every((field) => field.control.isConnected && match.root.contains(field.control));
}
