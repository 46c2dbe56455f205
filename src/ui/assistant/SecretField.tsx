/**
 * A key's secret value: masked by default (last four characters at most), shown only on an explicit Reveal and
 * copied only on an explicit Copy. The value lives in this component's state alone: never in drafts, logs,
 * activity or any store. For an existing key the value is read on request (`load`) rather than with the key.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { maskSecret } from '../../platform/secrets';
import { errorMessage } from '../../core/error-message';

export interface SecretFieldProps {
  /** Known value (a key just created), or null when it must be loaded on request. */
  secret: string | null;
  load?: () => Promise<string | null>;
  /** Copies text; defaults to the asynchronous clipboard API. */
  copy?: (text: string) => Promise<void>;
  testId?: string;
  /** Id of the element naming the field ("API Key"). */
  labelledBy?: string;
}

const clipboardCopy = (text: string): Promise<void> => navigator.clipboard.writeText(text);

export function SecretField({ secret, load, copy = clipboardCopy, testId = 'wbka-secret', labelledBy }: SecretFieldProps) {
  const [value, setValue] = useState<string | null>(secret);
  const [revealed, setRevealed] = useState(false);
  const [status, setStatus] = useState<string>('');

  useEffect(() => {
    setValue(secret);
    setRevealed(false);
  }, [secret]);

  const obtain = async (): Promise<string | null> => {
    if (value !== null) return value;
    if (!load) return null;
    setStatus(t('editorSecretLoading'));
    try {
      const loaded = await load();
      setValue(loaded);
      if (loaded === null) setStatus(t('editorSecretUnavailable'));
      return loaded;
    } catch (error) {
      setStatus(t('editorSecretLoadFailed', [errorMessage(error)]));
      return null;
    }
  };

  const onReveal = async () => {
    if (revealed) {
      setRevealed(false);
      setStatus('');
      return;
    }
    const known = await obtain();
    if (known !== null) {
      setRevealed(true);
      setStatus('');
    }
  };

  const onCopy = async () => {
    const known = await obtain();
    if (known === null) return;
    try {
      await copy(known);
      setStatus(t('editorSecretCopied'));
    } catch {
      setStatus(t('editorSecretCopyFailed'));
    }
  };

  const shown = revealed && value !== null ? value : value !== null ? maskSecret(value) : '••••••••';
  return (
    <div class="wbka-secret" role="group" aria-labelledby={labelledBy} data-testid={testId}>
      <code class="wbka-secret__value" data-testid={`${testId}-value`} data-revealed={revealed}>
        {shown}
      </code>
      <span class="wbka-secret__actions">
        <button type="button" class="wbka-button wbka-button--small" aria-pressed={revealed} onClick={() => void onReveal()} data-testid={`${testId}-reveal`}>
          {revealed ? t('editorSecretHide') : t('editorSecretReveal')}
        </button>
        <button type="button" class="wbka-button wbka-button--small" onClick={() => void onCopy()} data-testid={`${testId}-copy`}>
          {t('editorSecretCopy')}
        </button>
      </span>
      <span class="wbka-secret__status" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
