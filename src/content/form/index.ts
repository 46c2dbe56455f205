/**
 * Native-form assistance: while the API Keys view shows, follow Workbooks' own key form as it opens, closes
 * and re-renders (new generated ids each time), and run one form session for the form that is open. One
 * MutationObserver and a few passive listeners, all released when `signal` aborts; annotations go with them.
 */
import { isRendered } from '../detect';
import { FORM_CONTROL_SELECTOR, RECORD_ID_ATTRIBUTES } from '../selectors';
import type { AssistantServices } from '../services';
import { removeAllAnnotations } from './annotations';
import { ANNOTATION_ATTRIBUTE, findKeyForm, isFormStillAttached, type KeyFormMatch } from './fields';
import { readControlValue } from './native-value';
import { startFormSession, type FormSession } from './session';

export interface FormAssistantOptions {
  document: Document;
  services: AssistantServices;
  signal: AbortSignal;
}

/** Page changes are batched: detection runs at most this often while the page keeps changing. */
const SYNC_DELAY_MS = 40;

const RECORD_SELECTOR = RECORD_ID_ATTRIBUTES.map((attribute) => `[${attribute}]`).join(', ');

interface ClickedRecord {
  id: number;
  row: Element;
}

function recordIdOf(element: Element): number | null {
  for (const attribute of RECORD_ID_ATTRIBUTES) {
    const value = element.getAttribute(attribute);
    if (value && /^\d+$/.test(value.trim())) return Number(value.trim());
  }
  return null;
}

const sameName = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Which key an edit form shows: the grid row the admin opened, if the form's Name is in that row; else the
 * one row whose cell reads exactly that Name. Null when it cannot be told (drafts are then not kept).
 */
function keyIdForForm(match: KeyFormMatch, clicked: ClickedRecord | null): number | null {
  if (match.kind === 'new') return null;
  const nameField = match.fields.name;
  const name = nameField ? readControlValue(nameField.control) : '';
  if (name.trim() === '') return clicked?.id ?? null;
  const doc = match.root.ownerDocument;
  const cellsOf = (row: Element) => Array.from(row.children).map((cell) => cell.textContent ?? '');
  if (clicked && clicked.row.isConnected && cellsOf(clicked.row).some((text) => sameName(text, name))) return clicked.id;
  const rows = Array.from(doc.querySelectorAll(RECORD_SELECTOR)).filter((row) => !match.scope.contains(row) && cellsOf(row).some((text) => sameName(text, name)));
  if (rows.length === 1) return recordIdOf(rows[0]!);
  if (clicked && !clicked.row.isConnected) return clicked.id;
  return null;
}

function isControlOf(match: KeyFormMatch, target: EventTarget): boolean {
  return Object.values(match.fields).some((field) => field?.control === target);
}

function isOwnNode(node: Node): boolean {
  return node instanceof Element && (node.hasAttribute(ANNOTATION_ATTRIBUTE) || node.closest(`wbka-assistant, [${ANNOTATION_ATTRIBUTE}]`) !== null);
}

/**
 * A class, style or visibility change can show or hide a key form only on an element that holds form controls
 * (the form's window or row); hover and selection classes on grid rows and menus cannot.
 */
function isIrrelevantAttributeChange(record: MutationRecord): boolean {
  if (record.type !== 'attributes' || !(record.target instanceof Element)) return false;
  const target = record.target;
  return !target.matches(FORM_CONTROL_SELECTOR) && target.querySelector(FORM_CONTROL_SELECTOR) === null;
}

/** Mutations of our own UI never change what the page's form is. */
function isOwnMutation(record: MutationRecord): boolean {
  if (isOwnNode(record.target)) return true;
  if (record.type !== 'childList') return false;
  const nodes = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
  return nodes.length > 0 && nodes.every(isOwnNode);
}

export function startFormAssistant({ document: doc, services, signal }: FormAssistantOptions): void {
  if (signal.aborted || !doc.body) return;
  // One set of annotations: anything left by an earlier copy of the script goes first.
  removeAllAnnotations(doc);

  let clicked: ClickedRecord | null = null;
  doc.addEventListener(
    'click',
    (event) => {
      const target = event.target instanceof Element ? event.target.closest(RECORD_SELECTOR) : null;
      const id = target ? recordIdOf(target) : null;
      if (target && id !== null) clicked = { id, row: target };
    },
    // Capture only to see the click before the page reacts to it; nothing is stopped or prevented.
    { capture: true, passive: true, signal },
  );

  let session: FormSession | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Typing can start before the next sync attaches a session (a busy page, a fast typist): remember the
  // controls edited meanwhile, so that session knows the values on screen are not what the form opened with.
  let editedUnwatched = new WeakSet<EventTarget>();
  const noteEdit = (event: Event) => {
    const target = event.target;
    if (!target || (session && isControlOf(session.match, target))) return;
    editedUnwatched.add(target);
  };
  // Capture and passive: the page's own handlers see every event as before.
  doc.addEventListener('input', noteEdit, { capture: true, passive: true, signal });
  doc.addEventListener('change', noteEdit, { capture: true, passive: true, signal });

  const stillShowing = (current: FormSession) => {
    if (!isFormStillAttached(current.match)) return false;
    const anchor = current.match.fields.permittedIps;
    return anchor ? isRendered(anchor.control) : false;
  };

  const sync = () => {
    timer = undefined;
    if (signal.aborted) return;
    if (session && stillShowing(session)) return;
    const match = findKeyForm(doc);
    const previous = session;
    session = null;
    if (!match) {
      previous?.end('closed');
      return;
    }
    const keyId = keyIdForForm(match, clicked);
    let carry;
    if (previous) {
      // The same form re-rendered (new elements, same key): continue it rather than start over.
      const same = previous.kind === match.kind && previous.keyId === keyId;
      if (same) carry = previous.carry();
      previous.end(same ? 'replaced' : 'closed');
    }
    const editedBeforeAttach = Object.values(match.fields).some((field) => field !== undefined && editedUnwatched.has(field.control));
    editedUnwatched = new WeakSet();
    session = startFormSession({ match, services, keyId, signal, editedBeforeAttach, ...(carry ? { carry } : {}) });
  };

  const schedule = () => {
    if (timer === undefined && !signal.aborted) timer = setTimeout(sync, SYNC_DELAY_MS);
  };
  const observer = new MutationObserver((records) => {
    if (records.every((record) => isOwnMutation(record) || isIrrelevantAttributeChange(record))) return;
    schedule();
  });
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'style', 'class', 'aria-hidden'] });

  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      // The session removes exactly its own annotations (a newer copy of the script may own others by now).
      session?.end('aborted');
      session = null;
    },
    { once: true },
  );
  sync();
}
