/**
 * The connection's state in plain words: which problem, and what to do about it. Known Workbooks failure reasons
 * get a specific instruction; anything else falls back to the services' own description.
 */
import { t, type MessageKey } from '../../platform/i18n';
import type { ConnectionState } from '../../content/services';
import type { TokenStrategy } from '../../content/token-strategies';

const REASON_TEXT: Readonly<Record<string, MessageKey>> = {
  session_expired: 'connectionProblemSessionExpired',
  no_session: 'connectionProblemNoSession',
  no_session_found: 'connectionProblemNoSession',
  no_api_key: 'connectionProblemNoApiKey',
  invalid_api_key: 'connectionProblemInvalidApiKey',
  api_key_expired: 'connectionProblemApiKeyExpired',
  api_key_not_yet_valid: 'connectionProblemApiKeyNotYetValid',
  ip_address_not_permitted: 'connectionProblemIpNotPermitted',
  login_disabled: 'connectionProblemLoginDisabled',
  no_licensed_edition: 'connectionProblemNoEdition',
  no_permission_for_api: 'connectionProblemNoApiPermission',
  invalid_authenticity_token: 'connectionProblemBadToken',
  no_authenticity_token: 'connectionProblemBadToken',
  database_being_migrated: 'connectionProblemMigrating',
};

/** The problem to show, or null when everything works (connected and able to save). */
export function connectionProblemText(state: ConnectionState): string | null {
  if (state.status === 'connecting') return null;
  if (state.status === 'connected') {
    if (state.canWrite) return null;
    return state.mode === 'session' ? t('connectionProblemNoToken') : state.problem;
  }
  const key = state.failureReason ? REASON_TEXT[state.failureReason] : undefined;
  if (key) return t(key);
  return state.problem ?? t('connectionProblemUnknown');
}

const STRATEGY_TEXT: Readonly<Record<TokenStrategy, MessageKey>> = {
  meta: 'connectionTokenMeta',
  'hidden-input': 'connectionTokenHiddenInput',
  'login-api': 'connectionTokenLoginApi',
};

export function writesText(state: ConnectionState): string {
  if (state.status === 'connecting') return t('connectionWritesChecking');
  if (state.status !== 'connected' || !state.canWrite) return t('connectionWritesNo');
  if (state.mode === 'api-key') return t('connectionWritesApiKey');
  return state.tokenStrategy ? t('connectionWritesSession', [t(STRATEGY_TEXT[state.tokenStrategy])]) : t('connectionWritesNo');
}

export function statusText(state: ConnectionState): string {
  if (state.status === 'connecting') return t('connectionStatusConnecting');
  if (state.status === 'failed') return t('connectionStatusFailed');
  return state.canWrite ? t('connectionStatusConnected') : t('connectionStatusReadOnly');
}
