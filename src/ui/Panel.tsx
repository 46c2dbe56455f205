/**
 * The assistant drawer. Receives everything it shows as props (no fetch, no storage), so it renders the
 * same in the page, in component tests and in the options preview.
 */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../platform/i18n';
import type { PanelState } from '../content/controller';

export interface PanelProps {
  state: PanelState;
  host: string;
  onClose: () => void;
}

export function Panel({ state, host, onClose }: PanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // Move focus into the panel so keyboard users land where the new content is.
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  };

  return (
    <aside class="panel" role="complementary" aria-label={t('panelRegionLabel')} onKeyDown={onKeyDown} data-testid="wbka-panel">
      <header class="panel__header">
        <h2 class="panel__title" tabIndex={-1} ref={headingRef}>
          {t('panelTitle')}
        </h2>
        <button type="button" class="panel__close" aria-label={t('panelClose')} title={t('panelClose')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <dl class="panel__connection">
        <dt>{t('panelHostLabel')}</dt>
        <dd data-testid="wbka-host">{host}</dd>
      </dl>
      <p class="panel__status" role="status" data-testid="wbka-detection">
        {state.detected ? t('panelDetected') : t('panelNotDetected')}
      </p>
      <section class="panel__body">
        <p>{t('panelAssistantIntro')}</p>
        <p class="panel__hint">{t('panelShortcutHint')}</p>
      </section>
    </aside>
  );
}
