/**
 * The offending text of a finding, shown so nothing is invisible: separators and spaces are the point of
 * many findings ("; ", a trailing zero-width space, a no-break space), so they are spelled out.
 */
const NAMED: Record<string, string> = {
  '\n': '↵',
  '\r': '␍',
  '\t': '⇥',
};

const MAX_QUOTE_LENGTH = 80;

export function visibleQuote(text: string): string {
  let out = '';
  for (const char of text) {
    const named = NAMED[char];
    if (named !== undefined) out += named;
    else if (/[\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/u.test(char)) {
      out += `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
    } else out += char;
  }
  return out.length > MAX_QUOTE_LENGTH ? `${out.slice(0, MAX_QUOTE_LENGTH - 1)}…` : out;
}
