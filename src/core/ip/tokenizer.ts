/**
 * Splits the original text into entries, keeping every offset. Separators other than the comma, unusual
 * characters and spaces inside entries become findings here; the parser then sees each entry as a compact
 * string (`clean`) with a map from each of its UTF-16 units back to the original text.
 */
import { type CharInfo, CharRole, classifyChar, separatorName } from './characters';
import { IP_MESSAGES } from './messages';
import { finding } from './findings';
import type { IpFinding } from './types';

export interface RawEntry {
  /** Span in the original text. */
  start: number;
  end: number;
  /** The entry as the parser sees it: no spaces, no invisible characters, ASCII equivalents mapped. */
  clean: string;
  /**
   * Original start / end (exclusive) offset of each UTF-16 unit of `clean`; `null` when `clean` is exactly
   * `text.slice(start, end)` (the common case, kept allocation-free for long lists).
   */
  originStart: number[] | null;
  originEnd: number[] | null;
}

/** Maps a half-open span of `entry.clean` to the original text. */
export function originalSpan(entry: RawEntry, start: number, end: number): { start: number; end: number } {
  if (!entry.originStart || !entry.originEnd) return { start: entry.start + start, end: entry.start + end };
  const from = entry.originStart[start] ?? entry.end;
  const to = end > start ? (entry.originEnd[end - 1] ?? entry.end) : from;
  return { start: from, end: to };
}

export interface TokenizedList {
  entries: RawEntry[];
  findings: IpFinding[];
  /**
   * Errors that the safe normalisations resolve on their own (separators, spaces inside an entry, unusual and
   * invisible whitespace): they must still be shown, but they do not keep `normalized` from being offered.
   */
  normalisable: Set<IpFinding>;
}

const COMMA = 0x2c;
/** A space next to one of these joins two pieces of one entry (`1.2.3.0 / 24`) rather than separating entries. */
const JOINERS = new Set([0x2f, 0x2d, 0x2e, 0x3a]);
const COLON = 0x3a;

/**
 * Whether a space between `before` (preceded by `beforeThat`) and `after` (followed by `afterThat`) sits inside
 * one entry. A `::` next to the space does not count: `2001:db8:: 8.8.8.8` is two complete addresses, and
 * joining them would silently make a different one.
 */
function spaceJoins(beforeThat: number, before: number, after: number, afterThat: number): boolean {
  const leftJoins = JOINERS.has(before) && !(before === COLON && beforeThat === COLON);
  const rightJoins = JOINERS.has(after) && !(after === COLON && afterThat === COLON);
  return leftJoins || rightJoins;
}


// Role constants copied locally: the loop below runs once per character of 10,000-entry lists.
const CONTENT: number = CharRole.Content;
const SOFT: number = CharRole.SoftSeparator;
const HARD: number = CharRole.HardSeparator;
const INVISIBLE: number = CharRole.Invisible;
const ASCII_ROLES = Uint8Array.from({ length: 0x80 }, (_, code) => classifyChar(code).role);

/**
 * One pass over the text. Gaps (runs of spaces and separators) are resolved when the next entry starts, because
 * whether a space joins (`1.2.3.0 / 24`) or separates depends on the characters on both sides.
 */
