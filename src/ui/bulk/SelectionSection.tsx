/**
 * Step 1: which keys. A query (contains / overlaps an address or range, acting as a user, with a finding) or the
 * keys chosen in the audit table; then the matching keys, each with a checkbox to leave it out.
 */
import type { TargetedEvent } from 'preact';
import { t, tPlural } from '../../platform/i18n';
import type { ApiKeyRecord } from '../../core/keys/model';
import { ProgressBar } from '../common';
import { Field } from './Field';
import { Pager, usePaged } from './Pager';
import { draftProblem, findingOptions, selectedCountText, type QueryDraft, type QueryKind, type Selection, type SelectionContext, type UserOption } from './selection';

export interface SelectionSectionProps {
  keys: readonly ApiKeyRecord[] | null;
  keysById: ReadonlyMap<number, ApiKeyRecord>;
  loading: { loaded: number; total: number | null } | null;
  loadError: string | null;
  onReload: () => void;
  draft: QueryDraft;
  onDraft: (draft: QueryDraft) => void;
  context: SelectionContext;
  users: readonly UserOption[];
  findingsLoading: boolean;
  findingsError: string | null;
  onLoadFindings: () => void;
  onFind: () => void;
  selection: Selection | null;
  excluded: ReadonlySet<number>;
  onToggle: (keyId: number, included: boolean) => void;
  onAll: (included: boolean) => void;
  disabled: boolean;
}

const KINDS: Array<{ kind: QueryKind; label: Parameters<typeof t>[0] }> = [
  { kind: 'contains', label: 'bulkQueryContains' },
  { kind: 'covers', label: 'bulkQueryCovers' },
  { kind: 'user', label: 'bulkQueryUser' },
  { kind: 'finding', label: 'bulkQueryFinding' },
];

export function SelectionSection(props: SelectionSectionProps) {
  const { keys, draft, onDraft, context, selection, excluded, disabled } = props;
  const problem = draftProblem(draft, context);
  const set = (changes: Partial<QueryDraft>) => onDraft({ ...draft, ...changes });
  const kinds = context.auditIds ? [{ kind: 'audit' as const, label: 'bulkQueryAudit' as const }, ...KINDS] : KINDS;
  const matched = selection?.ids ?? [];
  const paged = usePaged(matched, selection);
  const selectedCount = matched.filter((id) => !excluded.has(id)).length;
  const canFind = keys !== null && !disabled && problem === null;

  const onSubmit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (canFind) props.onFind();
  };

  return (
    <section class="bulk-section" aria-labelledby="bulk-select-title" data-testid="bulk-selection">
      <h3 class="bulk-section__title" id="bulk-select-title">
        {t('bulkSelectTitle')}
      </h3>
      {props.loading && <ProgressBar label={t('bulkLoadingKeys')} value={props.loading.loaded} max={props.loading.total} testId="bulk-keys-progress" />}
      {props.loadError && (
        <div class="wbka-alert" role="alert">
          <p>{t('bulkLoadFailed', props.loadError)}</p>
          <button type="button" class="wbka-button wbka-button--small" onClick={props.onReload}>
            {t('bulkReloadKeys')}
          </button>
        </div>
      )}
      {keys && (
        <p class="bulk-meta">
          {tPlural('bulkKeysLoaded', keys.length)}{' '}
          <button type="button" class="wbka-button wbka-button--small" onClick={props.onReload} disabled={disabled || props.loading !== null} data-testid="bulk-reload">
            {t('bulkReloadKeys')}
          </button>
        </p>
      )}
      <form class="bulk-row" onSubmit={onSubmit} data-testid="bulk-query">
        <label class="bulk-field">
          <span class="bulk-field__label">{t('bulkQueryKind')}</span>
          <select
            class="wbka-input"
            value={draft.kind}
            disabled={disabled}
            onChange={(event) => set({ kind: event.currentTarget.value as QueryKind })}
            data-testid="bulk-query-kind"
          >
            {kinds.map((entry) => (
              <option key={entry.kind} value={entry.kind}>
                {t(entry.label)}
              </option>
            ))}
          </select>
        </label>
        <QueryInputs {...props} problem={problem} set={set} />
        <button type="submit" class="wbka-button wbka-button--primary" disabled={!canFind} data-testid="bulk-find">
          {t('bulkFind')}
        </button>
      </form>
      {selection && (
        <div class="bulk-section" data-testid="bulk-selected">
          <p class="bulk-status" role="status" data-testid="bulk-selected-count">
            {selectedCountText(selectedCount, matched.length)}
          </p>
          <p class="bulk-meta">{selection.description}</p>
          {selection.missing > 0 && <p class="wbka-note">{tPlural('bulkSelectionMissing', selection.missing)}</p>}
          {matched.length > 0 && (
            <div class="bulk-actions">
              <button type="button" class="wbka-button wbka-button--small" disabled={disabled} onClick={() => props.onAll(true)}>
                {t('bulkSelectAll')}
              </button>
              <button type="button" class="wbka-button wbka-button--small" disabled={disabled} onClick={() => props.onAll(false)}>
                {t('bulkSelectNone')}
              </button>
            </div>
          )}
          <ul class="bulk-keys" aria-label={t('bulkSelectedKeysLabel')}>
            {paged.items.map((id) => {
              const key = props.keysById.get(id);
              return (
                <li key={id}>
                  <label>
                    <input type="checkbox" checked={!excluded.has(id)} disabled={disabled} onChange={(event) => props.onToggle(id, event.currentTarget.checked)} data-testid={`bulk-key-${id}`} />
                    <span>{key?.name || `#${id}`}</span>
                  </label>
                  <span class="bulk-keys__ips">{key?.permittedIps ?? t('bulkBlankList')}</span>
                </li>
              );
            })}
          </ul>
          <Pager paged={paged} total={matched.length} label={t('bulkSelectedPagerLabel')} testId="bulk-selected-pager" />
        </div>
      )}
    </section>
  );
}

