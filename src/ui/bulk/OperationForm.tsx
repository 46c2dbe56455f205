/**
 * Step 2: what to do to each selected key's list — add, remove (exact, or everything inside a range), replace one
 * entry, set the whole list, or normalise. Inputs are checked by the engine as the admin types; a field's problem
 * shows once that field has been typed in, so an untouched form does not start out red.
 */
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { OperationField, OperationProblem } from '../../core/keys/bulk-operation';
import { Field } from './Field';
import { problemsByField, type OperationDraft, type OperationKind } from './operation-draft';

export interface OperationFormProps {
  draft: OperationDraft;
  onDraft: (draft: OperationDraft) => void;
  problems: readonly OperationProblem[];
  disabled: boolean;
}

const KINDS: Array<{ kind: OperationKind; label: Parameters<typeof t>[0] }> = [
  { kind: 'replace', label: 'bulkOpReplace' },
  { kind: 'add', label: 'bulkOpAdd' },
  { kind: 'remove', label: 'bulkOpRemove' },
  { kind: 'set', label: 'bulkOpSet' },
  { kind: 'normalise', label: 'bulkOpNormalise' },
];

export function OperationForm({ draft, onDraft, problems, disabled }: OperationFormProps) {
  const [touched, setTouched] = useState<ReadonlySet<OperationField>>(new Set());
  const byField = problemsByField(problems);
  const problemOf = (field: OperationField): string | null => (touched.has(field) ? (byField[field] ?? null) : null);
  const edit = (field: OperationField, changes: Partial<OperationDraft>) => {
    if (!touched.has(field)) setTouched(new Set([...touched, field]));
    onDraft({ ...draft, ...changes });
  };
  const textInput = (field: OperationField, value: string, multiline: boolean, testId: string, placeholder: string) => {
    const problem = problemOf(field);
    const common = {
      class: 'wbka-input',
      value,
      disabled,
      placeholder,
      'aria-invalid': problem ? ('true' as const) : undefined,
      'aria-describedby': `bulk-op-problem-${field}`,
      'data-testid': testId,
    };
    return multiline ? (
      <textarea {...common} rows={2} onInput={(event) => edit(field, { [field]: event.currentTarget.value })} />
    ) : (
      <input {...common} onInput={(event) => edit(field, { [field]: event.currentTarget.value })} />
    );
  };

  return (
    <section class="bulk-section" aria-labelledby="bulk-op-title" data-testid="bulk-operation">
      <h3 class="bulk-section__title" id="bulk-op-title">
        {t('bulkOpTitle')}
      </h3>
      <label class="bulk-field">
        <span class="bulk-field__label">{t('bulkOpKind')}</span>
        <select class="wbka-input" value={draft.kind} disabled={disabled} onChange={(event) => onDraft({ ...draft, kind: event.currentTarget.value as OperationKind })} data-testid="bulk-op-kind">
          {KINDS.map((entry) => (
            <option key={entry.kind} value={entry.kind}>
              {t(entry.label)}
            </option>
          ))}
        </select>
      </label>
      {draft.kind === 'replace' && (
        <div class="bulk-row">
          <Field label={t('bulkOpFrom')} problem={problemOf('from')} problemId="bulk-op-problem-from">
            {textInput('from', draft.from, false, 'bulk-op-from', '203.0.113.7')}
          </Field>
          <Field label={t('bulkOpTo')} problem={problemOf('to')} problemId="bulk-op-problem-to">
            {textInput('to', draft.to, false, 'bulk-op-to', '198.51.100.7')}
          </Field>
        </div>
      )}
      {(draft.kind === 'add' || draft.kind === 'remove') && (
        <Field label={draft.kind === 'add' ? t('bulkOpAddEntries') : t('bulkOpRemoveEntries')} problem={problemOf('entries')} problemId="bulk-op-problem-entries">
          {textInput('entries', draft.entries, true, 'bulk-op-entries', '203.0.113.7, 198.51.100.0/24')}
        </Field>
      )}
      {draft.kind === 'remove' && (
        <fieldset class="bulk-row" disabled={disabled}>
          <legend class="bulk-field__label">{t('bulkOpRemoveMode')}</legend>
          <label class="bulk-check">
            <input type="radio" name="bulk-remove-mode" checked={draft.removeMode === 'exact'} onChange={() => onDraft({ ...draft, removeMode: 'exact' })} />
            {t('bulkOpRemoveExact')}
          </label>
          <label class="bulk-check">
            <input type="radio" name="bulk-remove-mode" checked={draft.removeMode === 'covered'} onChange={() => onDraft({ ...draft, removeMode: 'covered' })} data-testid="bulk-op-remove-covered" />
            {t('bulkOpRemoveCovered')}
          </label>
        </fieldset>
      )}
      {draft.kind === 'set' && (
        <Field label={t('bulkOpSetList')} problem={problemOf('list')} problemId="bulk-op-problem-list">
          {textInput('list', draft.list, true, 'bulk-op-list', '203.0.113.7, 198.51.100.0/24')}
        </Field>
      )}
      {draft.kind === 'normalise' && (
        <>
          <p class="bulk-meta">{t('bulkOpNormaliseHint')}</p>
          <label class="bulk-check">
            <input type="checkbox" checked={draft.aggregate} disabled={disabled} onChange={(event) => onDraft({ ...draft, aggregate: event.currentTarget.checked })} data-testid="bulk-op-aggregate" />
            {t('bulkOpAggregate')}
          </label>
        </>
      )}
    </section>
  );
}
