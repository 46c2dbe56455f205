/**
 * The searchable list of keys: name, user, Until and a severity dot from the audit rules, plus "New API Key"
 * and any unsaved drafts (so changes left behind by a reload or a closed tab are one click away).
 */
import { useMemo } from 'preact/hooks';
import { formatCount } from '../../core/i18n/index';
import { t, tPlural } from '../../platform/i18n';
import { formatDisplayDate } from '../../core/dates';
import type { DraftRecord } from '../../platform/db';
import { ProgressBar } from '../common/ProgressBar';
import { SeverityDot } from '../common/SeverityChip';
import type { KeyListRow } from './key-data';

/** Rows rendered at once; more on request (the filter is the quicker way through thousands of keys). */
export const LIST_PAGE = 100;

export type KeyListState =
  | { state: 'idle' }
  | { state: 'loading'; loaded: number; total: number | null }
  | { state: 'ready'; rows: KeyListRow[] }
  | { state: 'failed'; message: string };

export interface KeyListProps {
  list: KeyListState;
  query: string;
  shown: number;
  drafts: readonly DraftRecord[];
  connected: boolean;
  onQuery: (query: string) => void;
  onShowMore: () => void;
  onOpen: (keyId: number | 'new') => void;
  onRefresh: () => void;
}

/** Case-insensitive match on name, user name, id and the IP list text. */
export function filterRows(rows: readonly KeyListRow[], query: string): KeyListRow[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter(
    (row) =>
      row.name.toLowerCase().includes(needle) ||
      (row.userName ?? '').toLowerCase().includes(needle) ||
      String(row.id) === needle.replace(/^#/, '') ||
      (row.permittedIps ?? '').toLowerCase().includes(needle),
  );
}

function draftLabel(draft: DraftRecord, rows: readonly KeyListRow[]): string {
  const when = new Date(draft.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  if (draft.keyId === 'new') return t('keyListDraftNew', [draft.fields.name || '—', when]);
  const row = rows.find((r) => String(r.id) === draft.keyId);
  return t('keyListDraftKey', [row?.name ?? draft.fields.name ?? '—', draft.keyId, when]);
}

export function KeyList({ list, query, shown, drafts, connected, onQuery, onShowMore, onOpen, onRefresh }: KeyListProps) {
  const rows = list.state === 'ready' ? list.rows : [];
  const matches = useMemo(() => filterRows(rows, query), [rows, query]);
  const visible = matches.slice(0, shown);

  return (
    <div class="wbka-list" data-testid="wbka-key-list" data-state={list.state}>
      <div class="wbka-list__toolbar">
        <button type="button" class="wbka-button wbka-button--primary" onClick={() => onOpen('new')} disabled={!connected} data-testid="wbka-new-key">
          {t('keyListNewKey')}
        </button>
        <button type="button" class="wbka-button" onClick={onRefresh} disabled={!connected || list.state === 'loading'} data-testid="wbka-list-refresh">
          {t('keyListRefresh')}
        </button>
      </div>

      {drafts.length > 0 && (
        <section class="wbka-note wbka-list__drafts" aria-labelledby="wbka-list-drafts-title" data-testid="wbka-list-drafts">
          <h3 id="wbka-list-drafts-title" class="wbka-list__subtitle">
            {t('keyListDraftsTitle')}
          </h3>
          <ul>
            {drafts.map((draft) => (
              <li key={draft.keyId}>
                <button
                  type="button"
                  class="wbka-linklike"
                  onClick={() => onOpen(draft.keyId === 'new' ? 'new' : Number(draft.keyId))}
                  data-testid="wbka-list-draft"
                  data-key-id={draft.keyId}
                >
                  {draftLabel(draft, rows)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div class="wbka-list__search">
        <label for="wbka-list-search" class="wbka-field__label">
          {t('keyListSearchLabel')}
        </label>
        <input
          id="wbka-list-search"
          class="wbka-input"
          type="search"
          value={query}
          aria-describedby="wbka-list-count"
          autoComplete="off"
          data-testid="wbka-list-search"
          onInput={(event) => onQuery((event.currentTarget as HTMLInputElement).value)}
        />
      </div>

      {!connected && list.state !== 'ready' && <p class="wbka-note">{t('keyListNeedsConnection')}</p>}
      {list.state === 'loading' && <ProgressBar label={t('keyListLoading')} value={list.loaded} max={list.total} testId="wbka-list-progress" />}
      {list.state === 'failed' && (
        <p class="wbka-alert" role="alert">
          {t('keyListLoadFailed', [list.message])}
        </p>
      )}

      <p id="wbka-list-count" class="wbka-hint" role="status" aria-live="polite" data-testid="wbka-list-count">
        {list.state === 'ready' ? tPlural('keyListCount', rows.length, [formatCount(matches.length)]) : ''}
      </p>

      {visible.length > 0 && (
        <ul class="wbka-list__rows" aria-label={t('keyListRowsLabel')}>
          {visible.map((row) => (
            <li key={row.id}>
              <button type="button" class="wbka-list__row" onClick={() => onOpen(row.id)} data-testid="wbka-key-row" data-key-id={row.id} data-severity={row.worst ?? 'none'}>
                <SeverityDot severity={row.worst} />
                <span class="wbka-list__main">
                  <span class="wbka-list__name">{row.name || t('keyListUnnamed')}</span>
                  <span class="wbka-list__meta">
                    {t('keyListRowMeta', [row.userName ?? (row.userId !== null ? `#${row.userId}` : t('keyListNoUser')), row.until ? formatDisplayDate(row.until) : t('keyListNoUntil'), String(row.id)])}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {matches.length > visible.length && (
        <button type="button" class="wbka-button" onClick={onShowMore} data-testid="wbka-list-more">
          {t('keyListShowMore', [String(Math.min(LIST_PAGE, matches.length - visible.length))])}
        </button>
      )}
    </div>
  );
}
