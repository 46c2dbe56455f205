/**
 * Options page. The form edits a draft; Save validates the WHOLE draft and writes it in one go, or writes
 * nothing and lists every problem (summary at the top, each error at its field). Expiry reminders switch on
 * and off at once (a permission prompt needs the click); export, import, storage usage and reset sit below.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../platform/i18n';
import {
  INTEGER_SETTING_BOUNDS,
  validateSettings,
  type IntegerSettingsField,
  type Settings,
  type SettingsField,
  type SettingsFieldError,
} from '../core/settings';
import { candidateFromDraft, draftFromSettings, hostProblems, rangeProblems, sameDraft, type SettingsDraft } from './options/draft';
import { errorText, ListField, NumberField, Section } from './options/fields';
import { controlId, FIELD_LABELS } from './options/labels';
import { RemindersSection, type RemindersSectionProps } from './options/RemindersSection';
import { BackupSection } from './options/BackupSection';
import { StorageSection } from './options/StorageSection';
import { ResetSection } from './options/ResetSection';
import type { OptionsServices } from './options/services';
import { errorMessage } from '../core/error-message';

export type { OptionsServices } from './options/services';

export interface OptionsPageProps {
  services: OptionsServices;
}

const THRESHOLD_FIELDS: Array<{ field: IntegerSettingsField; hint?: MessageKey }> = [
  { field: 'expiryWarningDays', hint: 'optionsExpiryWarningHint' },
  { field: 'expiryInfoDays', hint: 'optionsExpiryInfoHint' },
  { field: 'maxLifetimeDays' },
  { field: 'hugeRangeIpv4Prefix' },
  { field: 'hugeRangeIpv6Prefix' },
  { field: 'manyKeysPerUser' },
];

/** A fragment link scrolls but does not reliably move the focus: the summary's links do both. */
const focusControl = (id: string) => (event: Event) => {
  const target = (event.currentTarget as HTMLElement).ownerDocument.getElementById(id);
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'center' });
};

type SaveStatus = 'idle' | 'saved' | 'invalid' | 'reset' | 'imported' | 'failed';

