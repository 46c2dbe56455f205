/**
 * The pseudo-locale of the i18n tests: every catalogue message wrapped in ⟦…⟧ (the test build carries it as
 * `fr`; unit tests install it directly). A text passes when every word sits inside a wrapped message — user
 * text is substituted inside messages, so it is inside the brackets too.
 */
export function onlyMessages(text: string): boolean {
  let outside = '';
  let depth = 0;
  for (const char of text) {
    if (char === '⟦') depth++;
    else if (char === '⟧') depth = Math.max(0, depth - 1);
    else if (depth === 0) outside += char;
  }
  return text.includes('⟦') && !/\p{L}{2,}/u.test(outside);
}
