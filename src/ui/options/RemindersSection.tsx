/**
 * Expiry reminders: on/off applies at once (turning them on asks the browser for the optional `alarms` and
 * `notifications` permissions, which needs the click itself), the time of day is saved with the form.
 */
import { t, tPlural, type MessageKey } from '../../platform/i18n';
import type { SettingsFieldError } from '../../core/settings';
import { errorText, Section } from './fields';
import { formatHour } from './format';

export interface RemindersSectionProps {
  enabled: boolean;
  /** null while unknown. */
  permissionGranted: boolean | null;
  busy: boolean;
  /** The outcome of the last on/off click, if it needs saying. */
  note: { key: MessageKey; tone: 'info' | 'error' } | null;
  hour: string;
  hourErrors: SettingsFieldError[];
  windowDays: number;
  onTurnOn: () => void;
  onTurnOff: () => void;
  onHourChange: (hour: string) => void;
}

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

export function RemindersSection(props: RemindersSectionProps) {
  const { enabled, permissionGranted, busy, note, hour, hourErrors, windowDays } = props;
  const missingPermission = enabled && permissionGranted === false;
  const state = !enabled
    ? t('optionsRemindersStateOff')
    : missingPermission
      ? t('optionsRemindersStateNoPermission')
      : tPlural('optionsRemindersStateOn', windowDays);
  const hourErrorId = 'reminderHour-error';
  return (
    <Section id="reminders" title="optionsRemindersTitle" intro="optionsRemindersIntro">
      <p class={`reminders__state ${missingPermission ? 'reminders__state--warning' : ''}`} data-testid="reminders-state">
        {state}
      </p>
      <div class="actions">
        {enabled ? (
          <button type="button" class="button--secondary" onClick={props.onTurnOff} disabled={busy} data-testid="reminders-off">
            {t('optionsRemindersTurnOff')}
          </button>
        ) : (
          <button type="button" onClick={props.onTurnOn} disabled={busy} data-testid="reminders-on">
            {t('optionsRemindersTurnOn')}
          </button>
        )}
      </div>
      <p class={`note ${note?.tone === 'error' ? 'note--error' : ''}`} role="status" aria-live="polite" data-testid="reminders-note">
        {note ? t(note.key) : ''}
      </p>
      <div class="field">
        <label for="reminderHour">{t('optionsReminderHourLabel')}</label>
        <span id="reminderHour-hint" class="field__hint">
          {t('optionsReminderHourHint')}
        </span>
        <select
          id="reminderHour"
          name="reminderHour"
          value={hour}
          aria-invalid={hourErrors.length ? 'true' : 'false'}
          aria-describedby={hourErrors.length ? `reminderHour-hint ${hourErrorId}` : 'reminderHour-hint'}
          onChange={(event) => props.onHourChange((event.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t('optionsReminderHourSoon')}</option>
          {HOURS.map((value) => (
            <option key={value} value={String(value)}>
              {formatHour(value)}
            </option>
          ))}
        </select>
        {hourErrors.length > 0 && (
          <span id={hourErrorId} class="field__error">
            {hourErrors.map(errorText).join(' ')}
          </span>
        )}
      </div>
    </Section>
  );
}
