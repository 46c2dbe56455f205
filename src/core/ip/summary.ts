/** A one-line description of a list for tables and tooltips: "3 entries: 2 addresses, 1 block (/24)". */
import { analyzeIpList } from './analyze';
import { IP_MESSAGES } from './messages';

export function summarizeIpList(text: string): string {
  const { entries } = analyzeIpList(text);
  if (entries.length === 0) return IP_MESSAGES.summaryEmpty();
  let addresses = 0;
  let ranges = 0;
  let wildcards = 0;
  let unreadable = 0;
  const prefixes = new Map<number, number>();
  for (const entry of entries) {
    if (entry.kind === 'address') addresses++;
    else if (entry.kind === 'block' && entry.prefix !== null) prefixes.set(entry.prefix, (prefixes.get(entry.prefix) ?? 0) + 1);
    else if (entry.kind === 'range') ranges++;
    else if (entry.kind === 'wildcard') wildcards++;
    else unreadable++;
  }
  const parts: string[] = [];
  if (addresses > 0) parts.push(IP_MESSAGES.summaryAddresses(addresses));
  const blockCount = [...prefixes.values()].reduce((total, count) => total + count, 0);
  if (blockCount > 0) {
    const shown = [...prefixes.entries()]
      .sort(([a], [b]) => a - b)
      .map(([prefix, count]) => (count === 1 ? `/${prefix}` : `/${prefix} ×${count}`))
      .join(', ');
    parts.push(IP_MESSAGES.summaryBlocks(blockCount, shown));
  }
  if (ranges > 0) parts.push(IP_MESSAGES.summaryRanges(ranges));
  if (wildcards > 0) parts.push(IP_MESSAGES.summaryWildcards(wildcards));
  if (unreadable > 0) parts.push(IP_MESSAGES.summaryUnreadable(unreadable));
  return IP_MESSAGES.summary(entries.length, parts);
}
