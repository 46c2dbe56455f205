/**
 * Every user-visible string of the IP engine, in one table. The words live in public/_locales (keys
 * `engineIp…`); this module only chooses the message and its substitutions, so callers keep asking
 * `IP_MESSAGES.x(...)` as before. Messages say what is wrong and what to do; `quote` marks user text.
 */
import { currentTranslator, formatCount, msg, plural, type MessageKey, type Translator } from '../i18n/index';

/** `‘text’`: marks text the admin typed (the quotation marks are the locale's). */
export function quote(text: string): string {
  return msg('engineQuote', text);
}

/**
 * A table of plain strings whose values are read from the catalogue when a property is read, not when the
 * module loads: the translator is installed after imports run, and callers index these tables by class name.
 * Values are kept per translator, because one list can raise the same class finding hundreds of times.
 */
function lazyMessages<Name extends string>(keys: Readonly<Record<Name, MessageKey>>): Readonly<Record<Name, string>> {
  const table: Partial<Record<Name, string>> = {};
  let resolvedFor: Translator | null = null;
  let resolved = new Map<MessageKey, string>();
  for (const [name, key] of Object.entries<MessageKey>(keys)) {
    const get = (): string => {
      const translator = currentTranslator();
      if (translator !== resolvedFor) {
        resolvedFor = translator;
        resolved = new Map();
      }
      let text = resolved.get(key);
      if (text === undefined) {
        text = msg(key);
        resolved.set(key, text);
      }
      return text;
    };
    Object.defineProperty(table, name, { enumerable: true, get });
  }
  return table as Readonly<Record<Name, string>>;
}

/** How a wrong separator is named in `separator` messages ("Separate entries with a comma, not a semicolon."). */
export type SeparatorName =
  | 'tab'
  | 'lineBreak'
  | 'pageBreak'
  | 'space'
  | 'comma'
  | 'semicolon'
  | 'greekQuestionMark'
  | 'arabicComma'
  | 'arabicSemicolon'
  | 'paragraphBreak'
  | 'ideographicComma'
  | 'smallComma'
  | 'smallIdeographicComma'
  | 'smallSemicolon'
  | 'fullwidthComma'
  | 'fullwidthSemicolon'
  | 'halfwidthIdeographicComma';

const SEPARATOR_NAME_KEYS: Readonly<Record<SeparatorName, MessageKey>> = {
  tab: 'engineIpSeparatorNameTab',
  lineBreak: 'engineIpSeparatorNameLineBreak',
  pageBreak: 'engineIpSeparatorNamePageBreak',
  space: 'engineIpSeparatorNameSpace',
  comma: 'engineIpSeparatorNameComma',
  semicolon: 'engineIpSeparatorNameSemicolon',
  greekQuestionMark: 'engineIpSeparatorNameGreekQuestionMark',
  arabicComma: 'engineIpSeparatorNameArabicComma',
  arabicSemicolon: 'engineIpSeparatorNameArabicSemicolon',
  paragraphBreak: 'engineIpSeparatorNameParagraphBreak',
  ideographicComma: 'engineIpSeparatorNameIdeographicComma',
  smallComma: 'engineIpSeparatorNameSmallComma',
  smallIdeographicComma: 'engineIpSeparatorNameSmallIdeographicComma',
  smallSemicolon: 'engineIpSeparatorNameSmallSemicolon',
  fullwidthComma: 'engineIpSeparatorNameFullwidthComma',
  fullwidthSemicolon: 'engineIpSeparatorNameFullwidthSemicolon',
  halfwidthIdeographicComma: 'engineIpSeparatorNameHalfwidthIdeographicComma',
};

/** Kinds of non-ASCII character that stand for an ASCII one without having a Unicode name worth showing. */
export type LookalikeKind = 'fullwidth' | 'otherScriptDigit' | 'compatibility';

const LOOKALIKE_KIND_KEYS: Readonly<Record<LookalikeKind, MessageKey>> = {
  fullwidth: 'engineIpCharKindFullwidth',
  otherScriptDigit: 'engineIpCharKindOtherScriptDigit',
  compatibility: 'engineIpCharKindCompatibility',
};

