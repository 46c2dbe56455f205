/**
 * The assistant drawer: header, connection bar, and four tabs (Assistant, Audit, Bulk edit, Activity). Tabs
 * stay mounted while hidden so an audit or a half-done bulk edit survives switching tabs. Everything the
 * tabs need comes in `services`; cross-tab requests go through `navigate`.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../platform/i18n';
import type { PanelState } from '../content/controller';
import type { AssistantServices } from '../content/services';
import type { AuditFilter } from '../core/keys/audit-table';
import type { PanelNavigation, TabRequest } from './tab-props';
import { ConnectionBar } from './connection/ConnectionBar';
import { AssistantTab } from './assistant/AssistantTab';
import { AuditTab } from './audit/AuditTab';
import { BulkTab } from './bulk/BulkTab';
import { ActivityTab } from './activity/ActivityTab';

export interface PanelProps {
  state: PanelState;
  services: AssistantServices;
  onClose: () => void;
  takeFocus: boolean;
}

type TabId = 'assistant' | 'audit' | 'bulk' | 'activity';
const TABS: Array<{ id: TabId; label: MessageKey }> = [
  { id: 'assistant', label: 'tabAssistant' },
  { id: 'audit', label: 'tabAudit' },
  { id: 'bulk', label: 'tabBulkEdit' },
  { id: 'activity', label: 'tabActivity' },
];

export function Panel({ state, services, onClose, takeFocus }: PanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  const [tab, setTab] = useState<TabId>('assistant');
  const [keyRequest, setKeyRequest] = useState<TabRequest<number | 'new'> | null>(null);
  const [auditRequest, setAuditRequest] = useState<TabRequest<AuditFilter | undefined> | null>(null);
  const [bulkRequest, setBulkRequest] = useState<TabRequest<number[]> | null>(null);

  useEffect(() => {
    // The admin asked for the panel: move focus into it so keyboard users land where the new content is.
    if (takeFocus) headingRef.current?.focus({ preventScroll: true });
  }, [takeFocus]);

  const navigate = useMemo<PanelNavigation>(() => {
    let nonce = 0;
    return {
      openKey(keyId) {
        setKeyRequest({ value: keyId, nonce: ++nonce });
        setTab('assistant');
      },
      openAudit(filter) {
        setAuditRequest({ value: filter, nonce: ++nonce });
        setTab('audit');
      },
      openBulkEdit(keyIds) {
        setBulkRequest({ value: keyIds, nonce: ++nonce });
        setTab('bulk');
      },
    };
  }, []);

  // A clicked expiry reminder opened this page: show the audit filtered to the keys it was about.
  useEffect(() => {
    let live = true;
    void services
      .pendingAuditFilter()
      .then((filter) => {
        if (live && filter) navigate.openAudit(filter);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [services, navigate]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  };

  // Arrow keys move between tabs (WAI-ARIA tabs pattern, automatic activation).
  const onTabKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((entry) => entry.id === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : step ? (index + step + TABS.length) % TABS.length : -1;
    if (target < 0) return;
    event.preventDefault();
    const next = TABS[target]!.id;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const common = { services, navigate };
  return (
    <aside class="panel" role="complementary" aria-label={t('panelRegionLabel')} onKeyDown={onKeyDown} data-testid="wbka-panel">
      <header class="panel__header">
        <h2 class="panel__title" tabIndex={-1} ref={headingRef}>
          {t('panelTitle')}
        </h2>
        <button type="button" class="panel__close" aria-label={t('panelClose')} title={t('panelClose')} onClick={onClose} data-testid="wbka-close">
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <ConnectionBar services={services} />
      <p class="panel__status" data-testid="wbka-detection">
        {state.detected ? t('panelDetected') : t('panelNotDetected')}
      </p>
      <div class="panel__tabs" role="tablist" aria-label={t('panelTitle')} onKeyDown={onTabKeyDown}>
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            id={`wbka-tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls={`wbka-tabpanel-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            class="panel__tab"
            ref={(el) => {
              tabRefs.current[entry.id] = el;
            }}
            onClick={() => setTab(entry.id)}
            data-testid={`wbka-tab-${entry.id}`}
          >
            {t(entry.label)}
          </button>
        ))}
      </div>
      <section role="tabpanel" id="wbka-tabpanel-assistant" aria-labelledby="wbka-tab-assistant" hidden={tab !== 'assistant'} class="panel__tabpanel">
        <AssistantTab {...common} active={tab === 'assistant'} request={keyRequest} detected={state.detected} />
      </section>
      <section role="tabpanel" id="wbka-tabpanel-audit" aria-labelledby="wbka-tab-audit" hidden={tab !== 'audit'} class="panel__tabpanel">
        <AuditTab {...common} active={tab === 'audit'} request={auditRequest} />
      </section>
      <section role="tabpanel" id="wbka-tabpanel-bulk" aria-labelledby="wbka-tab-bulk" hidden={tab !== 'bulk'} class="panel__tabpanel">
        <BulkTab {...common} active={tab === 'bulk'} request={bulkRequest} />
      </section>
      <section role="tabpanel" id="wbka-tabpanel-activity" aria-labelledby="wbka-tab-activity" hidden={tab !== 'activity'} class="panel__tabpanel">
        <ActivityTab {...common} active={tab === 'activity'} />
      </section>
    </aside>
  );
}
