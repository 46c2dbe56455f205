/**
 * How the Workbooks Desktop exposes its session's authenticity token is not public, so session mode tries
 * several strategies, cheapest first, and reports which one worked:
 *  1. a `<meta name="csrf-token">` in the page head (the Rails convention);
 *  2. a hidden `authenticity_token` input in any form of the page;
 *  3. `GET login.api` on the page's own session, which answers the session details including the token.
 * A token held only in a page-script variable is out of reach of an isolated content script on purpose:
 * we never inject code into the page's own JavaScript world.
 */
export type TokenStrategy = 'meta' | 'hidden-input' | 'login-api';

export interface FoundToken {
  token: string;
  strategy: TokenStrategy;
}

const USABLE_TOKEN = /^[\w+/=:.-]{8,256}$/;

export function tokenFromDocument(doc: Document): FoundToken | null {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="csrf-token"], meta[name="authenticity_token"]')?.content?.trim();
  if (meta && USABLE_TOKEN.test(meta)) return { token: meta, strategy: 'meta' };
  const hidden = doc.querySelector<HTMLInputElement>('input[type="hidden"][name="authenticity_token"], input[name="_authenticity_token"]')?.value?.trim();
  if (hidden && USABLE_TOKEN.test(hidden)) return { token: hidden, strategy: 'hidden-input' };
  return null;
}
