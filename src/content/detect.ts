/**
 * Recognises the API Keys view by visible text (see selectors.ts). Pure DOM reads with an injectable
 * document, so saved HTML fixtures can be tested without a browser.
 */
import { API_KEYS_VIEW_CONFIRMATIONS, API_KEYS_VIEW_HEADINGS, IGNORED_ANCESTORS, normaliseVisibleText, textMatches } from './selectors';

/** Hidden elements do not count: Workbooks keeps inactive views in the DOM. */
export function isRendered(element: Element): boolean {
  const view = element.ownerDocument.defaultView;
  for (let node: Element | null = element; node; node = node.parentElement) {
    if (node instanceof HTMLElement && node.hidden) return false;
    if (node.getAttribute('aria-hidden') === 'true') return false;
    const style = view?.getComputedStyle(node);
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return false;
  }
  return true;
}

/** Elements whose own text (their text nodes, trimmed) equals one of the candidates. */
export function findElementsByText(root: ParentNode & Node, candidates: readonly string[]): Element[] {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x4 /* NodeFilter.SHOW_TEXT */);
  const found: Element[] = [];
  const seen = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || seen.has(parent)) continue;
    // Cheap length check first: most text nodes are nowhere near the candidates.
    const raw = node.nodeValue ?? '';
    if (raw.length > 80 || raw.trim().length === 0) continue;
    if (!textMatches(parent.textContent ?? '', candidates)) continue;
    if (parent.closest(IGNORED_ANCESTORS)) continue;
    seen.add(parent);
    found.push(parent);
  }
  return found;
}

export interface ApiKeysViewMatch {
  heading: Element;
  /** The element that confirmed it ("New API Key", a key field label). */
  confirmation: Element;
}

/**
 * The API Keys view is showing when a rendered element reads exactly "API Keys" and a rendered element
 * confirms it ("New API Key", or a key field label) — a heading alone could be a menu entry.
 */
export function findApiKeysView(doc: Document): ApiKeysViewMatch | null {
  if (!doc.body) return null;
  const headings = findElementsByText(doc.body, API_KEYS_VIEW_HEADINGS).filter(isRendered);
  if (headings.length === 0) return null;
  const confirmation = findElementsByText(doc.body, API_KEYS_VIEW_CONFIRMATIONS).find(isRendered);
  if (!confirmation) return null;
  // Prefer a real heading element; menus and breadcrumbs also say "API Keys".
  const heading =
    headings.find((el) => /^H[1-6]$/.test(el.tagName) || el.getAttribute('role') === 'heading') ?? headings[headings.length - 1]!;
  return { heading, confirmation };
}

/**
 * Showing or hiding the view means showing or hiding an element that holds its heading: a class or style
 * change anywhere else (hover and selection on grid rows, menus) cannot change whether it shows.
 */
export function mayHoldViewHeading(element: Element): boolean {
  const text = element.textContent ?? '';
  return API_KEYS_VIEW_HEADINGS.some((heading) => normaliseVisibleText(text).includes(normaliseVisibleText(heading)));
}

/** The two elements of an earlier match still say what they said and are still shown. */
function stillShowing(match: ApiKeysViewMatch): boolean {
  const { heading, confirmation } = match;
  return (
    heading.isConnected &&
    confirmation.isConnected &&
    textMatches(heading.textContent ?? '', API_KEYS_VIEW_HEADINGS) &&
    textMatches(confirmation.textContent ?? '', API_KEYS_VIEW_CONFIRMATIONS) &&
    !heading.closest(IGNORED_ANCESTORS) &&
    !confirmation.closest(IGNORED_ANCESTORS) &&
    isRendered(heading) &&
    isRendered(confirmation)
  );
}

/**
 * `findApiKeysView` for a page that keeps changing: while the view is showing, Workbooks mutates its grid and
 * forms constantly, and each change used to walk every text node of the page again. As long as the elements
 * of the last match are still there, still say the same and are still shown, the answer cannot have turned
 * false, so only they are checked (a few ancestors' styles instead of the whole page). Otherwise, and while
 * the view is not showing, the full walk runs as before.
 */
export function createApiKeysViewDetector(doc: Document): () => ApiKeysViewMatch | null {
  let last: ApiKeysViewMatch | null = null;
  return () => {
    if (last && stillShowing(last)) return last;
    last = findApiKeysView(doc);
    return last;
  };
}