export function OptionsPage({ services }: OptionsPageProps) {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [resetFields, setResetFields] = useState<SettingsField[]>([]);
  const [loadFailed, setLoadFailed] = useState<string | null>(null);
  // After a failed save the errors follow the draft live, so they disappear as the admin fixes them.
  const [attempted, setAttempted] = useState(false);
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [saving, setSaving] = useState(false);
  const [permissionGranted, setPermissionGranted] = useState<boolean | null>(null);
  const [reminderBusy, setReminderBusy] = useState(false);
  const [reminderNote, setReminderNote] = useState<RemindersSectionProps['note']>(null);
  const [storageRefresh, setStorageRefresh] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  const adopt = (settings: Settings) => {
    setSaved(settings);
    setDraft(draftFromSettings(settings));
    setAttempted(false);
  };

  useEffect(() => {
    services
      .load()
      .then((loaded) => {
        adopt(loaded.settings);
        setResetFields(loaded.resetFields);
      })
      .catch((error: unknown) => setLoadFailed(errorMessage(error)));
    void services.reminderPermissions.granted().then(setPermissionGranted, () => setPermissionGranted(false));
  }, [services]);

  const liveErrors = useMemo<SettingsFieldError[]>(() => {
    if (!attempted || !draft || !saved) return [];
    const checked = validateSettings(candidateFromDraft(draft, saved.reminders.enabled), services.validationOptions);
    return checked.ok ? [] : checked.errors;
  }, [attempted, draft, saved, services]);

  const ranges = useMemo(() => (draft ? rangeProblems(draft.allowedRangesText) : []), [draft?.allowedRangesText]);
  const hosts = useMemo(() => (draft ? hostProblems(draft.hostsText, services.validationOptions) : []), [draft?.hostsText, services]);

  useEffect(() => {
    if (status === 'invalid') summaryRef.current?.focus();
  }, [status, attempted]);

  if (loadFailed) {
    return (
      <main>
        <h1>{t('optionsTitle')}</h1>
        <p class="note note--error" role="alert">
          {t('optionsLoadFailed', [loadFailed])}
        </p>
      </main>
    );
  }
  if (!draft || !saved) return <main aria-busy="true" />;

  const errorsFor = (field: SettingsField) => liveErrors.filter((error) => error.field === field);
  /** List fields show their per-entry problems live; only whole-list problems come from validation. */
  const listErrorsFor = (field: 'hosts' | 'allowedRanges') => errorsFor(field).filter((error) => error.index === undefined);
  const update = (patch: Partial<SettingsDraft>) => {
    setDraft({ ...draft, ...patch });
    if (status !== 'invalid') setStatus('idle');
  };
  const dirty = !sameDraft(draft, draftFromSettings(saved));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      const result = await services.save(candidateFromDraft(draft, saved.reminders.enabled));
      if (result.ok) {
        adopt(result.settings);
        setResetFields([]);
        setStatus('saved');
        setStorageRefresh((n) => n + 1);
      } else {
        setAttempted(true);
        setStatus('invalid');
      }
    } catch {
      setStatus('failed');
    } finally {
      setSaving(false);
    }
  };

  /** Reminders on/off writes the SAVED settings with the one change, never the unsaved draft. */
  const setReminders = async (enabled: boolean): Promise<boolean> => {
    const result = await services.save({ ...saved, reminders: { ...saved.reminders, enabled } });
    if (!result.ok) return false;
    setSaved(result.settings);
    return true;
  };

  const onTurnOn = async () => {
    setReminderBusy(true);
    setReminderNote({ key: 'optionsRemindersWaiting', tone: 'info' });
    try {
      // Nothing awaited before this: the permission prompt needs the user's gesture.
      let granted = false;
      try {
        granted = await services.reminderPermissions.request();
      } catch {
        granted = false;
      }
      setPermissionGranted(granted);
      if (!granted) {
        setReminderNote({ key: 'optionsRemindersDenied', tone: 'error' });
        return;
      }
      const ok = await setReminders(true);
      setReminderNote(ok ? { key: 'optionsRemindersTurnedOn', tone: 'info' } : { key: 'optionsRemindersSaveFailed', tone: 'error' });
    } finally {
      setReminderBusy(false);
    }
  };

  const onTurnOff = async () => {
    setReminderBusy(true);
    setReminderNote(null);
    try {
      const ok = await setReminders(false);
      if (!ok) {
        setReminderNote({ key: 'optionsRemindersSaveFailed', tone: 'error' });
        return;
      }
      // Hand the permissions back: the extension asks only for what it uses.
      await services.reminderPermissions.remove().catch(() => false);
      setPermissionGranted(await services.reminderPermissions.granted().catch(() => false));
      setReminderNote({ key: 'optionsRemindersTurnedOff', tone: 'info' });
    } finally {
      setReminderBusy(false);
    }
  };

  const onReset = async () => {
    const settings = await services.reset();
    adopt(settings);
    setResetFields([]);
    setStatus('reset');
    setReminderNote(null);
    setPermissionGranted(await services.reminderPermissions.granted().catch(() => false));
    setStorageRefresh((n) => n + 1);
  };

  const onImported = (settings: Settings) => {
    adopt(settings);
    setResetFields([]);
    setStatus('imported');
    setStorageRefresh((n) => n + 1);
  };

  const statusText: Record<SaveStatus, string> = {
    idle: dirty ? t('optionsUnsaved') : '',
    saved: t('optionsSaved'),
    invalid: '',
    reset: t('optionsResetDone'),
    imported: t('optionsImported'),
    failed: t('optionsSaveFailed'),
  };

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <p class="lead">{t('optionsIntro')}</p>

      {resetFields.length > 0 && (
        <p class="note note--warning" data-testid="reset-fields-notice">
          {t('optionsStoredInvalid', [resetFields.map((field) => t(FIELD_LABELS[field])).join(', ')])}
        </p>
      )}

      <form onSubmit={onSubmit} noValidate aria-describedby="save-status">
        {status === 'invalid' && liveErrors.length > 0 && (
          <div class="error-summary" role="alert" tabIndex={-1} ref={summaryRef} data-testid="error-summary">
            <p class="error-summary__title">{t('optionsInvalid')}</p>
            <ul>
              {liveErrors.map((error, index) => (
                <li key={index}>
                  <a href={`#${controlId(error.field)}`} onClick={focusControl(controlId(error.field))}>
                    {t('optionsImportFieldError', [t(FIELD_LABELS[error.field]), errorText(error)])}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}

        <Section id="hosts-section" title="optionsHostsTitle">
          <ListField
            id="hosts"
            label="optionsHostsLabel"
            hint="optionsHostsHint"
            rows={3}
            value={draft.hostsText}
            placeholder="secure.workbooks.com"
            problems={hosts}
            errors={listErrorsFor('hosts')}
            onInput={(hostsText) => update({ hostsText })}
          />
        </Section>

        <Section id="connection" title="optionsConnectionTitle">
          <fieldset aria-describedby="connection-note">
            <legend>{t('optionsConnectionModeLegend')}</legend>
            {(['session', 'api-key'] as const).map((mode) => (
              <div class="choice" key={mode}>
                <input
                  type="radio"
                  id={`connectionMode-${mode}`}
                  name="connectionMode"
                  value={mode}
                  checked={draft.connectionMode === mode}
                  onChange={() => update({ connectionMode: mode })}
                />
                <label for={`connectionMode-${mode}`}>{t(mode === 'session' ? 'optionsModeSession' : 'optionsModeApiKey')}</label>
              </div>
            ))}
            {errorsFor('connectionMode').length > 0 && <span class="field__error">{errorsFor('connectionMode').map(errorText).join(' ')}</span>}
          </fieldset>
          <p id="connection-note" class="field__hint">
            {t('optionsApiKeyNote')}
          </p>
        </Section>

        <Section id="thresholds" title="optionsThresholds" intro="optionsThresholdsIntro">
          {THRESHOLD_FIELDS.map(({ field, hint }) => (
            <NumberField
              key={field}
              id={field}
              label={FIELD_LABELS[field]}
              hint={hint}
              value={draft[field]}
              min={INTEGER_SETTING_BOUNDS[field][0]}
              max={INTEGER_SETTING_BOUNDS[field][1]}
              errors={errorsFor(field)}
              onInput={(value) => update({ [field]: value } as Partial<SettingsDraft>)}
            />
          ))}
        </Section>

        <Section id="ranges" title="optionsAllowedRangesTitle" intro="optionsAllowedRangesIntro">
          <ListField
            id="allowedRanges"
            label="optionsAllowedRangesLabel"
            hint="optionsAllowedRangesHint"
            rows={6}
            value={draft.allowedRangesText}
            placeholder={'203.0.113.0/24\n2001:db8:1234::/48'}
            problems={ranges}
            errors={listErrorsFor('allowedRanges')}
            onInput={(allowedRangesText) => update({ allowedRangesText })}
          />
        </Section>

        <Section id="bulk" title="optionsBulkTitle">
          <div class="choice">
            <input
              type="checkbox"
              id="autoRetryUnchangedIpConflicts"
              checked={draft.autoRetryUnchangedIpConflicts}
              aria-describedby="autoRetryUnchangedIpConflicts-hint"
              onChange={(event) => update({ autoRetryUnchangedIpConflicts: (event.currentTarget as HTMLInputElement).checked })}
            />
            <label for="autoRetryUnchangedIpConflicts">{t('optionsAutoRetryLabel')}</label>
          </div>
          <p id="autoRetryUnchangedIpConflicts-hint" class="field__hint">
            {t('optionsAutoRetryHint')}
          </p>
        </Section>

        <Section id="log" title="optionsLogTitle">
          <NumberField
            id="logRetentionDays"
            label="optionsLogRetentionDays"
            hint="optionsLogRetentionHint"
            value={draft.logRetentionDays}
            min={INTEGER_SETTING_BOUNDS.logRetentionDays[0]}
            max={INTEGER_SETTING_BOUNDS.logRetentionDays[1]}
            errors={errorsFor('logRetentionDays')}
            onInput={(logRetentionDays) => update({ logRetentionDays })}
          />
        </Section>

        <RemindersSection
          enabled={saved.reminders.enabled}
          permissionGranted={permissionGranted}
          busy={reminderBusy}
          note={reminderNote}
          hour={draft.reminderHour}
          hourErrors={errorsFor('reminders')}
          windowDays={saved.expiryWarningDays}
          onTurnOn={onTurnOn}
          onTurnOff={onTurnOff}
          onHourChange={(reminderHour) => update({ reminderHour })}
        />

        <div class="savebar">
          <button type="submit" disabled={saving} data-testid="save-settings">
            {t('optionsSave')}
          </button>
          <p id="save-status" class={`status ${status === 'failed' ? 'status--error' : ''}`} role="status" aria-live="polite" data-testid="save-status">
            {statusText[status]}
          </p>
        </div>
      </form>

      <BackupSection services={services} onImported={onImported} />
      <StorageSection services={services} refreshKey={storageRefresh} />
      <ResetSection onReset={onReset} />
    </main>
  );
}
