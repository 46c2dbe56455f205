/**
 * What each character of a pasted list means: part of an entry, a space, a separator, or an invisible
 * character. Non-ASCII characters that stand for an ASCII one (fullwidth digits, en dashes, ideographic full
 * stops, digits of other scripts) are mapped so that the rest of the entry can still be checked, but the
 * `non-ascii` finding keeps the list from being saved until they are replaced.
 */
import { IP_MESSAGES, quote, type SeparatorName } from './messages';

export const CharRole = {
  Content: 0,
  Space: 1,
  /** Line breaks and tabs: whitespace next to a comma, a separator on their own. */
  SoftSeparator: 2,
  /** A comma, or a character used like one (`;`, fullwidth and ideographic commas). */
  HardSeparator: 3,
  /** Zero-width and formatting characters: dropped, but reported. */
  Invisible: 4,
} as const;
export type CharRole = (typeof CharRole)[keyof typeof CharRole];

/** Characters that may form an entry once mapped to ASCII (anything else is reported by the parser). */
const ENTRY_ASCII = /^[0-9A-Za-z.:/\-*%[\]]$/;

/**
 * Zero-width and bidirectional formatting characters: invisible in every editor. The names here and in
 * SPACE_NAMES and PUNCTUATION_EQUIVALENTS are the standard Unicode character names (lower-cased), shown next
 * to the code point as data, so they stay out of the message catalogue.
 */
const INVISIBLE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00ad, 'soft hyphen'],
  [0x061c, 'Arabic letter mark'],
  [0x180e, 'Mongolian vowel separator'],
  [0x200b, 'zero-width space'],
  [0x200c, 'zero-width non-joiner'],
  [0x200d, 'zero-width joiner'],
  [0x200e, 'left-to-right mark'],
  [0x200f, 'right-to-left mark'],
  [0x202a, 'left-to-right embedding'],
  [0x202b, 'right-to-left embedding'],
  [0x202c, 'pop directional formatting'],
  [0x202d, 'left-to-right override'],
  [0x202e, 'right-to-left override'],
  [0x2060, 'word joiner'],
  [0x2066, 'left-to-right isolate'],
  [0x2067, 'right-to-left isolate'],
  [0x2068, 'first strong isolate'],
  [0x2069, 'pop directional isolate'],
  [0xfeff, 'zero-width no-break space'],
]);

const SPACE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00a0, 'no-break space'],
  [0x1680, 'Ogham space mark'],
  [0x2000, 'en quad'],
  [0x2001, 'em quad'],
  [0x2002, 'en space'],
  [0x2003, 'em space'],
  [0x2004, 'three-per-em space'],
  [0x2005, 'four-per-em space'],
  [0x2006, 'six-per-em space'],
  [0x2007, 'figure space'],
  [0x2008, 'punctuation space'],
  [0x2009, 'thin space'],
  [0x200a, 'hair space'],
  [0x202f, 'narrow no-break space'],
  [0x205f, 'medium mathematical space'],
  [0x3000, 'ideographic space'],
]);

/** How each separator is named in `separator` messages ("Separate entries with a comma, not a semicolon."). */
const SEPARATOR_NAMES: ReadonlyMap<number, SeparatorName> = new Map([
  [0x09, 'tab'],
  [0x0a, 'lineBreak'],
  [0x0b, 'lineBreak'],
  [0x0c, 'pageBreak'],
  [0x0d, 'lineBreak'],
  [0x20, 'space'],
  [0x2c, 'comma'],
  [0x3b, 'semicolon'],
  [0x85, 'lineBreak'],
  [0x037e, 'greekQuestionMark'],
  [0x060c, 'arabicComma'],
  [0x061b, 'arabicSemicolon'],
  [0x2028, 'lineBreak'],
  [0x2029, 'paragraphBreak'],
  [0x3001, 'ideographicComma'],
  [0xfe50, 'smallComma'],
  [0xfe51, 'smallIdeographicComma'],
  [0xfe54, 'smallSemicolon'],
  [0xff0c, 'fullwidthComma'],
  [0xff1b, 'fullwidthSemicolon'],
  [0xff64, 'halfwidthIdeographicComma'],
]);

const SOFT_SEPARATORS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
const HARD_SEPARATORS = new Set([0x2c, 0x3b, 0x037e, 0x060c, 0x061b, 0x3001, 0xfe50, 0xfe51, 0xfe54, 0xff0c, 0xff1b, 0xff64]);

/** Punctuation people paste from word processors and chat apps, with the ASCII character they stand for. */
const PUNCTUATION_EQUIVALENTS: ReadonlyMap<number, [string, string]> = new Map([
  [0x2010, ['-', 'hyphen']],
  [0x2011, ['-', 'non-breaking hyphen']],
  [0x2012, ['-', 'figure dash']],
  [0x2013, ['-', 'en dash']],
  [0x2014, ['-', 'em dash']],
  [0x2015, ['-', 'horizontal bar']],
  [0x2212, ['-', 'minus sign']],
  [0xfe63, ['-', 'small hyphen-minus']],
  [0x3002, ['.', 'ideographic full stop']],
  [0xff61, ['.', 'halfwidth ideographic full stop']],
  [0x2024, ['.', 'one dot leader']],
  [0x00b7, ['.', 'middle dot']],
  [0x2236, [':', 'ratio sign']],
  [0x2215, ['/', 'division slash']],
  [0x2044, ['/', 'fraction slash']],
  [0x2217, ['*', 'asterisk operator']],
]);

