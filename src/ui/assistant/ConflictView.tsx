/**
 * Shown when a save met a newer version of the key (someone else saved in between). Field by field: what is in
 * Workbooks now, what the admin typed, and (when known) what both started from. The admin chooses which of
 * their edits to re-apply onto the fresh version, or discards their edits; nothing is overwritten silently.
 */
import { t } from '../../platform/i18n';
import type { ApiKeyRecord } from '../../core/keys/model';
import type { EditorField, EditorValues, FieldComparison } from './editor-model';
import { displayValue, fieldLabel } from './field-labels';

export interface ConflictViewProps {
  remote: ApiKeyRecord;
  remoteValues: EditorValues;
  mine: EditorValues;
  comparisons: readonly FieldComparison[];
  reapply: ReadonlySet<EditorField>;
  busy: boolean;
  /** The primary action's text: "Re-apply my edits and save" after a save, "Re-apply my edits" for a stale draft. */
  reapplyLabel: string;
  onToggle: (field: EditorField, reapply: boolean) => void;
  onReapply: () => void;
  onDiscard: () => void;
}

export function ConflictView({ remote, remoteValues, mine, comparisons, reapply, busy, reapplyLabel, onToggle, onReapply, onDiscard }: ConflictViewProps) {
  const relevant = comparisons.filter((c) => c.state !== 'unchanged');
  const headingId = `wbka-conflict-heading-${remote.id}`;
  return (
    <section class="wbka-conflict" aria-labelledby={headingId} data-testid="wbka-conflict" tabIndex={-1}>
      <h3 id={headingId} class="wbka-conflict__title">
        {t('editorConflictTitle')}
      </h3>
      <p class="wbka-conflict__intro">
        {t('editorConflictIntro', [remote.updatedBy ?? t('editorSomeoneElse'), remote.updatedAt ?? '—', String(remote.lockVersion)])}
      </p>
      {relevant.length === 0 && <p>{t('editorConflictNoFieldDifferences')}</p>}
      <ul class="wbka-conflict__fields">
        {relevant.map((comparison) => {
          const { field, state } = comparison;
          const mineEditable = state === 'mine' || state === 'both-differ';
          const checkboxId = `wbka-conflict-reapply-${field}`;
          return (
            <li key={field} class={`wbka-conflict__field wbka-conflict__field--${state}`} data-testid={`wbka-conflict-field-${field}`} data-state={state}>
              <p class="wbka-conflict__label">
                <strong>{fieldLabel(field)}</strong> <span class="wbka-conflict__state">{t(STATE_LABEL[state])}</span>
              </p>
              <dl class="wbka-conflict__values">
                <dt>{t('editorConflictTheirs')}</dt>
                <dd data-testid="wbka-conflict-theirs">{displayValue(remoteValues, field)}</dd>
                <dt>{t('editorConflictMine')}</dt>
                <dd data-testid="wbka-conflict-mine">{displayValue(mine, field)}</dd>
                {comparison.base && (
                  <>
                    <dt>{t('editorConflictBase')}</dt>
                    <dd>{displayValue(comparison.base, field)}</dd>
                  </>
                )}
              </dl>
              {mineEditable && (
                <p class="wbka-conflict__choice">
                  <input
                    type="checkbox"
                    id={checkboxId}
                    checked={reapply.has(field)}
                    disabled={busy}
                    onChange={(event) => onToggle(field, (event.currentTarget as HTMLInputElement).checked)}
                  />{' '}
                  <label for={checkboxId}>{t('editorConflictKeepMine', [fieldLabel(field)])}</label>
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <div class="wbka-actions">
        <button type="button" class="wbka-button wbka-button--primary" disabled={busy} onClick={onReapply} data-testid="wbka-conflict-reapply">
          {reapplyLabel}
        </button>
        <button type="button" class="wbka-button wbka-button--danger" disabled={busy} onClick={onDiscard} data-testid="wbka-conflict-discard">
          {t('editorConflictDiscard')}
        </button>
      </div>
    </section>
  );
}

const STATE_LABEL = {
  mine: 'editorConflictStateMine',
  theirs: 'editorConflictStateTheirs',
  'both-same': 'editorConflictStateBothSame',
  'both-differ': 'editorConflictStateBothDiffer',
  unchanged: 'editorConflictStateUnchanged',
} as const;
