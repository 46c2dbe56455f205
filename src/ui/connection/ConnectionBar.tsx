/**
 * The connection bar: host, database, who the panel acts as, the mode, whether (and how) it can save, and the
 * problem in plain words with what to do. Controls: Reconnect, the mode, and in API-key mode a password field
 * to paste a key. A pasted key goes straight to the worker (`services.setApiKey`) and the field is cleared at
 * once: afterwards only the masked form (••••••••1a2b) is ever shown, and nothing here logs or stores it.
 */
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { AssistantServices, ConnectionMode } from '../../content/services';
import { CommonStyles } from '../common/CommonStyles';
import { useConnection } from '../common/use-connection';
import { connectionProblemText, statusText, writesText } from './connection-text';
import connectionCss from './connection.css?inline';
import { errorMessage } from '../../core/error-message';

/** The worker refuses shorter keys (see platform/api-messages): say so before sending. */
const MIN_KEY_LENGTH = 8;

export function ConnectionBar({ services }: { services: AssistantServices }) {
  const state = useConnection(services);
  const [optionsOpen, setOptionsOpen] = useState<boolean | null>(null);
  const [keyText, setKeyText] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');

  const problem = connectionProblemText(state);
  // Options open by themselves while something needs the admin, unless they closed them.
  const showOptions = optionsOpen ?? problem !== null;

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setNotice('');
    try {
      await work();
      setNotice(done);
    } catch (error) {
      setNotice(t('connectionActionFailed', [errorMessage(error)]));
    } finally {
      setBusy(false);
    }
  };

  const switchMode = (mode: ConnectionMode) => {
    if (mode === state.mode) return;
    void run(() => services.connect(mode), mode === 'api-key' ? t('connectionSwitchedApiKey') : t('connectionSwitchedSession'));
  };

  const saveKey = (event: Event) => {
    event.preventDefault();
    const pasted = keyText.trim();
    if (pasted.length < MIN_KEY_LENGTH || /\s/.test(pasted)) {
      setNotice(t('connectionKeyTooShort'));
      return;
    }
    // Cleared before anything else happens: the value must not survive in the form.
    setKeyText('');
    void run(() => services.setApiKey(pasted, remember), t('connectionKeySaved'));
  };

  const forgetKey = () => void run(() => services.forgetApiKey(), t('connectionKeyForgotten'));

  const userLabel = state.mode === 'api-key' ? t('connectionKeyActsAs') : t('connectionSignedInAs');
  const modeLabel = state.mode === 'api-key' ? t('connectionModeApiKey') : t('connectionModeSession');

  return (
    <section class="wbka-conn" aria-labelledby="wbka-conn-title" data-testid="wbka-connection" data-status={state.status} data-mode={state.mode} data-can-write={String(state.canWrite)}>
      <CommonStyles />
      <style>{connectionCss}</style>
      <div class="wbka-conn__head">
        <h3 id="wbka-conn-title" class="wbka-conn__title">
          {t('connectionTitle')}
        </h3>
        <span class={`wbka-conn__status wbka-conn__status--${state.status === 'connected' && state.canWrite ? 'ok' : state.status}`} data-testid="wbka-conn-status">
          {statusText(state)}
        </span>
      </div>
      <dl class="panel__connection">
        <dt>{t('panelHostLabel')}</dt>
        <dd data-testid="wbka-conn-host">{state.host}</dd>
        <dt>{t('connectionDatabase')}</dt>
        <dd data-testid="wbka-conn-database">{state.database ?? '—'}</dd>
        <dt>{userLabel}</dt>
        <dd data-testid="wbka-conn-user">{state.userName ?? '—'}</dd>
        <dt>{t('connectionMode')}</dt>
        <dd data-testid="wbka-conn-mode">{state.mode === 'api-key' && state.apiKey?.masked ? `${modeLabel} (${state.apiKey.masked})` : modeLabel}</dd>
        <dt>{t('connectionWrites')}</dt>
        <dd data-testid="wbka-conn-writes">{writesText(state)}</dd>
      </dl>
      {problem && (
        <p class="wbka-alert" role="alert" data-testid="wbka-conn-problem">
          {problem}
        </p>
      )}
      <div class="wbka-actions">
        <button type="button" class="wbka-button wbka-button--small" disabled={busy || state.status === 'connecting'} onClick={() => void run(() => services.connect(state.mode), t('connectionReconnected'))} data-testid="wbka-reconnect">
          {t('connectionReconnect')}
        </button>
        <button
          type="button"
          class="wbka-button wbka-button--small"
          aria-expanded={showOptions}
          aria-controls="wbka-conn-options"
          onClick={() => setOptionsOpen(!showOptions)}
          data-testid="wbka-conn-options-toggle"
        >
          {t('connectionOptions')}
        </button>
      </div>
      <div id="wbka-conn-options" class="wbka-conn__options" hidden={!showOptions} data-testid="wbka-conn-options">
        <fieldset class="wbka-conn__modes">
          <legend>{t('connectionModeLegend')}</legend>
          {(['session', 'api-key'] as const).map((mode) => (
            <p key={mode} class="wbka-conn__mode">
              <input
                type="radio"
                id={`wbka-conn-mode-${mode}`}
                name="wbka-conn-mode"
                checked={state.mode === mode}
                disabled={busy}
                onChange={() => switchMode(mode)}
                data-testid={`wbka-conn-mode-${mode}`}
              />{' '}
              <label for={`wbka-conn-mode-${mode}`}>{mode === 'session' ? t('connectionUseSession') : t('connectionUseApiKey')}</label>
            </p>
          ))}
        </fieldset>
        {state.mode === 'api-key' && (
          <div class="wbka-conn__apikey">
            {state.apiKey?.present && (
              <p class="wbka-conn__stored" data-testid="wbka-conn-stored-key">
                {t('connectionStoredKey')} <code>{state.apiKey.masked ?? '••••'}</code> — {state.apiKey.remembered ? t('connectionKeyRemembered') : t('connectionKeySessionOnly')}{' '}
                <button type="button" class="wbka-button wbka-button--small wbka-button--danger" disabled={busy} onClick={forgetKey} data-testid="wbka-conn-forget">
                  {t('connectionForget')}
                </button>
              </p>
            )}
            <form class="wbka-conn__keyform" onSubmit={saveKey} autoComplete="off">
              <label for="wbka-conn-key" class="wbka-field__label">
                {state.apiKey?.present ? t('connectionReplaceKey') : t('connectionPasteKey')}
              </label>
              <input
                id="wbka-conn-key"
                class="wbka-input"
                type="password"
                autoComplete="off"
                spellcheck={false}
                value={keyText}
                aria-describedby="wbka-conn-key-hint"
                onInput={(event) => setKeyText((event.currentTarget as HTMLInputElement).value)}
                data-testid="wbka-conn-key"
              />
              <p class="wbka-conn__remember">
                <input type="checkbox" id="wbka-conn-remember" checked={remember} onChange={(event) => setRemember((event.currentTarget as HTMLInputElement).checked)} data-testid="wbka-conn-remember" />{' '}
                <label for="wbka-conn-remember">{t('connectionRemember')}</label>
              </p>
              <p id="wbka-conn-key-hint" class="wbka-hint">
                {t('connectionKeyHint')}
              </p>
              <div class="wbka-actions">
                <button type="submit" class="wbka-button wbka-button--primary wbka-button--small" disabled={busy || keyText.trim() === ''} data-testid="wbka-conn-save-key">
                  {t('connectionSaveKey')}
                </button>
              </div>
            </form>
          </div>
        )}
      </div>
      <p class="wbka-conn__notice" role="status" aria-live="polite" data-testid="wbka-conn-notice">
        {notice}
      </p>
    </section>
  );
}
