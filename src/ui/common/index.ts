/**
 * Small shared panel components and helpers. Stable API for every panel feature:
 *  - findings: `DisplayFinding`, `Severity`, `countBySeverity`, `worstSeverity`, `sortBySeverity`
 *  - `<SeverityChip severity>`, `<SeverityDot severity|null>`, `severityLabel`
 *  - `<FindingList findings id? testId?>` (Fix buttons call `fix.apply`)
 *  - `<FindingSummary findings pending? testId? id?>` (live region), `summaryText`
 *  - `<ProgressBar label value max testId?>`
 *  - `<CommonStyles/>` (render once at the top of a tab)
 *  - hooks `useDebouncedValue`, `useDebouncedCallback`
 *  - key checks: `ipOptionsFromSettings`, `validityThresholdsFromSettings`, `ipDisplayFindings`, `applyIpFixTo`,
 *    `validityDisplayFindings`, `userStatusFinding`, `UserCheck`
 */
export * from './findings';
export { SeverityChip, SeverityDot, severityLabel } from './SeverityChip';
export { FindingList, type FindingListProps } from './FindingList';
export { FindingSummary, summaryText, type FindingSummaryProps } from './FindingSummary';
export { ProgressBar, type ProgressBarProps } from './ProgressBar';
export { CommonStyles } from './CommonStyles';
export { useDebouncedValue, useDebouncedCallback, type DebouncedCall } from './use-debounced';
export * from './key-checks';
export { useConnection } from './use-connection';
