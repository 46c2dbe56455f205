/** Form controls of the options page: a label, an optional hint, and the field's errors tied to it by id. */
import type { ComponentChildren } from 'preact';
import { t, tPlural, type MessageKey } from '../../platform/i18n';
import type { SettingsFieldError, SettingsMessage } from '../../core/settings';
import type { EntryProblem } from './draft';

/** A settings message in the admin's language: plural messages take their form from the count. */
export function errorText(message: SettingsMessage): string {
  if (message.count !== undefined) return tPlural(message.messageKey, message.count, message.substitutions);
  return t(message.messageKey, message.substitutions);
}

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string');
  return list.length ? list.join(' ') : undefined;
}

interface NumberFieldProps {
  id: string;
  label: MessageKey;
  hint?: MessageKey;
  value: string;
  min: number;
  max: number;
  errors: SettingsFieldError[];
  onInput: (value: string) => void;
}

export function NumberField({ id, label, hint, value, min, max, errors, onInput }: NumberFieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div class="field">
      <label for={id}>{t(label)}</label>
      {hint && (
        <span id={hintId} class="field__hint">
          {t(hint)}
        </span>
      )}
      <input
        id={id}
        name={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        aria-invalid={errors.length ? 'true' : 'false'}
        aria-describedby={describedBy(hint && hintId, errors.length > 0 && errorId)}
        onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
      />
      {errors.length > 0 && (
        <span id={errorId} class="field__error" data-testid={`error-${id}`}>
          {errors.map(errorText).join(' ')}
        </span>
      )}
    </div>
  );
}

interface ListFieldProps {
  id: string;
  label: MessageKey;
  hint: MessageKey;
  value: string;
  rows: number;
  /** Problems with single entries (live). */
  problems: EntryProblem[];
  /** Problems with the list as a whole (from the last save). */
  errors: SettingsFieldError[];
  placeholder?: string;
  onInput: (value: string) => void;
}

export function ListField({ id, label, hint, value, rows, problems, errors, placeholder, onInput }: ListFieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = problems.length > 0 || errors.length > 0;
  return (
    <div class="field">
      <label for={id}>{t(label)}</label>
      <span id={hintId} class="field__hint">
        {t(hint)}
      </span>
      <textarea
        id={id}
        name={id}
        rows={rows}
        spellcheck={false}
        autoComplete="off"
        placeholder={placeholder}
        value={value}
        aria-invalid={invalid ? 'true' : 'false'}
        aria-describedby={describedBy(hintId, invalid && errorId)}
        onInput={(event) => onInput((event.currentTarget as HTMLTextAreaElement).value)}
      />
      {invalid && (
        <ul id={errorId} class="field__error field__error-list" data-testid={`error-${id}`}>
          {errors.map((error, index) => (
            <li key={`list-${index}`}>{errorText(error)}</li>
          ))}
          {problems.map((problem) => (
            <li key={`entry-${problem.position}`}>{t('optionsEntryProblem', [String(problem.position), errorText(problem)])}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Section({ id, title, children, intro }: { id: string; title: MessageKey; intro?: MessageKey; children: ComponentChildren }) {
  const headingId = `${id}-heading`;
  return (
    <section class="section" aria-labelledby={headingId} id={id}>
      <h2 id={headingId}>{t(title)}</h2>
      {intro && <p class="section__intro">{t(intro)}</p>}
      {children}
    </section>
  );
}