export const IP_MESSAGES = {
  // --- list and separators -------------------------------------------------------------------------
  emptyList: () => msg('engineIpEmptyList'),
  emptyEntry: () => msg('engineIpEmptyEntry'),
  separator: (found: string) => msg('engineIpSeparator', found),
  separatorName: (name: SeparatorName) => msg(SEPARATOR_NAME_KEYS[name]),
  separatorSpace: () => msg('engineIpSeparatorSpace'),
  separatorFixLabel: () => msg('engineIpSeparatorFixLabel'),
  removeLabel: () => msg('engineIpRemoveLabel'),
  nonAsciiEquivalent: (what: string, ascii: string) => msg('engineIpNonAsciiEquivalent', what, quote(ascii)),
  nonAsciiInvisible: (what: string) => msg('engineIpNonAsciiInvisible', what),
  nonAsciiSpace: (what: string) => msg('engineIpNonAsciiSpace', what),
  nonAsciiFixLabel: (ascii: string) => msg('engineIpNonAsciiFixLabel', quote(ascii)),
  nonAsciiSpaceFixLabel: () => msg('engineIpNonAsciiSpaceFixLabel'),
  strayWhitespace: (compact: string) => msg('engineIpStrayWhitespace', compact),
  strayWhitespaceFixLabel: () => msg('engineIpStrayWhitespaceFixLabel'),

  // --- characters ----------------------------------------------------------------------------------
  lookalikeKind: (kind: LookalikeKind) => msg(LOOKALIKE_KIND_KEYS[kind]),
  controlCharacter: (codePoint: string) => msg('engineIpControlCharacter', codePoint),
  invalidCharacterLookalike: (found: string, meant: string) => msg('engineIpInvalidCharacterLookalike', found, quote(meant)),
  invalidCharacter: (found: string) => msg('engineIpInvalidCharacter', found),
  invalidCharacterIpv4Hex: (found: string) => msg('engineIpInvalidCharacterIpv4Hex', found),
  lookalikeFixLabel: (meant: string) => msg('engineIpLookalikeFixLabel', quote(meant)),
  urlNotAllowed: () => msg('engineIpUrlNotAllowed'),
  hostName: (text: string) => msg('engineIpHostName', quote(text)),

  // --- IPv4 ----------------------------------------------------------------------------------------
  notAnAddress: () => msg('engineIpNotAnAddress'),
  missingAddress: () => msg('engineIpMissingAddress'),
  emptyIpv4Part: () => msg('engineIpEmptyIpv4Part'),
  tooManyIpv4Parts: () => msg('engineIpTooManyIpv4Parts'),
  octetOutOfRange: (octet: string) => msg('engineIpOctetOutOfRange', octet),
  leadingZero: (decimal: string | null) => (decimal === null ? msg('engineIpLeadingZero') : msg('engineIpLeadingZeroReading', decimal)),
  leadingZeroFixLabel: (decimal: string) => msg('engineIpLeadingZeroFixLabel', decimal),
  shortForm: (text: string, reading: string | null) => (reading === null ? msg('engineIpShortForm', text) : msg('engineIpShortFormReading', text, reading)),
  nonDecimalHex: (text: string, reading: string | null) =>
    reading === null ? msg('engineIpNonDecimalHex', text) : msg('engineIpNonDecimalHexReading', text, reading),
  nonDecimalInteger: (text: string, reading: string | null) =>
    reading === null ? msg('engineIpNonDecimalInteger', text) : msg('engineIpNonDecimalIntegerReading', text, reading),
  portSuffix: (port: string) => msg('engineIpPortSuffix', quote(port)),
  portFixLabel: () => msg('engineIpPortFixLabel'),
  badPort: () => msg('engineIpBadPort'),

  // --- IPv6 ----------------------------------------------------------------------------------------
  ipv6DoubleColonTwice: () => msg('engineIpIpv6DoubleColonTwice'),
  ipv6EmptyGroup: () => msg('engineIpIpv6EmptyGroup'),
  ipv6GroupTooLong: (group: string) => msg('engineIpIpv6GroupTooLong', quote(group)),
  ipv6GroupCount: (count: number) => (count > 8 ? msg('engineIpIpv6TooManyGroups', formatCount(count)) : msg('engineIpIpv6TooFewGroups', formatCount(count))),
  ipv6Ipv4Position: () => msg('engineIpIpv6Ipv4Position'),
  ipv6BadCharacter: (found: string) => msg('engineIpIpv6BadCharacter', found),
  zoneId: (zone: string) => msg('engineIpZoneId', quote(zone)),
  brackets: () => msg('engineIpBrackets'),
  bracketsFixLabel: () => msg('engineIpBracketsFixLabel'),
  unbalancedBrackets: () => msg('engineIpUnbalancedBrackets'),

  // --- prefixes ------------------------------------------------------------------------------------
  // Prefix lengths and their maxima are identifiers (/24), never grouped: String(), not formatCount().
  missingPrefix: (max: number) => msg('engineIpMissingPrefix', String(max)),
  tooManySlashes: () => msg('engineIpTooManySlashes'),
  badPrefix: (max: number) => msg('engineIpBadPrefix', String(max)),
  prefixOutOfRange: (prefix: string, max: number) => msg('engineIpPrefixOutOfRange', prefix, String(max)),
  prefixLeadingZero: (prefix: number) => msg('engineIpPrefixLeadingZero', String(prefix)),
  prefixFixLabel: (prefix: number) => msg('engineIpPrefixFixLabel', String(prefix)),
  netmaskNotation: (mask: string, prefix: number) => msg('engineIpNetmaskNotation', mask, String(prefix)),
  wildcardMask: (mask: string, prefix: number) => msg('engineIpWildcardMask', mask, String(prefix)),
  badNetmask: (mask: string) => msg('engineIpBadNetmask', mask),
  hostBitsSet: (text: string, network: string, host: string) => msg('engineIpHostBitsSet', text, network, host),
  hostBitsNetworkLabel: (network: string) => msg('engineIpHostBitsNetworkLabel', network),
  hostBitsHostLabel: (host: string) => msg('engineIpHostBitsHostLabel', host),

  // --- ranges and wildcards -----------------------------------------------------------------------
  range: (blocks: readonly string[]) =>
    blocks.length <= 4 ? msg('engineIpRange', blocks.join(', ')) : plural('engineIpRangeManyBlocks', blocks.length),
  rangeFixLabel: (blocks: readonly string[]) =>
    blocks.length === 1 ? msg('engineIpRangeFixLabelSingle', blocks[0] ?? '') : plural('engineIpRangeFixLabelBlocks', blocks.length),
  rangeMissingEnd: () => msg('engineIpRangeMissingEnd'),
  rangeTooManyDashes: () => msg('engineIpRangeTooManyDashes'),
  rangePlainAddresses: () => msg('engineIpRangePlainAddresses'),
  rangeMixedFamilies: () => msg('engineIpRangeMixedFamilies'),
  reversedRange: (first: string, last: string) => msg('engineIpReversedRange', first, last),
  wildcard: (text: string, block: string) => msg('engineIpWildcard', text, block),
  wildcardFixLabel: (block: string) => msg('engineIpWildcardFixLabel', block),
  wildcardWholeNumber: () => msg('engineIpWildcardWholeNumber'),
  wildcardWithPrefix: () => msg('engineIpWildcardWithPrefix'),
  wildcardIpv6: () => msg('engineIpWildcardIpv6'),
  nonContiguousWildcard: () => msg('engineIpNonContiguousWildcard'),

  // --- classes -------------------------------------------------------------------------------------
  allowAllEntry: (text: string, family: string) => msg('engineIpAllowAllEntry', text, family),
  allowAllUnion: (family: string) => msg('engineIpAllowAllUnion', family),
  addressClass: (text: string, scope: 'address' | 'block' | 'partial', what: string, note: string, advice: string) => {
    if (scope === 'address') {
      // English picks the article from the class name; a locale without articles gives both keys the same text.
      return msg(/^[aeiou]/i.test(what) ? 'engineIpAddressClassAddressAn' : 'engineIpAddressClassAddressA', text, what, note, advice);
    }
    if (scope === 'block') return msg('engineIpAddressClassBlock', text, what, note, advice);
    return msg('engineIpAddressClassPartial', text, what, note, advice);
  },
  ipv4Compatible: (text: string, ipv4: string) => msg('engineIpIpv4Compatible', text, ipv4),
  ipv4CompatibleFixLabel: (ipv4: string) => msg('engineIpIpv4CompatibleFixLabel', ipv4),
  ipv4Mapped: (text: string, ipv4: string) => msg('engineIpIpv4Mapped', text, ipv4),
  ipv4MappedIncludes: (text: string) => msg('engineIpIpv4MappedIncludes', text),
  useCanonicalLabel: (canonical: string) => msg('engineIpUseCanonicalLabel', canonical),
  hugeRange: (text: string, count: string) => msg('engineIpHugeRange', text, count),
  /** `about 2^80`: an address count too large to write out, rounded down to a power of two. */
  aboutPowerOfTwo: (power: string) => msg('engineIpAboutPowerOfTwo', power),
  duplicate: (earlier: string) => msg('engineIpDuplicate', earlier),
  contained: (outer: string) => msg('engineIpContained', outer),
  overlap: (other: string) => msg('engineIpOverlap', other),
  outsidePolicy: (text: string, allowed: string) => msg('engineIpOutsidePolicy', text, allowed),
  nonCanonical: (canonical: string) => msg('engineIpNonCanonical', canonical),
  mergeable: (after: number) => plural('engineIpMergeable', after),
  mergeableFixLabel: () => msg('engineIpMergeableFixLabel'),
  oneEntryExpected: () => msg('engineIpOneEntryExpected'),

  // --- list operations ----------------------------------------------------------------------------
  skipInvalid: (text: string) => msg('engineIpSkipInvalid', quote(text)),
  skipKeptAsWritten: (text: string) => msg('engineIpSkipKeptAsWritten', quote(text)),
  skipDuplicate: (text: string) => msg('engineIpSkipDuplicate', text),
  skipCovered: (text: string, by: string) => msg('engineIpSkipCovered', text, by),
  skipNotFound: (text: string) => msg('engineIpSkipNotFound', text),
  skipPartlyCovered: (text: string, entry: string) => msg('engineIpSkipPartlyCovered', entry, text),

  // --- summary --------------------------------------------------------------------------------------
  summaryEmpty: () => msg('engineIpSummaryEmpty'),
  summary: (entries: number, parts: readonly string[]) => plural('engineIpSummary', entries, parts.join(', ')),
  summaryAddresses: (count: number) => plural('engineIpSummaryAddresses', count),
  summaryBlocks: (count: number, prefixes: string) => plural('engineIpSummaryBlocks', count, prefixes),
  summaryRanges: (count: number) => plural('engineIpSummaryRanges', count),
  summaryWildcards: (count: number) => plural('engineIpSummaryWildcards', count),
  summaryUnreadable: (count: number) => plural('engineIpSummaryUnreadable', count),
} as const;

