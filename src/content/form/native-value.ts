/**
 * Reading and writing the page's own controls. Workbooks keeps its own model and learns values only from
 * `input`/`change` events, and frameworks may shadow an element's `value` property; so a write goes through
 * the prototype's native setter and is then announced with the same bubbling events typing would fire.
 */

type ValueElement = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function isValueElement(element: Element): element is ValueElement {
  const view = element.ownerDocument.defaultView;
  if (!view) return 'value' in element;
  return element instanceof view.HTMLInputElement || element instanceof view.HTMLTextAreaElement || element instanceof view.HTMLSelectElement;
}

/** The text a control shows: `value` for inputs, text areas and selects, the text of a contenteditable. */
export function readControlValue(control: Element): string {
  if (isValueElement(control)) return control.value;
  return control.textContent ?? '';
}

function nativeValueSetter(control: ValueElement): ((this: ValueElement, value: string) => void) | null {
  const view = control.ownerDocument.defaultView;
  const prototype = view
    ? control instanceof view.HTMLTextAreaElement
      ? view.HTMLTextAreaElement.prototype
      : control instanceof view.HTMLSelectElement
        ? view.HTMLSelectElement.prototype
        : view.HTMLInputElement.prototype
    : Object.getPrototypeOf(control);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'value');
  return (descriptor?.set as ((this: ValueElement, value: string) => void) | undefined) ?? null;
}

function inputEvent(control: Element): Event {
  const view = control.ownerDocument.defaultView;
  const InputEventCtor = view?.InputEvent;
  if (InputEventCtor) return new InputEventCtor('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' });
  return new (view?.Event ?? Event)('input', { bubbles: true, composed: true });
}

/**
 * Writes `value` into the page's control as if the admin had typed it: native setter, then bubbling `input`
 * and `change`. A picker (role=combobox) also gets `blur` when it does not have focus, so it resolves the
 * text the way it does when the admin leaves the field.
 */
export function writeControlValue(control: HTMLElement, value: string): void {
  const view = control.ownerDocument.defaultView;
  const EventCtor = view?.Event ?? Event;
  if (isValueElement(control)) {
    const setter = nativeValueSetter(control);
    if (setter) setter.call(control, value);
    else control.value = value;
  } else {
    control.textContent = value;
  }
  control.dispatchEvent(inputEvent(control));
  control.dispatchEvent(new EventCtor('change', { bubbles: true }));
  if (control.getAttribute('role') === 'combobox' && control.ownerDocument.activeElement !== control) {
    const FocusEventCtor = view?.FocusEvent ?? FocusEvent;
    control.dispatchEvent(new FocusEventCtor('blur'));
    control.dispatchEvent(new FocusEventCtor('focusout', { bubbles: true }));
  }
}
