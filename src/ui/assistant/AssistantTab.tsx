/**
 * The Assistant tab: the key list, and the key editor for one key (or a new one). Keys open from the list, from
 * an unsaved draft, or from other tabs (`request`). The list loads once the connection is up and refreshes
 * after a save; the users for the picker load with the first editor.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { DraftRecord } from '../../platform/db';
import { DEFAULT_SETTINGS, type Settings } from '../../core/settings';
import type { AssistantTabProps } from '../tab-props';
import { CommonStyles } from '../common/CommonStyles';
import { useConnection } from '../common/use-connection';
import { KeyEditor } from './KeyEditor';
import { KeyList, LIST_PAGE, type KeyListState } from './KeyList';
import { loadAllUsers, loadKeyList } from './key-data';
import type { UsersState } from './UserPicker';
import assistantCss from './assistant.css?inline';
import { errorMessage } from '../../core/error-message';

type View = { kind: 'list' } | { kind: 'editor'; keyId: number | 'new'; nonce: number };

export function AssistantTab({ services, active, request, detected }: AssistantTabProps) {
  const connection = useConnection(services);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [list, setList] = useState<KeyListState>({ state: 'idle' });
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState(LIST_PAGE);
  const [drafts, setDrafts] = useState<DraftRecord[]>([]);
  const [users, setUsers] = useState<UsersState>({ state: 'loading' });
  const [listVersion, setListVersion] = useState(0);
  const loadedList = useRef<string | null>(null);
  const loadedUsers = useRef<string | null>(null);
  const lastOpened = useRef<number | 'new' | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const openNonce = useRef(0);

  const connectedAs = connection.status === 'connected' ? `${connection.mode}|${connection.host}|${connection.database ?? '?'}` : null;

  useEffect(() => {
    void services
      .settings()
      .catch(() => DEFAULT_SETTINGS)
      .then((loaded) => setSettings(loaded));
  }, [services]);

  const open = (keyId: number | 'new') => {
    lastOpened.current = keyId;
    setView({ kind: 'editor', keyId, nonce: ++openNonce.current });
  };

  useEffect(() => {
    if (request) open(request.value);
  }, [request?.nonce]);

  // The list: loaded when the tab is visible, connected and showing the list, once per connection and save.
  useEffect(() => {
    if (!active || !connectedAs || !settings || view.kind !== 'list') return undefined;
    const wanted = `${connectedAs}#${listVersion}`;
    const scope = services.scope();
    void services.stores.drafts
      .list(scope)
      .then((found) => setDrafts(found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))))
      .catch(() => setDrafts([]));
    if (loadedList.current === wanted) return undefined;
    const controller = new AbortController();
    setList({ state: 'loading', loaded: 0, total: null });
    loadKeyList(services, settings, { signal: controller.signal, onProgress: (loaded, total) => !controller.signal.aborted && setList({ state: 'loading', loaded, total }) })
      .then((rows) => {
        if (controller.signal.aborted) return;
        loadedList.current = wanted;
        setList({ state: 'ready', rows });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ state: 'failed', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [active, connectedAs, settings, view.kind, listVersion]);

  // The users for the picker: with the first editor on this connection.
  useEffect(() => {
    if (view.kind !== 'editor' || !connectedAs || loadedUsers.current === connectedAs) return undefined;
    const controller = new AbortController();
    setUsers({ state: 'loading' });
    loadAllUsers(services, controller.signal)
      .then((found) => {
        loadedUsers.current = connectedAs;
        setUsers({ state: 'ready', users: found });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setUsers({ state: 'failed', message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [view.kind, connectedAs]);

  // Back on the list: focus returns to the key that was open (or the search box).
  useEffect(() => {
    if (view.kind !== 'list' || lastOpened.current === null) return;
    const root = rootRef.current;
    const row = root?.querySelector<HTMLElement>(`[data-testid="wbka-key-row"][data-key-id="${String(lastOpened.current)}"]`);
    (row ?? root?.querySelector<HTMLElement>('#wbka-list-search'))?.focus();
  }, [view.kind, list.state]);

  return (
    <div class="wbka-assistant" ref={rootRef} data-testid="wbka-assistant-tab" data-detected={detected}>
      <CommonStyles />
      <style>{assistantCss}</style>
      {view.kind === 'list' ? (
        <>
          <p class="wbka-hint">{t('panelAssistantIntro')}</p>
          <KeyList
            list={list}
            query={query}
            shown={shown}
            drafts={drafts}
            connected={connectedAs !== null}
            onQuery={(next) => {
              setQuery(next);
              setShown(LIST_PAGE);
            }}
            onShowMore={() => setShown((n) => n + LIST_PAGE)}
            onOpen={open}
            onRefresh={() => setListVersion((n) => n + 1)}
          />
        </>
      ) : (
        <KeyEditor
          key={view.nonce}
          services={services}
          keyId={view.keyId}
          connection={connection}
          settings={settings ?? DEFAULT_SETTINGS}
          users={users}
          onBack={() => setView({ kind: 'list' })}
          onSaved={(id) => {
            lastOpened.current = id;
            setListVersion((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}