/** Plain names of the address classes of special.ts, as they read inside `addressClass` messages. */
export const IP_CLASS_NAMES = lazyMessages({
  unspecified: 'engineIpClassNameUnspecified',
  loopback: 'engineIpClassNameLoopback',
  'link-local': 'engineIpClassNameLinkLocal',
  multicast: 'engineIpClassNameMulticast',
  reserved: 'engineIpClassNameReserved',
  'ipv4-compatible': 'engineIpClassNameIpv4Compatible',
  private: 'engineIpClassNamePrivate',
  'shared-address-space': 'engineIpClassNameSharedAddressSpace',
  documentation: 'engineIpClassNameDocumentation',
  nat64: 'engineIpClassNameNat64',
});

/** What to do about each address class of special.ts; appended to `addressClass` messages. */
export const IP_CLASS_ADVICE = lazyMessages({
  unspecified: 'engineIpClassAdviceUnspecified',
  loopback: 'engineIpClassAdviceLoopback',
  'link-local': 'engineIpClassAdviceLinkLocal',
  multicast: 'engineIpClassAdviceMulticast',
  reserved: 'engineIpClassAdviceReserved',
  'ipv4-compatible': 'engineIpClassAdviceIpv4Compatible',
  private: 'engineIpClassAdvicePrivate',
  'shared-address-space': 'engineIpClassAdviceSharedAddressSpace',
  documentation: 'engineIpClassAdviceDocumentation',
  nat64: 'engineIpClassAdviceNat64',
});
