/**
 * Who may ask the worker for what (pure, so it is unit-tested without a browser): only our own content
 * scripts, running in a tab whose page is on one of the manifest's host patterns.
 */
import type { Runtime } from 'webextension-polyfill';

/** Origins this build may serve: exactly the manifest's host permissions (the test build adds loopback). */
export function originAllowed(origin: string, hostPatterns: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return hostPatterns.some((pattern) => {
    const match = /^(https?):\/\/([^/]+)\/\*$/.exec(pattern);
    if (!match) return false;
    const [, scheme, host] = match;
    if (`${scheme}:` !== url.protocol) return false;
    if (host!.startsWith('*.')) return url.hostname.endsWith(host!.slice(1)) && url.hostname.length > host!.length - 1;
    return url.hostname === host;
  });
}

/** The Workbooks origin a message may act on: its sender's page, if that page is one of ours. */
export function senderOrigin(sender: Runtime.MessageSender, ownId: string, hostPatterns: readonly string[]): string | null {
  if (sender.id !== ownId || !sender.tab || typeof sender.url !== 'string') return null;
  const origin = new URL(sender.url).origin;
  return originAllowed(origin, hostPatterns) ? origin : null;
}
