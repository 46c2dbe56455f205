/** Reset to defaults, behind an explicit confirmation (the admin's ranges and hosts would be gone). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { Section } from './fields';

export function ResetSection({ onReset }: { onReset: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    // Focus follows the question: onto its safe answer when it appears, back to the button when it goes.
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) startRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const confirm = async () => {
    setBusy(true);
    try {
      await onReset();
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <Section id="reset" title="optionsResetTitle" intro="optionsResetIntro">
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="reset-question">
          <p id="reset-question" class="confirm__question">
            {t('optionsResetQuestion')}
          </p>
          <div class="actions">
            <button type="button" class="button--danger" onClick={confirm} disabled={busy} data-testid="reset-confirm">
              {t('optionsResetConfirm')}
            </button>
            <button type="button" class="button--secondary" ref={cancelRef} onClick={() => setConfirming(false)} disabled={busy}>
              {t('optionsResetCancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button type="button" class="button--secondary" ref={startRef} onClick={() => setConfirming(true)} data-testid="reset-start">
            {t('optionsReset')}
          </button>
        </div>
      )}
    </Section>
  );
}
