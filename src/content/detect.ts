/**
 * Recognises the API Keys view by visible text (see selectors.ts). Pure DOM reads with an injectable
 * document, so saved HTML fixtures can be tested without a browser.
 */
import { API_KEYS_VIEW_CONFIRMATIONS, API_KEYS_VIEW_HEADINGS, IGNORED_ANCESTORS, textMatches } from './selectors';

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
}

/**
 * The API Keys view is showing when a rendered element reads exactly "API Keys" and a rendered element
 * confirms it ("New API Key", or a key field label) — a heading alone could be a menu entry.
 */
export function findApiKeysView(doc: Document): ApiKeysViewMatch | null {
  if (!doc.body) return null;
  const headings = findElementsByText(doc.body, API_KEYS_VIEW_HEADINGS).filter(isRendered);
  if (headings.length === 0) return null;
  const confirmed = findElementsByText(doc.body, API_KEYS_VIEW_CONFIRMATIONS).some(isRendered);
  if (!confirmed) return null;
  // Prefer a real heading element; menus and breadcrumbs also say "API Keys".
  const heading =
    headings.find((el) => /^H[1-6]$/.test(el.tagName) || el.getAttribute('role') === 'heading') ?? headings[headings.length - 1]!;
  return { heading };
}
