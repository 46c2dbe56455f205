/**
 * The audit's print view: a new window holding a plain, printable HTML document built with DOM APIs (no HTML
 * strings, so key names carrying markup stay text). A print stylesheet in our shadow root could not hide the
 * Workbooks page around the panel, so printing the page itself is not an option from a content script; a new
 * about:blank window is same-origin with the page, so the content script can fill it.
 */
export interface PrintContent {
  title: string;
  /** Lines under the title: where, who, when, complete or not. */
  metaLines: string[];
  /** What the audit did not see (printed prominently). */
  missing: string[];
  /** Which rows are printed (all, or those a filter showed). */
  viewNote: string;
  summaryLines: string[];
  columns: string[];
  rows: string[][];
  printButton: string;
}

const PRINT_CSS = `
  body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b2631; margin: 16px; }
  h1 { font-size: 16pt; margin: 0 0 6px; color: #0b4f57; }
  p { margin: 2px 0; }
  .missing { border: 2px solid #a4161a; color: #a4161a; padding: 6px 10px; margin: 10px 0; }
  .missing li { margin: 2px 0; }
  .note { color: #4a5966; margin: 8px 0; }
  table { border-collapse: collapse; width: 100%; margin-top: 10px; font-size: 9pt; }
  th, td { border: 1px solid #c5ced6; padding: 3px 5px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  thead th { background: #eef3f5; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .toolbar { margin: 8px 0 12px; }
  .toolbar button { font: inherit; padding: 4px 12px; }
  @media print { .toolbar { display: none; } body { margin: 0; } }
`;

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** Fills `doc` with the printable audit (exported for tests: any Document will do). */
export function buildPrintDocument(doc: Document, content: PrintContent): void {
  doc.documentElement.lang = 'en-GB';
  doc.title = content.title;
  const style = element(doc, 'style', PRINT_CSS);
  doc.head.append(style);
  const body = doc.body;
  body.replaceChildren();
  body.append(element(doc, 'h1', content.title));
  for (const line of content.metaLines) body.append(element(doc, 'p', line));
  if (content.missing.length > 0) {
    const box = element(doc, 'div', undefined, 'missing');
    box.setAttribute('role', 'alert');
    const list = element(doc, 'ul');
    for (const line of content.missing) list.append(element(doc, 'li', line));
    box.append(list);
    body.append(box);
  }
  body.append(element(doc, 'p', content.viewNote, 'note'));
  for (const line of content.summaryLines) body.append(element(doc, 'p', line));

  const toolbar = element(doc, 'div', undefined, 'toolbar');
  const print = element(doc, 'button', content.printButton);
  print.type = 'button';
  print.addEventListener('click', () => doc.defaultView?.print());
  toolbar.append(print);
  body.append(toolbar);

  const table = element(doc, 'table');
  const head = element(doc, 'thead');
  const headRow = element(doc, 'tr');
  for (const column of content.columns) {
    const th = element(doc, 'th', column);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  const tbody = element(doc, 'tbody');
  for (const row of content.rows) {
    const tr = element(doc, 'tr');
    for (const cell of row) tr.append(element(doc, 'td', cell));
    tbody.append(tr);
  }
  table.append(head, tbody);
  body.append(table);
}

/** Opens and fills the print window; false when the browser refused the window (a pop-up blocker). */
export function openPrintView(opener: Window, content: PrintContent): boolean {
  let printWindow: Window | null = null;
  try {
    printWindow = opener.open('', '_blank');
    if (!printWindow) return false;
    buildPrintDocument(printWindow.document, content);
    // The print window needs nothing from the page: cut the link back to it.
    printWindow.opener = null;
    printWindow.focus();
    return true;
  } catch {
    printWindow?.close();
    return false;
  }
}
