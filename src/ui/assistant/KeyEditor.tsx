/**
 * The key editor: one key (or a new one) with the same live checks as the native form, drafts that survive a
 * reload, a 401 or a closed tab, saving through the key repository (only changed fields, with the lock_version
 * the admin started from), server errors on their fields, a conflict view, and the saved state afterwards.
 *
 * Typing never waits for anything: inputs are controlled and instant; analysis follows after 150 ms of quiet,
 * drafts after 300 ms.
 */
import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { AssistantServices, ConnectionState } from '../../content/services';
import type { DraftRecord, Scope } from '../../platform/db';
import type { ApiKeyRecord } from '../../core/keys/model';
import type { Settings } from '../../core/settings';
import { analyzeIpList, type IpFinding } from '../../core/ip';
import { analyzeValidity, londonToday, type ValidityField } from '../../core/dates';
import { FindingList } from '../common/FindingList';
import { FindingSummary } from '../common/FindingSummary';
import type { DisplayFinding } from '../common/findings';
import { useDebouncedCallback, useDebouncedValue } from '../common/use-debounced';
import {
  applyIpFixTo,
  ipDisplayFindings,
  ipOptionsFromSettings,
  userStatusFinding,
  validityDisplayFindings,
  validityThresholdsFromSettings,
  type UserCheck,
} from '../common/key-checks';
import {
  EMPTY_VALUES,
  changedFields,
  compareVersions,
  defaultReapply,
  draftDiffersFrom,
  draftFieldsFrom,
  mergeOnto,
  valuesFromDraft,
  valuesFromKey,
  type EditorField,
  type EditorValues,
  type FieldComparison,
} from './editor-model';
import { saveKey, type SaveBase, type SaveOutcome } from './save-key';
import { checkUserStatus, readKeySecret } from './key-data';
import { UserPicker, type UsersState } from './UserPicker';
import { ConflictView } from './ConflictView';
import { SecretField } from './SecretField';
import { displayValue, fieldLabel } from './field-labels';
import { errorMessage } from '../../core/error-message';

export const ANALYSIS_DELAY_MS = 150;
export const DRAFT_DELAY_MS = 300;

export interface KeyEditorProps {
  services: AssistantServices;
  keyId: number | 'new';
  connection: ConnectionState;
  settings: Settings;
  users: UsersState;
  onBack: () => void;
  /** After a successful save (the list refreshes). */
  onSaved: (keyId: number) => void;
}

type LoadState = { phase: 'waiting' } | { phase: 'loading' } | { phase: 'failed'; message: string } | { phase: 'missing' } | { phase: 'ready' };

interface ConflictData {
  /** 'save': a save met a newer version; 'draft': a restored draft was made on an older version. */
  origin: 'save' | 'draft';
  remote: ApiKeyRecord;
  remoteValues: EditorValues;
  mine: EditorValues;
  comparisons: FieldComparison[];
  reapply: Set<EditorField>;
}

interface SavedSnapshot {
  action: 'create' | 'update';
  values: EditorValues;
  lockVersion: number;
  updatedAt: string | null;
  at: Date;
}

type Message = { tone: 'success' | 'note'; text: string; testId: string } | { tone: 'error'; text: string; testId: string; details?: string[] };

const FIELD_IDS: Readonly<Record<EditorField, string>> = {
  name: 'wbka-ed-name',
  description: 'wbka-ed-description',
  accessAsUserId: 'wbka-ed-user',
  validFrom: 'wbka-ed-valid-from',
  until: 'wbka-ed-until',
  permittedIps: 'wbka-ed-ips',
  capabilities: 'wbka-ed-capabilities',
};

function keyLabel(id: number | 'new', name: string): string {
  return id === 'new' ? t('editorNewKeyLabel', [name || '—']) : t('editorKeyLabel', [String(id), name || '—']);
}

