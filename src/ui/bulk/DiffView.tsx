/** Before → after of one key's list, entry by entry: kept, added (+) and removed (−), in list order. */
import type { DiffLine } from '../../core/keys/bulk-diff';
import { t } from '../../platform/i18n';

const SIGN = { kept: ' ', added: '+', removed: '−' } as const;

export function DiffView({ lines, label }: { lines: readonly DiffLine[]; label: string }) {
  if (lines.length === 0) return <p class="bulk-meta">{t('bulkDiffEmpty')}</p>;
  return (
    <ul class="bulk-diff" aria-label={label}>
      {lines.map((line, index) => (
        <li key={`${index}-${line.kind}-${line.entry}`} class={`bulk-diff__line--${line.kind}`}>
          <span class="bulk-diff__sign" aria-hidden="true">
            {SIGN[line.kind]}
          </span>
          <span class="wbka-sr-only">{line.kind === 'added' ? t('bulkDiffAdded') : line.kind === 'removed' ? t('bulkDiffRemoved') : t('bulkDiffKept')}</span>
          <span class="bulk-diff__entry">{line.entry}</span>
        </li>
      ))}
    </ul>
  );
}
