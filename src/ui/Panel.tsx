/**
 * The assistant drawer: header, connection bar, and four tabs (Assistant, Audit, Bulk edit, Activity). Only the
 * Assistant tab's code comes with the panel: the Audit, Bulk edit and Activity tabs are separate chunks imported
 * the first time their tab is shown — by a click, the arrow keys, or a cross-tab request (`navigate.openAudit`,
 * `openBulkEdit`, an expiry reminder asking for the audit) — with a busy placeholder meanwhile and a message if
 * the chunk cannot load (e.g. the extension was updated under the page). Once shown, a tab stays mounted while
 * hidden so an audit or a half-done bulk edit survives switching tabs. Cross-tab requests are this component's
 * state, so one made before the tab's code has arrived reaches the tab when it mounts. Everything the tabs need
 * comes in `services`; cross-tab requests go through `navigate`.
 *
 * No idle preloading of the tab chunks: measured on the test build (headless Chromium, simulator), a click on
 * a not-yet-loaded tab renders it in ~25–30 ms (median; worst seen ~55 ms) against ~7 ms when preloaded — instant
 * either way, while preloading would parse ~120 KB of tab code on every panel open that most visits never use.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../platform/i18n';
import type { PanelState } from '../content/controller';
import type { AssistantServices } from '../content/services';
import type { AuditFilter } from '../core/keys/audit-table';
import type { PanelNavigation, TabRequest } from './tab-props';
import { ConnectionBar } from './connection/ConnectionBar';
import { AssistantTab } from './assistant/AssistantTab';
import { LazyTabPanel, lazyComponent } from './lazy-tab';

// Loaded the first time their tab is shown (once per page: the cache outlives the panel being closed).
const auditTab = lazyComponent(() => import('./audit/AuditTab').then((module) => module.AuditTab));
const bulkTab = lazyComponent(() => import('./bulk/BulkTab').then((module) => module.BulkTab));
const activityTab = lazyComponent(() => import('./activity/ActivityTab').then((module) => module.ActivityTab));
const LAZY_TABS = { audit: auditTab, bulk: bulkTab, activity: activityTab } as const;

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
  // Tabs shown at least once: they are mounted from then on, hidden or not, so their state survives.
  const [opened, setOpened] = useState<ReadonlySet<TabId>>(() => new Set<TabId>(['assistant']));
  const [keyRequest, setKeyRequest] = useState<TabRequest<number | 'new'> | null>(null);
  const [auditRequest, setAuditRequest] = useState<TabRequest<AuditFilter | undefined> | null>(null);
  const [bulkRequest, setBulkRequest] = useState<TabRequest<number[]> | null>(null);

  useEffect(() => {
    // The admin asked for the panel: move focus into it so keyboard users land where the new content is.
    if (takeFocus) headingRef.current?.focus({ preventScroll: true });
  }, [takeFocus]);

  // Every way to change tabs goes through here, so a tab is mounted however it was first reached.
  const show = useCallback((next: TabId) => {
    // Start the import in the click itself rather than after the next paint: one frame sooner. A failure is
    // reported by the tabpanel, which asks again.
    if (next !== 'assistant') LAZY_TABS[next].load().catch(() => undefined);
    setTab(next);
    setOpened((current) => (current.has(next) ? current : new Set([...current, next])));
  }, []);

  const navigate = useMemo<PanelNavigation>(() => {
    let nonce = 0;
    return {
      openKey(keyId) {
        setKeyRequest({ value: keyId, nonce: ++nonce });
        show('assistant');
      },
      openAudit(filter) {
        setAuditRequest({ value: filter, nonce: ++nonce });
        show('audit');
      },
      openBulkEdit(keyIds) {
        setBulkRequest({ value: keyIds, nonce: ++nonce });
        show('bulk');
      },
    };
  }, [show]);

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
    show(next);
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
            onClick={() => show(entry.id)}
            data-testid={`wbka-tab-${entry.id}`}
          >
            {t(entry.label)}
          </button>
        ))}
      </div>
      <section role="tabpanel" id="wbka-tabpanel-assistant" aria-labelledby="wbka-tab-assistant" hidden={tab !== 'assistant'} class="panel__tabpanel">
        <AssistantTab {...common} active={tab === 'assistant'} request={keyRequest} detected={state.detected} />
      </section>
      <LazyTabPanel tabId="audit" hidden={tab !== 'audit'} mounted={opened.has('audit')} lazy={auditTab} props={{ ...common, active: tab === 'audit', request: auditRequest }} />
      <LazyTabPanel tabId="bulk" hidden={tab !== 'bulk'} mounted={opened.has('bulk')} lazy={bulkTab} props={{ ...common, active: tab === 'bulk', request: bulkRequest }} />
      <LazyTabPanel tabId="activity" hidden={tab !== 'activity'} mounted={opened.has('activity')} lazy={activityTab} props={{ ...common, active: tab === 'activity' }} />
    </aside>
  );
}