function QueryInputs(props: SelectionSectionProps & { problem: string | null; set: (changes: Partial<QueryDraft>) => void }) {
  const { draft, set, problem, disabled } = props;
  switch (draft.kind) {
    case 'audit':
      return <p class="bulk-meta bulk-field">{tPlural('bulkQueryAuditCount', props.context.auditIds?.length ?? 0)}</p>;
    case 'contains':
      return (
        <>
          <Field label={t('bulkQueryAddress')} problem={problem} problemId="bulk-query-problem">
            <input
              class="wbka-input"
              value={draft.address}
              disabled={disabled}
              placeholder="203.0.113.7"
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby={problem ? 'bulk-query-problem' : undefined}
              onInput={(event) => set({ address: event.currentTarget.value })}
              data-testid="bulk-query-address"
            />
          </Field>
          <label class="bulk-check">
            <input type="checkbox" checked={draft.exactEntry} disabled={disabled} onChange={(event) => set({ exactEntry: event.currentTarget.checked })} data-testid="bulk-query-exact" />
            {t('bulkQueryExactEntry')}
          </label>
        </>
      );
    case 'covers':
      return (
        <>
          <Field label={t('bulkQueryRange')} problem={problem} problemId="bulk-query-problem">
            <input
              class="wbka-input"
              value={draft.range}
              disabled={disabled}
              placeholder="203.0.113.0/24"
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby={problem ? 'bulk-query-problem' : undefined}
              onInput={(event) => set({ range: event.currentTarget.value })}
              data-testid="bulk-query-range"
            />
          </Field>
          <label class="bulk-check">
            <input type="checkbox" checked={draft.whole} disabled={disabled} onChange={(event) => set({ whole: event.currentTarget.checked })} />
            {t('bulkQueryWholeRange')}
          </label>
        </>
      );
    case 'user':
      return (
        <label class="bulk-field">
          <span class="bulk-field__label">{t('bulkQueryUserLabel')}</span>
          <select class="wbka-input" value={draft.user} disabled={disabled || props.keys === null} onChange={(event) => set({ user: event.currentTarget.value })} data-testid="bulk-query-user">
            <option value="">{t('bulkQueryChoose')}</option>
            {props.users.map((option) => (
              <option key={option.value} value={option.value}>
                {tPlural('bulkQueryOptionCount', option.keys, [option.label])}
              </option>
            ))}
          </select>
        </label>
      );
    case 'finding': {
      const findings = props.context.findingsByKey;
      if (!findings) {
        return (
          <div class="bulk-field">
            <button type="button" class="wbka-button" disabled={disabled || props.findingsLoading || props.keys === null} onClick={props.onLoadFindings} data-testid="bulk-load-findings">
              {props.findingsLoading ? t('bulkFindingsLoading') : t('bulkLoadFindings')}
            </button>
            {props.findingsError && (
              <p class="bulk-problem" role="alert">
                {props.findingsError}
              </p>
            )}
          </div>
        );
      }
      return (
        <label class="bulk-field">
          <span class="bulk-field__label">{t('bulkQueryFindingLabel')}</span>
          <select class="wbka-input" value={draft.finding} disabled={disabled} onChange={(event) => set({ finding: event.currentTarget.value })} data-testid="bulk-query-finding">
            <option value="">{t('bulkQueryChoose')}</option>
            {findingOptions(findings).map((option) => (
              <option key={option.code} value={option.code}>
                {tPlural('bulkQueryOptionCount', option.keys, [option.code])}
              </option>
            ))}
          </select>
        </label>
      );
    }
  }
}
