/**
 * Activity: every save made from the panel on this host + database (creates, updates, and later bulk
 * operations), newest first: when, who, which key, which fields, and the outcome. Entries never hold secrets
 * (the stores strip credential fields, and nobody passes them in). Re-read whenever the tab is shown.
 */
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../platform/i18n';
import type { ActivityRecord } from '../../platform/db';
import type { TabProps } from '../tab-props';
import { CommonStyles } from '../common/CommonStyles';
import { useConnection } from '../common/use-connection';
import activityCss from './activity.css?inline';
import { errorMessage } from '../../core/error-message';

type ActivityState = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; entries: ActivityRecord[] } | { state: 'failed'; message: string };

const ACTION_TEXT: Readonly<Record<ActivityRecord['action'], MessageKey>> = {
  create: 'activityActionCreate',
  update: 'activityActionUpdate',
  'bulk-apply': 'activityActionBulkApply',
  'bulk-undo': 'activityActionBulkUndo',
  'bulk-resume': 'activityActionBulkResume',
};

const OUTCOME_TEXT: Readonly<Record<ActivityRecord['outcome'], MessageKey>> = {
  saved: 'activityOutcomeSaved',
  conflict: 'activityOutcomeConflict',
  failed: 'activityOutcomeFailed',
  partial: 'activityOutcomePartial',
};

/** Field ids the key editor records, in the Workbooks form's words; other writers' names are shown as given. */
const FIELD_TEXT: Readonly<Record<string, MessageKey>> = {
  name: 'editorFieldName',
  description: 'editorFieldDescription',
  accessAsUserId: 'editorFieldUser',
  validFrom: 'editorFieldValidFrom',
  until: 'editorFieldUntil',
  permittedIps: 'editorFieldIps',
  capabilities: 'editorFieldCapabilities',
};

export function fieldText(field: string): string {
  const key = FIELD_TEXT[field];
  return key ? t(key) : field;
}

function when(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

export function ActivityTab({ services, active }: TabProps) {
  const connection = useConnection(services);
  const [activity, setActivity] = useState<ActivityState>({ state: 'idle' });
  const [version, setVersion] = useState(0);
  const database = connection.database;

  useEffect(() => {
    if (!active || database === null) return undefined;
    let stale = false;
    setActivity((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    services.stores.activity
      .list(services.scope())
      .then((entries) => {
        if (!stale) setActivity({ state: 'ready', entries });
      })
      .catch((error: unknown) => {
        if (!stale) setActivity({ state: 'failed', message: errorMessage(error) });
      });
    return () => {
      stale = true;
    };
  }, [active, database, version, services]);

  return (
    <div class="wbka-activity" data-testid="wbka-activity-tab">
      <CommonStyles />
      <style>{activityCss}</style>
      <div class="wbka-activity__head">
        <h3 class="wbka-activity__title">{t('activityTitle')}</h3>
        <button type="button" class="wbka-button wbka-button--small" onClick={() => setVersion((n) => n + 1)} data-testid="wbka-activity-refresh">
          {t('activityRefresh')}
        </button>
      </div>
      <p class="wbka-hint">{t('activityIntro')}</p>
      {database === null && <p class="wbka-note">{t('activityNeedsConnection')}</p>}
      {activity.state === 'loading' && <p role="status">{t('activityLoading')}</p>}
      {activity.state === 'failed' && (
        <p class="wbka-alert" role="alert">
          {t('activityLoadFailed', [activity.message])}
        </p>
      )}
      {activity.state === 'ready' && activity.entries.length === 0 && <p data-testid="wbka-activity-empty">{t('activityEmpty')}</p>}
      {activity.state === 'ready' && activity.entries.length > 0 && (
        <ol class="wbka-activity__list" aria-label={t('activityListLabel')} data-testid="wbka-activity-list">
          {activity.entries.map((entry, index) => (
            <li
              key={entry.id ?? index}
              class={`wbka-activity__entry wbka-activity__entry--${entry.outcome}`}
              data-testid="wbka-activity-entry"
              data-outcome={entry.outcome}
              data-action={entry.action}
              data-key-id={entry.keyId ?? ''}
            >
              <p class="wbka-activity__line">
                <strong>{t(ACTION_TEXT[entry.action])}</strong> · <span class={`wbka-activity__outcome wbka-activity__outcome--${entry.outcome}`}>{t(OUTCOME_TEXT[entry.outcome])}</span>
              </p>
              <p class="wbka-activity__key">
                {entry.keyId !== null ? t('activityKey', [entry.keyName || '—', String(entry.keyId)]) : t('activityKeyNew', [entry.keyName || '—'])}
              </p>
              <p class="wbka-activity__meta">
                <time dateTime={entry.at}>{when(entry.at)}</time> · {t('activityBy', [entry.who])}
              </p>
              {entry.fields.length > 0 && (
                <p class="wbka-activity__fields" data-testid="wbka-activity-fields">
                  {t('activityFields', [entry.fields.map(fieldText).join(', ')])}
                </p>
              )}
              {entry.detail && <p class="wbka-activity__detail">{entry.detail}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