export function KeyEditor({ services, keyId, connection, settings, users, onBack, onSaved }: KeyEditorProps) {
  const [currentId, setCurrentId] = useState<number | 'new'>(keyId);
  const [load, setLoad] = useState<LoadState>({ phase: 'waiting' });
  const [base, setBase] = useState<SaveBase | null>(null);
  const [values, setValues] = useState<EditorValues>(EMPTY_VALUES);
  const [draftOffer, setDraftOffer] = useState<DraftRecord | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [serverErrors, setServerErrors] = useState<Partial<Record<EditorField, string[]>>>({});
  const [conflict, setConflict] = useState<ConflictData | null>(null);
  const [saved, setSaved] = useState<SavedSnapshot | null>(null);
  const [createdSecret, setCreatedSecret] = useState<string | null>(null);
  const [userCheck, setUserCheck] = useState<UserCheck>({ state: 'none' });
  // The record as last read from Workbooks (the conflict view's "theirs" when a restored draft is stale).
  const [remoteKey, setRemoteKey] = useState<ApiKeyRecord | null>(null);

  // Latest values for callbacks that outlive a render (debounced drafts, fixes, async saves).
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const baseRef = useRef(base);
  baseRef.current = base;
  const idRef = useRef(currentId);
  idRef.current = currentId;
  const scopeRef = useRef<Scope | null>(null);
  const mounted = useRef(true);
  const loadToken = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const userCache = useRef(new Map<number, Extract<UserCheck, { state: 'done' }>>());

  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  useEffect(() => {
    headingRef.current?.focus({ preventScroll: false });
  }, []);

  // ------------------------------------------------------------------------------------------ load

  useEffect(() => {
    if (load.phase !== 'waiting' || connection.status !== 'connected') return;
    const token = ++loadToken.current;
    const scope = services.scope();
    scopeRef.current = scope;
    setLoad({ phase: 'loading' });
    void (async () => {
      try {
        let key: ApiKeyRecord | null = null;
        let initial: EditorValues = EMPTY_VALUES;
        if (currentId !== 'new') {
          key = await services.keys().getKey(currentId);
          if (!key) {
            if (mounted.current && token === loadToken.current) setLoad({ phase: 'missing' });
            return;
          }
          initial = valuesFromKey(key);
        }
        const draft = await services.stores.drafts.get(scope, currentId).catch(() => undefined);
        if (!mounted.current || token !== loadToken.current) return;
        const startingBase = key ? { id: key.id, lockVersion: key.lockVersion, values: initial } : null;
        baseRef.current = startingBase;
        valuesRef.current = initial;
        setBase(startingBase);
        setValues(initial);
        setRemoteKey(key);
        if (draft && draftDiffersFrom(draft.fields, initial)) setDraftOffer(draft);
        setLoad({ phase: 'ready' });
        if (key) void services.stores.sessionLog.add(scope, 'key-opened', keyLabel(key.id, key.name), services.now()).catch(() => undefined);
      } catch (error) {
        if (mounted.current && token === loadToken.current) setLoad({ phase: 'failed', message: errorMessage(error) });
      }
    })();
  }, [load.phase, connection.status]);

  // ---------------------------------------------------------------------------------------- drafts

  const writeDraft = async (next: EditorValues): Promise<void> => {
    const scope = scopeRef.current;
    if (!scope) return;
    const startedFrom = baseRef.current;
    if (changedFields(startedFrom?.values ?? EMPTY_VALUES, next).length === 0) {
      await services.stores.drafts.remove(scope, idRef.current);
      return;
    }
    await services.stores.drafts.put(scope, idRef.current, { baseLockVersion: startedFrom?.lockVersion ?? null, fields: draftFieldsFrom(next), source: 'panel' }, services.now());
  };
  const scheduleDraft = useDebouncedCallback((next: EditorValues) => void writeDraft(next).catch(() => undefined), DRAFT_DELAY_MS, true);

  const edit = (changes: Partial<EditorValues>) => {
    const next = { ...valuesRef.current, ...changes };
    valuesRef.current = next;
    setValues(next);
    scheduleDraft(next);
    // A server message belongs to the value it was about: editing the field retires it.
    const touched = Object.keys(changes).filter((field): field is EditorField => field in serverErrors);
    if (touched.length > 0) {
      setServerErrors((previous) => {
        const rest = { ...previous };
        for (const field of touched) delete rest[field];
        return rest;
      });
    }
  };

  const restoreDraft = () => {
    const draft = draftOffer;
    if (!draft) return;
    setDraftOffer(null);
    const current = baseRef.current;
    const restored = valuesFromDraft(draft.fields, current?.values ?? EMPTY_VALUES);
    if (current && remoteKey && draft.baseLockVersion !== null && draft.baseLockVersion !== current.lockVersion) {
      // The key moved on since the draft was written: what it started from is unknown, so every difference is
      // the admin's choice.
      const comparisons = compareVersions(null, current.values, restored);
      setConflict({ origin: 'draft', remote: remoteKey, remoteValues: current.values, mine: restored, comparisons, reapply: defaultReapply(comparisons) });
      return;
    }
    edit(restored);
    setMessage({ tone: 'note', text: t('editorDraftRestored'), testId: 'wbka-editor-message' });
  };

  const discardDraft = () => {
    setDraftOffer(null);
    const scope = scopeRef.current;
    if (scope) void services.stores.drafts.remove(scope, idRef.current).catch(() => undefined);
    setMessage({ tone: 'note', text: t('editorDraftDiscarded'), testId: 'wbka-editor-message' });
  };

  // -------------------------------------------------------------------------------------- analysis

  const settled = useDebouncedValue(values, ANALYSIS_DELAY_MS);
  const ipOptions = useMemo(() => ipOptionsFromSettings(settings), [settings]);
  const thresholds = useMemo(() => validityThresholdsFromSettings(settings), [settings]);
  const ipAnalysis = useMemo(() => analyzeIpList(settled.permittedIps, ipOptions), [settled.permittedIps, ipOptions]);
  const today = londonToday(services.now());
  const changedSinceBase = base === null ? [] : changedFields(base.values, settled);
  const datesEdited = changedSinceBase.includes('validFrom') || changedSinceBase.includes('until');
  const validity = useMemo(
    () => analyzeValidity({ validFrom: settled.validFrom.trim() || null, until: settled.until.trim() || null }, { today, isNew: base === null, edited: datesEdited, thresholds }),
    [settled.validFrom, settled.until, today, base === null, datesEdited, thresholds],
  );

  useEffect(() => {
    const userId = settled.accessAsUserId;
    if (userId === null) {
      setUserCheck({ state: 'none' });
      return undefined;
    }
    const cached = userCache.current.get(userId);
    if (cached) {
      setUserCheck(cached);
      return undefined;
    }
    if (connection.status !== 'connected') {
      setUserCheck({ state: 'checking', userId });
      return undefined;
    }
    let stale = false;
    setUserCheck({ state: 'checking', userId });
    void checkUserStatus(services, userId).then((answer) => {
      const done: Extract<UserCheck, { state: 'done' }> = { state: 'done', userId, status: answer.status, userName: answer.user?.name ?? settled.accessAsUserName };
      if (answer.problem) done.problem = answer.problem;
      // Unknown answers are not cached: the next look may succeed.
      if (answer.status !== 'unknown') userCache.current.set(userId, done);
      if (!stale && mounted.current) setUserCheck(done);
    });
    return () => {
      stale = true;
    };
  }, [settled.accessAsUserId, connection.status]);

  const applyIpFix = (finding: IpFinding, fixIndex: number) => {
    const next = applyIpFixTo(valuesRef.current.permittedIps, settled.permittedIps, finding, fixIndex, ipOptions);
    if (next !== null) edit({ permittedIps: next });
  };
  const writeDates = (changes: Partial<Record<ValidityField, string>>) => edit(changes);

  const serverFindings = (field: EditorField): DisplayFinding[] =>
    (serverErrors[field] ?? []).map((text, index) => ({ id: `server-${field}-${index}`, severity: 'error', code: 'server', message: t('editorServerSaid', [text]) }));

  const userFinding = settled.accessAsUserId === null ? userStatusFinding(null, 'deleted', null) : userCheck.state === 'done' && userCheck.userId === settled.accessAsUserId ? userStatusFinding(userCheck.userId, userCheck.status, userCheck.userName, userCheck.problem) : null;

  const findings: Record<EditorField, DisplayFinding[]> = {
    accessAsUserId: [...(userFinding ? [userFinding] : []), ...serverFindings('accessAsUserId')],
    name: [...(settled.name.trim() === '' ? [{ id: 'name-blank', severity: 'error' as const, code: 'name-blank', message: t('editorNameRequired') }] : []), ...serverFindings('name')],
    description: serverFindings('description'),
    validFrom: [...validityDisplayFindings(validity.findings, 'validFrom', writeDates), ...serverFindings('validFrom')],
    until: [...validityDisplayFindings(validity.findings, 'until', writeDates), ...serverFindings('until')],
    permittedIps: [...ipDisplayFindings(ipAnalysis.findings, applyIpFix), ...serverFindings('permittedIps')],
    capabilities: serverFindings('capabilities'),
  };
  const allFindings = Object.values(findings).flat();
  const analysing = settled !== values;

  // ------------------------------------------------------------------------------------------ save

  const record = (outcome: SaveOutcome, name: string, id: number | null) => {
    const scope = scopeRef.current;
    if (!scope || outcome.kind === 'nothing-to-save' || outcome.kind === 'invalid') return;
    const detail =
      outcome.kind === 'saved'
        ? undefined
        : outcome.kind === 'auth'
          ? `${outcome.reason}: ${outcome.message}`
          : outcome.kind === 'validation'
            ? [...Object.entries(outcome.byField).map(([field, texts]) => `${field}: ${(texts ?? []).join('; ')}`), ...outcome.general].join(' | ')
            : outcome.message;
    const entry = {
      at: services.now().toISOString(),
      who: connection.userName ?? t('activityUnknownUser'),
      action: outcome.action,
      keyId: id,
      keyName: name,
      fields: outcome.fields,
      outcome: outcome.kind === 'saved' ? ('saved' as const) : outcome.kind === 'conflict' ? ('conflict' as const) : ('failed' as const),
      ...(detail ? { detail } : {}),
    };
    void services.stores.activity.add(scope, entry).catch(() => undefined);
    if (outcome.kind === 'saved') {
      void services.stores.sessionLog.add(scope, 'key-saved', `${keyLabel(id ?? 'new', name)}: ${outcome.fields.join(', ')}`, services.now()).catch(() => undefined);
    }
  };

  const openConflict = async (id: number, mine: EditorValues, startedFrom: SaveBase | null) => {
    const remote = await services.keys().getKey(id);
    if (!mounted.current) return;
    if (!remote) {
      setMessage({ tone: 'error', text: t('editorKeyGoneElsewhere'), testId: 'wbka-editor-error' });
      return;
    }
    const remoteValues = valuesFromKey(remote);
    const comparisons = compareVersions(startedFrom?.values ?? null, remoteValues, mine);
    setRemoteKey(remote);
    setConflict({ origin: 'save', remote, remoteValues, mine, comparisons, reapply: defaultReapply(comparisons) });
  };

  const runSave = async (toSave: EditorValues, startedFrom: SaveBase | null) => {
    const scope = scopeRef.current;
    setSaving(true);
    setMessage(null);
    // The draft is on disk before anything is sent: a 401, a crash or a closed tab cannot lose the edit.
    scheduleDraft.cancel();
    await writeDraft(toSave).catch(() => undefined);
    const outcome = await saveKey(services.keys(), startedFrom, toSave);
    if (!mounted.current) return;
    setSaving(false);
    const savedId = outcome.kind === 'saved' ? outcome.id : startedFrom?.id ?? null;
    record(outcome, outcome.kind === 'saved' && outcome.key ? outcome.key.name : toSave.name, savedId);
    switch (outcome.kind) {
      case 'nothing-to-save':
        setMessage({ tone: 'note', text: t('editorNothingToSave'), testId: 'wbka-editor-message' });
        return;
      case 'invalid':
        setMessage({ tone: 'error', text: t('editorFixDatesFirst'), testId: 'wbka-editor-error', details: outcome.problems.map((p) => `${fieldLabel(p.field)}: ${p.message}`) });
        return;
      case 'saved': {
        const previousId = idRef.current;
        const key = outcome.key;
        const nextValues = key ? valuesFromKey(key) : { ...toSave };
        const nextBase: SaveBase = { id: outcome.id, lockVersion: key?.lockVersion ?? outcome.lockVersion, values: nextValues };
        // Whatever the admin typed while the save was under way stays in the form (and becomes the next draft).
        const typedMeanwhile = changedFields(toSave, valuesRef.current);
        const shown = typedMeanwhile.length > 0 ? mergeOnto(nextValues, valuesRef.current, new Set(typedMeanwhile)) : nextValues;
        baseRef.current = nextBase;
        idRef.current = outcome.id;
        valuesRef.current = shown;
        setBase(nextBase);
        setCurrentId(outcome.id);
        setValues(shown);
        setRemoteKey(key);
        setServerErrors({});
        setConflict(null);
        setDraftOffer(null);
        if (outcome.action === 'create') setCreatedSecret(outcome.secret);
        setSaved({ action: outcome.action, values: nextValues, lockVersion: nextBase.lockVersion, updatedAt: key?.updatedAt ?? null, at: services.now() });
        if (scope) {
          await services.stores.drafts.remove(scope, previousId).catch(() => undefined);
          if (previousId !== outcome.id) await services.stores.drafts.remove(scope, outcome.id).catch(() => undefined);
          if (typedMeanwhile.length > 0) scheduleDraft(shown);
        }
        setMessage({
          tone: 'success',
          text: outcome.action === 'create' ? t('editorCreated', [nextValues.name, String(outcome.id)]) : t('editorSaved', [nextValues.name]),
          testId: 'wbka-editor-message',
        });
        onSaved(outcome.id);
        return;
      }
      case 'conflict':
        await openConflict(outcome.id, toSave, startedFrom);
        return;
      case 'auth':
        setMessage({
          tone: 'error',
          text: connection.mode === 'api-key' ? t('editorSaveAuthApiKey', [outcome.reason]) : t('editorSaveAuthSession', [outcome.reason]),
          testId: 'wbka-editor-error',
        });
        // Let the connection bar show the same problem and offer Reconnect.
        void services.connect(connection.mode).catch(() => undefined);
        return;
      case 'validation':
        setServerErrors(outcome.byField);
        setMessage({ tone: 'error', text: t('editorServerRefused'), testId: 'wbka-editor-error', details: outcome.general });
        return;
      case 'failed':
        setMessage({
          tone: 'error',
          text: outcome.errorKind === 'network' ? t('editorSaveNetwork', [outcome.message]) : t('editorSaveFailed', [outcome.message]),
          testId: 'wbka-editor-error',
        });
        return;
    }
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (saving || !connection.canWrite) return;
    void runSave(valuesRef.current, baseRef.current);
  };

  const reapplyConflict = () => {
    if (!conflict) return;
    const merged = mergeOnto(conflict.remoteValues, conflict.mine, conflict.reapply);
    const fresh: SaveBase = { id: conflict.remote.id, lockVersion: conflict.remote.lockVersion, values: conflict.remoteValues };
    baseRef.current = fresh;
    setBase(fresh);
    setConflict(null);
    edit(merged);
    if (conflict.origin === 'save') {
      void runSave(merged, fresh);
    } else {
      setMessage({ tone: 'note', text: t('editorDraftReapplied'), testId: 'wbka-editor-message' });
    }
  };

  const discardConflict = () => {
    if (!conflict) return;
    const fresh: SaveBase = { id: conflict.remote.id, lockVersion: conflict.remote.lockVersion, values: conflict.remoteValues };
    baseRef.current = fresh;
    valuesRef.current = conflict.remoteValues;
    setBase(fresh);
    setValues(conflict.remoteValues);
    setConflict(null);
    scheduleDraft.cancel();
    const scope = scopeRef.current;
    if (scope) void services.stores.drafts.remove(scope, idRef.current).catch(() => undefined);
    setMessage({ tone: 'note', text: t('editorEditsDiscarded'), testId: 'wbka-editor-message' });
  };

  useEffect(() => {
    if (conflict) conflictRef.current?.querySelector<HTMLElement>('[data-testid="wbka-conflict"]')?.focus();
  }, [conflict !== null]);

  // ---------------------------------------------------------------------------------------- render

  const isNew = currentId === 'new';
  const title = isNew ? t('editorTitleNew') : t('editorTitleEdit', [values.name || `#${currentId}`]);
  const saveBlockedReason = !connection.canWrite ? cannotSaveReason(connection) : null;

  const header = (
    <div class="wbka-editor__header">
      <button type="button" class="wbka-button wbka-button--small" onClick={onBack} data-testid="wbka-editor-back">
        {t('editorBack')}
      </button>
      <h3 class="wbka-editor__title" tabIndex={-1} ref={headingRef} data-testid="wbka-editor-title">
        {title}
      </h3>
    </div>
  );

  if (load.phase !== 'ready') {
    return (
      <div class="wbka-editor" data-testid="wbka-editor" data-state={load.phase}>
        {header}
        {load.phase === 'waiting' && <p class="wbka-note">{t('editorWaitingForConnection')}</p>}
        {load.phase === 'loading' && <p role="status">{t('editorLoading')}</p>}
        {load.phase === 'missing' && <p class="wbka-alert">{t('editorKeyMissing', [String(currentId)])}</p>}
        {load.phase === 'failed' && (
          <div class="wbka-alert" role="alert">
            <p>{t('editorLoadFailed', [load.message])}</p>
            <button type="button" class="wbka-button wbka-button--small" onClick={() => setLoad({ phase: 'waiting' })}>
              {t('editorRetry')}
            </button>
          </div>
        )}
      </div>
    );
  }

  const describedBy = (field: EditorField, hint: boolean) => `${hint ? `${FIELD_IDS[field]}-hint ` : ''}${FIELD_IDS[field]}-findings`;
  const hasError = (field: EditorField) => findings[field].some((f) => f.severity === 'error');
  const fieldBlock = (field: EditorField, control: ComponentChildren, hint?: string, extra?: ComponentChildren) => (
    <div class="wbka-field" data-testid={`wbka-field-${field}`}>
      {field !== 'accessAsUserId' && (
        <label class="wbka-field__label" for={FIELD_IDS[field]}>
          {fieldLabel(field)}
        </label>
      )}
      {control}
      {hint && (
        <p id={`${FIELD_IDS[field]}-hint`} class="wbka-hint">
          {hint}
        </p>
      )}
      {extra}
      <FindingList findings={findings[field]} id={`${FIELD_IDS[field]}-findings`} testId={`wbka-findings-${field}`} />
    </div>
  );
  const textInput = (field: 'name' | 'validFrom' | 'until' | 'capabilities', hint: boolean, placeholder?: string) => (
    <input
      id={FIELD_IDS[field]}
      class="wbka-input"
      type="text"
      value={values[field]}
      placeholder={placeholder}
      autoComplete="off"
      spellcheck={false}
      aria-describedby={describedBy(field, hint)}
      aria-invalid={hasError(field)}
      data-testid={`wbka-editor-${field}`}
      onInput={(event) => edit({ [field]: (event.currentTarget as HTMLInputElement).value })}
    />
  );

  const userHint =
    settled.accessAsUserId === null
      ? undefined
      : userCheck.state === 'checking' || (userCheck.state === 'done' && userCheck.userId !== settled.accessAsUserId)
        ? t('editorUserChecking')
        : userCheck.state === 'done' && userCheck.status === 'ok'
          ? t('editorUserCanLogIn', [userCheck.userName ?? `#${userCheck.userId}`])
          : undefined;

  return (
    <div class="wbka-editor" data-testid="wbka-editor" data-state="ready" data-key-id={String(currentId)} data-analysing={analysing} data-saving={saving}>
      {header}

      {draftOffer && (
        <div class="wbka-note wbka-draft" role="region" aria-label={t('editorDraftRegion')} data-testid="wbka-draft-offer">
          <p>{t('editorDraftOffer', [new Date(draftOffer.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })])}</p>
          {draftOffer.source === 'native-form' && <p class="wbka-hint">{t('editorDraftFromNativeForm')}</p>}
          <div class="wbka-actions">
            <button type="button" class="wbka-button wbka-button--primary wbka-button--small" onClick={restoreDraft} data-testid="wbka-draft-restore">
              {t('editorDraftRestore')}
            </button>
            <button type="button" class="wbka-button wbka-button--small" onClick={discardDraft} data-testid="wbka-draft-discard">
              {t('editorDraftDiscard')}
            </button>
          </div>
        </div>
      )}

      {conflict && (
        <div ref={conflictRef}>
          <ConflictView
            remote={conflict.remote}
            remoteValues={conflict.remoteValues}
            mine={conflict.mine}
            comparisons={conflict.comparisons}
            reapply={conflict.reapply}
            busy={saving}
            reapplyLabel={conflict.origin === 'save' ? t('editorConflictReapplySave') : t('editorConflictReapplyDraft')}
            onToggle={(field, on) => {
              const next = new Set(conflict.reapply);
              if (on) next.add(field);
              else next.delete(field);
              setConflict({ ...conflict, reapply: next });
            }}
            onReapply={reapplyConflict}
            onDiscard={discardConflict}
          />
        </div>
      )}

      <form class="wbka-editor__form" onSubmit={onSubmit} noValidate hidden={conflict !== null} aria-label={title}>
        <div class="wbka-field" data-testid="wbka-field-accessAsUserId">
          <label class="wbka-field__label" for={FIELD_IDS.accessAsUserId}>
            {fieldLabel('accessAsUserId')}
          </label>
          <UserPicker
            id={FIELD_IDS.accessAsUserId}
            users={users}
            userId={values.accessAsUserId}
            userName={values.accessAsUserName}
            describedBy={describedBy('accessAsUserId', userHint !== undefined)}
            invalid={hasError('accessAsUserId')}
            onChange={(userId, userName) => edit({ accessAsUserId: userId, accessAsUserName: userName })}
          />
          {userHint && (
            <p id={`${FIELD_IDS.accessAsUserId}-hint`} class="wbka-hint" data-testid="wbka-user-hint">
              {userHint}
            </p>
          )}
          <FindingList findings={findings.accessAsUserId} id={`${FIELD_IDS.accessAsUserId}-findings`} testId="wbka-findings-accessAsUserId" />
        </div>
        {fieldBlock('name', textInput('name', false))}
        {fieldBlock(
          'description',
          <textarea
            id={FIELD_IDS.description}
            class="wbka-input"
            rows={2}
            value={values.description}
            aria-describedby={describedBy('description', false)}
            aria-invalid={hasError('description')}
            data-testid="wbka-editor-description"
            onInput={(event) => edit({ description: (event.currentTarget as HTMLTextAreaElement).value })}
          />,
        )}
        {fieldBlock('validFrom', textInput('validFrom', true, t('editorDatePlaceholder')), t('editorValidFromHint'))}
        {fieldBlock('until', textInput('until', true, t('editorDatePlaceholder')), t('editorUntilHint'))}
        {fieldBlock(
          'permittedIps',
          <textarea
            id={FIELD_IDS.permittedIps}
            class="wbka-input wbka-input--mono"
            rows={3}
            value={values.permittedIps}
            spellcheck={false}
            aria-describedby={describedBy('permittedIps', true)}
            aria-invalid={hasError('permittedIps')}
            data-testid="wbka-editor-permittedIps"
            onInput={(event) => edit({ permittedIps: (event.currentTarget as HTMLTextAreaElement).value })}
          />,
          t('editorIpsHint'),
        )}
        {fieldBlock('capabilities', textInput('capabilities', true), t('editorCapabilitiesHint'))}

        {!isNew && (
          <div class="wbka-field" data-testid="wbka-field-secret">
            <p class="wbka-field__label" id="wbka-ed-secret-label">
              {t('editorFieldSecret')}
            </p>
            <SecretField secret={createdSecret} labelledBy="wbka-ed-secret-label" load={() => readKeySecret(services, currentId as number)} />
          </div>
        )}

        <FindingSummary findings={allFindings} testId="wbka-editor-summary" id="wbka-ed-summary" />

        {saveBlockedReason && (
          <div class="wbka-note" id="wbka-ed-cannot-save" data-testid="wbka-editor-cannot-save">
            <p>{saveBlockedReason}</p>
            {connection.mode === 'session' && connection.status !== 'connecting' && (
              <button type="button" class="wbka-button wbka-button--small" onClick={() => void services.connect('api-key')} data-testid="wbka-editor-use-api-key">
                {t('editorUseApiKeyMode')}
              </button>
            )}
          </div>
        )}

        <div class="wbka-actions">
          <button
            type="submit"
            class="wbka-button wbka-button--primary"
            disabled={saving || saveBlockedReason !== null}
            aria-describedby={saveBlockedReason ? 'wbka-ed-cannot-save' : 'wbka-ed-summary'}
            data-testid="wbka-editor-save"
          >
            {saving ? t('editorSaving') : isNew ? t('editorCreate') : t('editorSave')}
          </button>
          <button type="button" class="wbka-button" onClick={onBack}>
            {t('editorClose')}
          </button>
        </div>
      </form>

      <div role="status" aria-live="polite" class="wbka-editor__status">
        {message && message.tone !== 'error' && (
          <p class={message.tone === 'success' ? 'wbka-success' : 'wbka-note'} data-testid={message.testId}>
            {message.text}
          </p>
        )}
      </div>
      {message && message.tone === 'error' && (
        <div class="wbka-alert" role="alert" data-testid={message.testId}>
          <p>{message.text}</p>
          {message.details && message.details.length > 0 && (
            <ul>
              {message.details.map((detail, index) => (
                <li key={index}>{detail}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {saved && (
        <section class="wbka-saved" aria-labelledby="wbka-ed-saved-title" data-testid="wbka-saved">
          <h4 id="wbka-ed-saved-title" class="wbka-saved__title">
            {saved.action === 'create' ? t('editorSavedCreatedTitle') : t('editorSavedTitle')}
          </h4>
          <p class="wbka-hint">{t('editorSavedIntro', [String(saved.lockVersion), saved.updatedAt ?? saved.at.toLocaleTimeString('en-GB')])}</p>
          <dl class="wbka-saved__values">
            {(['name', 'accessAsUserId', 'description', 'validFrom', 'until', 'permittedIps', 'capabilities'] as const).map((field) => (
              <Fragment key={field}>
                <dt>{fieldLabel(field)}</dt>
                <dd data-testid={`wbka-saved-${field}`}>{displayValue(saved.values, field)}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

export function cannotSaveReason(connection: ConnectionState): string {
  if (connection.status === 'connecting') return t('editorCannotSaveConnecting');
  if (connection.status === 'failed') return t('editorCannotSaveFailed', [connection.problem ?? t('editorUnknownProblem')]);
  if (connection.mode === 'session') return t('editorCannotSaveNoToken');
  return t('editorCannotSaveFailed', [connection.problem ?? t('editorUnknownProblem')]);
}
