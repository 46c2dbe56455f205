/** Styles for our shadow roots (the panel and the inline annotations), kept in one place. */
export function adoptStyles(shadow: ShadowRoot, doc: Document, css: string): void {
  try {
    // Constructable sheets are not subject to the page's style-src CSP.
    const sheet = new (doc.defaultView ?? window).CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
}