export interface CharInfo {
  role: CharRole;
  /** For content: the code point the parser sees (the ASCII equivalent when there is one). */
  mapped: number;
  /** Set when the character is not ASCII and must be reported as `non-ascii`. */
  nonAscii?: { description: string; replacement: string; kind: 'equivalent' | 'space' | 'invisible' };
}

/** The descriptions are translated once per code point: the translator is installed once, before any input is read. */
const nonAsciiCache = new Map<number, CharInfo>();

export function hex(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** How a character reads in a list. ASCII takes the fast path; other results are cached. */
export function classifyChar(codePoint: number): CharInfo {
  if (codePoint < 0x80) return classifyAscii(codePoint);
  let info = nonAsciiCache.get(codePoint);
  if (!info) {
    info = classifyNonAscii(codePoint);
    nonAsciiCache.set(codePoint, info);
  }
  return info;
}

const ASCII_INFO: CharInfo[] = Array.from({ length: 0x80 }, (_, code) => {
  if (code === 0x20) return { role: CharRole.Space, mapped: code };
  if (HARD_SEPARATORS.has(code)) return { role: CharRole.HardSeparator, mapped: code };
  if (SOFT_SEPARATORS.has(code)) return { role: CharRole.SoftSeparator, mapped: code };
  return { role: CharRole.Content, mapped: code };
});

function classifyAscii(codePoint: number): CharInfo {
  return ASCII_INFO[codePoint]!;
}

function classifyNonAscii(codePoint: number): CharInfo {
  const char = String.fromCodePoint(codePoint);
  const invisible = INVISIBLE_NAMES.get(codePoint);
  if (invisible !== undefined) {
    return { role: CharRole.Invisible, mapped: codePoint, nonAscii: { description: `${hex(codePoint)}, ${invisible}`, replacement: '', kind: 'invisible' } };
  }
  const space = SPACE_NAMES.get(codePoint);
  if (space !== undefined) {
    return { role: CharRole.Space, mapped: 0x20, nonAscii: { description: `${hex(codePoint)}, ${space}`, replacement: ' ', kind: 'space' } };
  }
  if (SOFT_SEPARATORS.has(codePoint)) return { role: CharRole.SoftSeparator, mapped: codePoint };
  if (HARD_SEPARATORS.has(codePoint)) return { role: CharRole.HardSeparator, mapped: codePoint };
  const equivalent = asciiEquivalent(codePoint, char);
  if (equivalent) {
    return {
      role: CharRole.Content,
      mapped: equivalent.ascii.charCodeAt(0),
      nonAscii: { description: `${quote(char)} (${hex(codePoint)}, ${equivalent.name})`, replacement: equivalent.ascii, kind: 'equivalent' },
    };
  }
  return { role: CharRole.Content, mapped: codePoint };
}

function asciiEquivalent(codePoint: number, char: string): { ascii: string; name: string } | null {
  const punctuation = PUNCTUATION_EQUIVALENTS.get(codePoint);
  if (punctuation) return { ascii: punctuation[0], name: punctuation[1] };
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) {
    const ascii = String.fromCharCode(codePoint - 0xfee0);
    if (ENTRY_ASCII.test(ascii)) return { ascii, name: IP_MESSAGES.lookalikeKind('fullwidth') };
    return null;
  }
  const digit = decimalDigitValue(codePoint, char);
  if (digit !== null) return { ascii: String(digit), name: IP_MESSAGES.lookalikeKind('otherScriptDigit') };
  const compatible = char.normalize('NFKC');
  if (compatible.length === 1 && ENTRY_ASCII.test(compatible)) return { ascii: compatible, name: IP_MESSAGES.lookalikeKind('compatibility') };
  return null;
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** Unicode decimal digits come in runs of ten starting at zero, so the value is the offset within the run. */
function decimalDigitValue(codePoint: number, char: string): number | null {
  if (!DECIMAL_DIGIT.test(char)) return null;
  let first = codePoint;
  for (let steps = 0; steps < 100 && DECIMAL_DIGIT.test(String.fromCodePoint(first - 1)); steps++) first--;
  return (codePoint - first) % 10;
}

export function separatorName(codePoint: number): string {
  const name = SEPARATOR_NAMES.get(codePoint);
  return name === undefined ? hex(codePoint) : IP_MESSAGES.separatorName(name);
}

/**
 * Characters that look like digits, with the digit meant. Only used to suggest a fix for a character that is
 * not allowed anyway: `l92.168.1.1`. None of them is a hex digit, so IPv6 hex is never second-guessed.
 */
export const LOOKALIKE_DIGITS: ReadonlyMap<string, string> = new Map([
  ['l', '1'],
  ['I', '1'],
  ['i', '1'],
  ['|', '1'],
  ['O', '0'],
  ['o', '0'],
  ['\u041e', '0'], // Cyrillic capital O
  ['\u043e', '0'], // Cyrillic small o
  ['\u039f', '0'], // Greek capital omicron
  ['\u03bf', '0'], // Greek small omicron
  ['\u0406', '1'], // Cyrillic capital byelorussian-ukrainian I
  ['\u0456', '1'], // Cyrillic small byelorussian-ukrainian i
  ['\u04c0', '1'], // Cyrillic palochka
  ['\u04cf', '1'], // Cyrillic small palochka
  ['\u0399', '1'], // Greek capital iota
]);

/** How to show a character that is not allowed: printable ones in quotes, others by code point. */
export function describeChar(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0x80 && codePoint < 0xa0)) return IP_MESSAGES.controlCharacter(hex(codePoint));
  if (codePoint < 0x80) return quote(char);
  return `${quote(char)} (${hex(codePoint)})`;
}
