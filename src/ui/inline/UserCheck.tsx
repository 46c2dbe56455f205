/** Under "Access as User": whether the chosen user can log in — a quiet line when so, a warning with what to do when not. */
import { t } from '../../platform/i18n';
import { SeverityLabel } from './Severity';
import type { UserCheckView } from './types';

export function UserCheck({ view, fieldLabel }: { view: UserCheckView; fieldLabel: string }) {
  if (view.state === 'idle') return null;
  if (view.state === 'checking') {
    return (
      <div class="wbka-inline" role="group" aria-label={t('formFindingsLabel', fieldLabel)}>
        <p class="wbka-notice" data-testid="wbka-inline-user" data-status="checking">
          {t('formUserChecking')}
        </p>
      </div>
    );
  }
  if (view.state === 'ok') {
    return (
      <div class="wbka-inline" role="group" aria-label={t('formFindingsLabel', fieldLabel)}>
        <p class="wbka-finding wbka-finding--ok" data-testid="wbka-inline-user" data-status="ok">
          <SeverityLabel severity="ok" />
          <span class="wbka-finding__body">{view.message}</span>
        </p>
      </div>
    );
  }
  return (
    <div class="wbka-inline" role="group" aria-label={t('formFindingsLabel', fieldLabel)}>
      <p class={`wbka-finding wbka-finding--${view.severity}`} data-testid="wbka-inline-user" data-status={view.code} data-severity={view.severity}>
        <SeverityLabel severity={view.severity} />
        <span class="wbka-finding__body">
          <span data-testid="wbka-inline-message">{view.message}</span>
          <span class="wbka-finding__advice" data-testid="wbka-inline-advice">
            {view.advice}
          </span>
        </span>
      </p>
    </div>
  );
}
