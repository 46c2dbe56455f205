/**
 * The support session log: what was done in this host + database (audits, filters, exports, keys opened or
 * saved), newest first, collapsible, with exports and a confirmed Clear.
 */
import { useState } from 'preact/hooks';
import type { SessionLogRecord } from '../../platform/db';
import { t, tPlural, type MessageKey } from '../../platform/i18n';
import { formatCount } from './audit-text';

const KIND_LABEL: Record<SessionLogRecord['kind'], MessageKey> = {
  'audit-run': 'auditLogKindRun',
  'audit-cancelled': 'auditLogKindCancelled',
  filter: 'auditLogKindFilter',
  export: 'auditLogKindExport',
  'key-opened': 'auditLogKindKeyOpened',
  'key-saved': 'auditLogKindKeySaved',
  bulk: 'auditLogKindBulk',
  'log-cleared': 'auditLogKindCleared',
};

/** Rendering thousands of entries buys nothing: the newest are shown, the export has them all. */
const MAX_SHOWN = 200;

export function logKindLabel(kind: SessionLogRecord['kind']): string {
  return t(KIND_LABEL[kind]);
}

export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

export interface SessionLogSectionProps {
  entries: readonly SessionLogRecord[];
  retentionDays: number | null;
  onExport: (format: 'json' | 'csv') => void;
  onClear: () => void;
}

export function SessionLogSection({ entries, retentionDays, onExport, onClear }: SessionLogSectionProps) {
  const [confirming, setConfirming] = useState(false);
  const newestFirst = entries.slice(-MAX_SHOWN).reverse();
  return (
    <details class="audit-details audit-log" data-testid="audit-session-log">
      <summary>
        <span class="audit-details__title">{t('auditLogTitle')}</span> <span class="audit-hint">({formatCount(entries.length)})</span>
      </summary>
      <p class="audit-hint">{retentionDays === null ? t('auditLogIntro') : tPlural('auditLogIntroRetention', retentionDays)}</p>
      <div class="audit-toolbar">
        <button type="button" class="audit-button" onClick={() => onExport('json')} disabled={entries.length === 0} data-testid="audit-log-export-json">
          {t('auditLogExportJson')}
        </button>
        <button type="button" class="audit-button" onClick={() => onExport('csv')} disabled={entries.length === 0} data-testid="audit-log-export-csv">
          {t('auditLogExportCsv')}
        </button>
        {confirming ? (
          <span class="audit-confirm" role="group" aria-label={t('auditLogClearConfirm')}>
            <span>{t('auditLogClearConfirm')}</span>
            <button
              type="button"
              class="audit-button audit-button--danger"
              onClick={() => {
                setConfirming(false);
                onClear();
              }}
              data-testid="audit-log-clear-yes"
            >
              {t('auditLogClearYes')}
            </button>
            <button type="button" class="audit-button" onClick={() => setConfirming(false)}>
              {t('auditLogClearNo')}
            </button>
          </span>
        ) : (
          <button type="button" class="audit-button" onClick={() => setConfirming(true)} disabled={entries.length === 0} data-testid="audit-log-clear">
            {t('auditLogClear')}
          </button>
        )}
      </div>
      {entries.length === 0 ? (
        <p class="audit-hint">{t('auditLogEmpty')}</p>
      ) : (
        <ol class="audit-log__list" data-testid="audit-log-list">
          {newestFirst.map((entry, index) => (
            <li key={entry.id ?? `${entry.at}-${index}`} class="audit-log__entry" data-kind={entry.kind}>
              <time dateTime={entry.at} class="audit-log__time">
                {formatTimestamp(entry.at)}
              </time>{' '}
              <span class="audit-log__kind">{logKindLabel(entry.kind)}</span>
              <span class="audit-log__detail">{entry.detail}</span>
            </li>
          ))}
        </ol>
      )}
      {entries.length > MAX_SHOWN && <p class="audit-hint">{tPlural('auditLogShowingNewest', entries.length, [formatCount(MAX_SHOWN)])}</p>}
    </details>
  );
}
