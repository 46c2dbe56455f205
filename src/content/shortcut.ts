/**
 * Alt+Shift+K. The browser normally delivers it as the extension command (the worker then messages us);
 * when the browser does not (shortcut unassigned or taken by another extension, or synthetic input in tests)
 * the page receives the keystroke and we handle it here. Inputs are not exempt: admins press it while typing.
 */
export function isToggleShortcut(event: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code' | 'key' | 'repeat'>): boolean {
  if (event.repeat || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return false;
  return event.code === 'KeyK' || event.key.toLowerCase() === 'k';
}
