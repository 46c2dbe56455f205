/**
 * Saves text as a file from inside the panel. A content script cannot use the downloads API, but a Blob URL and
 * a temporary `<a download>` work anywhere: the link is placed inside our shadow root (never in the page's DOM,
 * where page scripts could see or restyle it), clicked and removed. The URL is revoked a little later, after
 * the browser has started the download.
 */
const REVOKE_AFTER_MS = 60_000;

export function downloadText(container: HTMLElement, fileName: string, mimeType: string, text: string): void {
  const doc = container.ownerDocument;
  const view = doc.defaultView ?? window;
  const blob = new Blob([text], { type: mimeType });
  const url = view.URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  container.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    view.setTimeout(() => view.URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
