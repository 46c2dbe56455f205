/**
 * IP allow-list engine: strict parsing, classification and list-wide checks of "Permitted IP addresses",
 * plus the list operations bulk editing builds on. Pure TypeScript: no DOM, no I/O.
 */
export { analyzeIpList } from './analyze';
export {
  addEntries,
  aggregateList,
  listContains,
  parseIpEntry,
  rangeToCidrs,
  removeEntries,
  replaceEntry,
  type IpEntryParseResult,
  type IpListEditResult,
  type IpOperationOptions,
  type IpRangeConversion,
  type IpSkipReason,
  type IpSkippedInput,
  type ListMatchMode,
} from './operations';
export { summarizeIpList } from './summary';
export { applyFix } from './findings';
export { IPV6_OFFSET, formatAddress } from './address';
export { IP_MESSAGES } from './messages';
export {
  IP_FINDING_CODES,
  IP_FINDING_SEVERITY,
  type IpAnalysis,
  type IpAnalysisOptions,
  type IpEntry,
  type IpEntryKind,
  type IpFamily,
  type IpFinding,
  type IpFindingCode,
  type IpFix,
  type IpInterval,
  type Severity,
} from './types';
