/**
 * Small shadow-root hosts placed next to Workbooks' own fields. Each is marked `data-wbka-annotation` (the
 * page watcher and the form detector skip it), styled in its own shadow root (page CSS never reaches it),
 * holds no form control of the page's form, and goes away through `remove()` — the one cleanup path.
 */
import { render, type ComponentChild } from 'preact';
import { ANNOTATION_ATTRIBUTE } from './fields';
import { adoptStyles } from '../shadow-styles';

export const ANNOTATION_TAG = 'wbka-annotation';

export interface AnnotationHost {
  readonly element: HTMLElement;
  render(content: ComponentChild): void;
  remove(): void;
}


/** Keys pressed on our buttons are ours: the page must not read Enter on a Fix button as "save the form". */
const OWN_KEY_EVENTS = ['keydown', 'keypress', 'keyup'] as const;

export function createAnnotationHost(doc: Document, name: string, css: string): AnnotationHost {
  const element = doc.createElement(ANNOTATION_TAG);
  element.setAttribute(ANNOTATION_ATTRIBUTE, name);
  // `all: initial` keeps page CSS off the host box; block so it takes its own line under the field.
  element.setAttribute('style', 'all: initial; display: block; max-width: 100%;');
  const shadow = element.attachShadow({ mode: 'open' });
  adoptStyles(shadow, doc, css);
  const container = doc.createElement('div');
  shadow.append(container);
  for (const type of OWN_KEY_EVENTS) element.addEventListener(type, (event) => event.stopPropagation());
  return {
    element,
    render(content) {
      render(content, container);
    },
    remove() {
      render(null, container);
      element.remove();
    },
  };
}

const TABLE_PARTS = new Set(['TR', 'TBODY', 'THEAD', 'TFOOT', 'TABLE']);

/** Table rows cannot take a block sibling: annotations of a table layout go inside the control's cell. */
function cellOf(control: Element): Element | null {
  return control.closest('td, th, [role="gridcell"], [role="cell"]');
}

/** Right after the field's row — or, in a table layout, at the end of the control's cell. */
export function placeUnderField(host: AnnotationHost, container: Element, control: Element): void {
  const cell = TABLE_PARTS.has(container.tagName) ? cellOf(control) : null;
  if (cell) cell.append(host.element);
  else container.after(host.element);
  alignWithControl(host.element, control);
}

/** Before the first field's row (or before the table that holds the rows). */
export function placeBeforeFields(host: AnnotationHost, firstContainer: Element): void {
  const anchor = TABLE_PARTS.has(firstContainer.tagName) ? (firstContainer.closest('table') ?? firstContainer) : firstContainer;
  anchor.before(host.element);
}

/** Indents the note to start where the control starts (labels sit beside controls in Workbooks' forms). */
export function alignWithControl(hostElement: HTMLElement, control: Element): void {
  const hostLeft = hostElement.getBoundingClientRect().left - (parseFloat(hostElement.style.marginLeft) || 0);
  const offset = Math.round(control.getBoundingClientRect().left - hostLeft);
  hostElement.style.marginLeft = offset > 0 && offset < 400 ? `${offset}px` : '0px';
}

/** Removes every annotation in the document: left by an earlier copy of the script, or by a form now gone. */
export function removeAllAnnotations(doc: Document): void {
  for (const element of Array.from(doc.querySelectorAll(`[${ANNOTATION_ATTRIBUTE}]`))) element.remove();
}
