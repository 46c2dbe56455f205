/**
 * The text of anything thrown: an Error's message (its name when the message is empty, rather than nothing),
 * or the value itself as text (a string, a DOMException…).
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}
