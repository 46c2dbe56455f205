/**
 * The options form edits a draft: numbers as the admin typed them, lists as textarea text. The draft becomes
 * a candidate for `validateSettings` only on save, so nothing half-typed ever reaches storage.
 */
import {
  INTEGER_SETTING_BOUNDS,
  checkAllowedRange,
  normaliseHost,
  splitListText,
  type ConnectionMode,
  type IntegerSettingsField,
  type Settings,
  type SettingsMessage,
  type SettingsValidationOptions,
} from '../../core/settings';

export const INTEGER_FIELDS = Object.keys(INTEGER_SETTING_BOUNDS) as IntegerSettingsField[];

export type SettingsDraft = Record<IntegerSettingsField, string> & {
  connectionMode: ConnectionMode;
  hostsText: string;
  allowedRangesText: string;
  /** '' = shortly after turning reminders on; otherwise an hour 0–23. */
  reminderHour: string;
  autoRetryUnchangedIpConflicts: boolean;
};

export function draftFromSettings(settings: Settings): SettingsDraft {
  const numbers = Object.fromEntries(INTEGER_FIELDS.map((field) => [field, String(settings[field])])) as Record<IntegerSettingsField, string>;
  return {
    ...numbers,
    connectionMode: settings.connectionMode,
    hostsText: settings.hosts.join('\n'),
    allowedRangesText: settings.allowedRanges.join('\n'),
    reminderHour: settings.reminders.hour === undefined ? '' : String(settings.reminders.hour),
    autoRetryUnchangedIpConflicts: settings.autoRetryUnchangedIpConflicts,
  };
}

/**
 * The draft as a settings candidate. Whether reminders are on is not part of the form: it changes at once
 * with its own button (it needs a permission prompt), so it comes from the saved settings.
 */
export function candidateFromDraft(draft: SettingsDraft, remindersEnabled: boolean): Record<string, unknown> {
  const candidate: Record<string, unknown> = {
    connectionMode: draft.connectionMode,
    hosts: splitListText(draft.hostsText),
    allowedRanges: splitListText(draft.allowedRangesText),
    reminders: draft.reminderHour === '' ? { enabled: remindersEnabled } : { enabled: remindersEnabled, hour: draft.reminderHour },
    autoRetryUnchangedIpConflicts: draft.autoRetryUnchangedIpConflicts,
  };
  for (const field of INTEGER_FIELDS) candidate[field] = draft[field];
  return candidate;
}

export function sameDraft(a: SettingsDraft, b: SettingsDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export type EntryProblem = SettingsMessage & {
  /** 1-based position among the non-blank entries, as the admin counts lines. */
  position: number;
};

/** Live check of the approved-ranges textarea, entry by entry, with the IP engine. */
export function rangeProblems(text: string): EntryProblem[] {
  const problems: EntryProblem[] = [];
  splitListText(text).forEach((entry, index) => {
    const checked = checkAllowedRange(entry);
    if (!checked.ok) {
      const { ok: _failed, ...message } = checked;
      problems.push({ position: index + 1, ...message });
    }
  });
  return problems;
}

/** Live check of the hosts textarea. */
export function hostProblems(text: string, options: SettingsValidationOptions): EntryProblem[] {
  const problems: EntryProblem[] = [];
  splitListText(text).forEach((entry, index) => {
    if (normaliseHost(entry, options) === null) problems.push({ position: index + 1, messageKey: 'optionsErrorHost', substitutions: [entry] });
  });
  return problems;
}
