/**
 * Options page: settings form. Gets load/save as props (the page entry wires them to storage), validates
 * the whole form before saving anything.
 */
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../platform/i18n';
import type { Settings, SettingsFieldError, SettingsValidation } from '../core/settings';

export interface OptionsPageProps {
  load: () => Promise<Settings>;
  save: (candidate: unknown) => Promise<SettingsValidation>;
}

type NumericField = Exclude<keyof Settings, 'connectionMode'>;
const NUMERIC_FIELDS: Array<{ field: NumericField; label: MessageKey }> = [
  { field: 'expiryWarningDays', label: 'optionsExpiryWarningDays' },
  { field: 'maxLifetimeDays', label: 'optionsMaxLifetimeDays' },
  { field: 'hugeRangeIpv4Prefix', label: 'optionsHugeIpv4Prefix' },
  { field: 'hugeRangeIpv6Prefix', label: 'optionsHugeIpv6Prefix' },
  { field: 'logRetentionDays', label: 'optionsLogRetentionDays' },
];

export function OptionsPage({ load, save }: OptionsPageProps) {
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [errors, setErrors] = useState<SettingsFieldError[]>([]);
  const [status, setStatus] = useState<'idle' | 'saved' | 'invalid'>('idle');

  useEffect(() => {
    void load().then((settings) => setDraft(Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)]))));
  }, [load]);

  if (!draft) return <main aria-busy="true" />;

  const errorFor = (field: keyof Settings) => errors.find((e) => e.field === field);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const result = await save(draft);
    setErrors(result.ok ? [] : result.errors);
    setStatus(result.ok ? 'saved' : 'invalid');
  };

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <form onSubmit={onSubmit} noValidate>
        <fieldset>
          <legend>{t('optionsConnectionMode')}</legend>
          {(['session', 'api-key'] as const).map((mode) => (
            <label key={mode} class="field">
              <span>
                <input
                  type="radio"
                  name="connectionMode"
                  value={mode}
                  checked={draft.connectionMode === mode}
                  onChange={() => setDraft({ ...draft, connectionMode: mode })}
                />{' '}
                {t(mode === 'session' ? 'optionsModeSession' : 'optionsModeApiKey')}
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('optionsThresholds')}</legend>
          {NUMERIC_FIELDS.map(({ field, label }) => {
            const error = errorFor(field);
            const errorId = `${field}-error`;
            return (
              <div class="field" key={field}>
                <label for={field}>{t(label)}</label>
                <input
                  id={field}
                  type="number"
                  inputMode="numeric"
                  value={draft[field]}
                  aria-invalid={error ? 'true' : 'false'}
                  aria-describedby={error ? errorId : undefined}
                  onInput={(e) => setDraft({ ...draft, [field]: (e.currentTarget as HTMLInputElement).value })}
                />
                {error && (
                  <span id={errorId} class="field__error">
                    {t(error.messageKey, error.substitutions)}
                  </span>
                )}
              </div>
            );
          })}
        </fieldset>
        <button type="submit">{t('optionsSave')}</button>
        <p class={`status ${status === 'invalid' ? 'status--error' : ''}`} role="status" aria-live="polite">
          {status === 'saved' ? t('optionsSaved') : status === 'invalid' ? t('optionsInvalid') : ''}
        </p>
      </form>
    </main>
  );
}