export function tokenizeList(text: string): TokenizedList {
  const findings: IpFinding[] = [];
  const normalisable = new Set<IpFinding>();
  const edgeFindings: IpFinding[] = [];
  const entries: RawEntry[] = [];
  /** The entry being read: `clean` and the offset map stay empty while it is a plain slice of the text. */
  let current: RawEntry | null = null;
  /** `stray-whitespace` findings of the current entry: their message needs the finished entry. */
  let strays: IpFinding[] = [];
  let lastContent = -1;
  let contentBeforeLast = -1;
  let inGap = false;
  let gapStart = 0;
  let gapEnd = 0;
  let soft = 0;
  let firstWrong = -1;
  let firstSoft = -1;
  // Offsets of the commas (and comma-like separators) in the current gap. Reused, never truncated: truncating
  // would free the backing store and allocate a new one for every gap.
  const hardOffsets: number[] = [];
  let hardCount = 0;

  const close = (entry: RawEntry): void => {
    if (entry.originStart === null) entry.clean = text.slice(entry.start, entry.end);
    if (strays.length > 0) {
      for (const stray of strays) stray.message = IP_MESSAGES.strayWhitespace(entry.clean);
      strays = [];
    }
    entries.push(entry);
  };
  const edges = (): void => {
    for (let i = 0; i < hardCount; i++) {
      const offset = hardOffsets[i]!;
      const code = text.charCodeAt(offset);
      if (code !== COMMA) {
        // A leading or trailing ";" (or fullwidth comma…) is still the wrong separator, not just an empty entry:
        // the service may store it as typed. Removing it is the fix.
        const wrong = finding('separator', offset, offset + 1, IP_MESSAGES.separator(separatorName(code)), [{ label: IP_MESSAGES.removeLabel(), replacement: '' }]);
        edgeFindings.push(wrong);
        normalisable.add(wrong);
        continue;
      }
      edgeFindings.push(finding('empty-entry', offset, offset + 1, IP_MESSAGES.emptyEntry(), [{ label: IP_MESSAGES.removeLabel(), replacement: '' }]));
    }
  };
  /** Decides what the gap before a content character meant. Returns true when the entry continues. */
  const resolveGap = (next: number, afterNext: number): boolean => {
    const hard = hardCount;
    if (hard === 0 && soft === 0) {
      if (spaceJoins(contentBeforeLast, lastContent, next, afterNext)) {
        const stray = finding('stray-whitespace', gapStart, gapEnd, '', [{ label: IP_MESSAGES.strayWhitespaceFixLabel(), replacement: '' }]);
        findings.push(stray);
        normalisable.add(stray);
        strays.push(stray);
        return true;
      }
      const separator = finding('separator', gapStart, gapEnd, IP_MESSAGES.separatorSpace(), [{ label: IP_MESSAGES.separatorFixLabel(), replacement: ', ' }]);
      findings.push(separator);
      normalisable.add(separator);
    } else if (hard === 0 || firstWrong >= 0) {
      const culprit = firstWrong >= 0 ? firstWrong : firstSoft;
      const separator = finding('separator', gapStart, gapEnd, IP_MESSAGES.separator(separatorName(culprit)), [{ label: IP_MESSAGES.separatorFixLabel(), replacement: ', ' }]);
      findings.push(separator);
      normalisable.add(separator);
    } else {
      for (let i = 1; i < hard; i++) {
        const offset = hardOffsets[i]!;
        findings.push(finding('empty-entry', offset, offset + 1, IP_MESSAGES.emptyEntry(), [{ label: IP_MESSAGES.removeLabel(), replacement: '' }]));
      }
    }
    return false;
  };

  for (let offset = 0; offset < text.length; ) {
    let code = text.charCodeAt(offset);
    let role: number;
    let width = 1;
    let unusual = false;
    if (code < 0x80) {
      role = ASCII_ROLES[code]!;
    } else {
      code = text.codePointAt(offset)!;
      if (code > 0xffff) width = 2;
      const info = classifyChar(code);
      role = info.role;
      unusual = true;
      if (info.nonAscii) {
        const found = nonAsciiFinding(offset, width, info.nonAscii);
        findings.push(found);
        if (info.nonAscii.kind !== 'equivalent') normalisable.add(found);
      }
      if (role === CONTENT) code = info.mapped;
    }
    if (role === INVISIBLE) {
      offset += width;
      continue;
    }
    if (role === CONTENT) {
      let entry: RawEntry | null = current;
      if (inGap) {
        inGap = false;
        if (entry === null) edges();
        else if (!resolveGap(code, text.charCodeAt(offset + width))) {
          close(entry);
          entry = null;
        }
      }
      if (entry === null) entry = { start: offset, end: offset, clean: '', originStart: null, originEnd: null };
      if (entry.originStart === null && (unusual || offset !== entry.end)) makeExplicit(entry, text);
      if (entry.originStart !== null && entry.originEnd !== null) {
        const piece = String.fromCodePoint(code);
        entry.clean += piece;
        for (let i = 0; i < piece.length; i++) {
          entry.originStart.push(offset);
          entry.originEnd.push(offset + width);
        }
      }
      entry.end = offset + width;
      contentBeforeLast = entry.start === offset ? -1 : lastContent;
      lastContent = code;
      current = entry;
      offset += width;
      continue;
    }
    // Space or separator: part of a gap.
    if (!inGap) {
      inGap = true;
      gapStart = offset;
      soft = 0;
      firstWrong = -1;
      firstSoft = -1;
      hardCount = 0;
    }
    gapEnd = offset + width;
    if (role === HARD) {
      hardOffsets[hardCount++] = offset;
      if (code !== COMMA && firstWrong < 0) firstWrong = code;
    } else if (role === SOFT) {
      soft++;
      if (firstSoft < 0) firstSoft = code;
    }
    offset += width;
  }
  if (inGap) edges(); // a trailing gap: every hard separator in it stands for an empty entry
  if (current) close(current);
  // Stray separators around an otherwise empty list are part of `empty-list`, not findings of their own.
  if (entries.length > 0) findings.push(...edgeFindings);
  return { entries, findings, normalisable };
}

/** Switches an entry from "slice of the text" to an explicit clean string and offset map. */
function makeExplicit(entry: RawEntry, text: string): void {
  const originStart: number[] = [];
  const originEnd: number[] = [];
  for (let offset = entry.start; offset < entry.end; offset++) {
    originStart.push(offset);
    originEnd.push(offset + 1);
  }
  entry.clean = text.slice(entry.start, entry.end);
  entry.originStart = originStart;
  entry.originEnd = originEnd;
}

function nonAsciiFinding(offset: number, width: number, nonAscii: NonNullable<CharInfo['nonAscii']>): IpFinding {
  const { description, replacement, kind } = nonAscii;
  const message =
    kind === 'invisible'
      ? IP_MESSAGES.nonAsciiInvisible(description)
      : kind === 'space'
        ? IP_MESSAGES.nonAsciiSpace(description)
        : IP_MESSAGES.nonAsciiEquivalent(description, replacement);
  const label = kind === 'invisible' ? IP_MESSAGES.removeLabel() : kind === 'space' ? IP_MESSAGES.nonAsciiSpaceFixLabel() : IP_MESSAGES.nonAsciiFixLabel(replacement);
  return finding('non-ascii', offset, offset + width, message, [{ label, replacement }]);
}
