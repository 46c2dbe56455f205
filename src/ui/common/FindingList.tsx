/**
 * A list of findings, most severe first, each with its severity, its message (shown as given: engine messages
 * are already en-GB) and its Fix buttons. The container is always rendered, even when empty, so a control can
 * point `aria-describedby` at it permanently.
 */
import { sortBySeverity, type DisplayFinding } from './findings';
import { SeverityChip } from './SeverityChip';

export interface FindingListProps {
  findings: readonly DisplayFinding[];
  /** Element id, for `aria-describedby` on the field the findings are about. */
  id?: string;
  /** `data-testid` of the list. */
  testId?: string;
}

export function FindingList({ findings, id, testId }: FindingListProps) {
  const sorted = sortBySeverity(findings);
  return (
    <div id={id} class="wbka-findings" data-testid={testId} data-count={sorted.length}>
      {sorted.length > 0 && (
        <ul class="wbka-findings__list">
          {sorted.map((finding) => (
            <li key={finding.id} class={`wbka-finding wbka-finding--${finding.severity}`} data-code={finding.code} data-severity={finding.severity}>
              <SeverityChip severity={finding.severity} /> <span class="wbka-finding__message">{finding.message}</span>
              {finding.fixes && finding.fixes.length > 0 && (
                <span class="wbka-finding__fixes">
                  {finding.fixes.map((fix, index) => (
                    <button key={`${finding.id}-fix-${index}`} type="button" class="wbka-button wbka-button--small" onClick={fix.apply} data-testid="wbka-fix">
                      {fix.label}
                    </button>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
