/**
 * One open key form: inline findings under its fields, the user check, the summary, drafts of what the admin
 * types, and Fix buttons that write back through the page's own events. Everything it registers hangs off
 * one AbortController; `end()` is the single way out (form closed, replaced by a re-render, or view left).
 *
 * It only listens (passive, bubbling) and never calls preventDefault or stopPropagation on the page's events,
 * so the page's Save works exactly as without the assistant.
 */
import { h } from 'preact';
import { analyzeIpList, type IpFinding } from '../../core/ip/index';
import { analyzeValidity, londonToday, type ValidityFinding } from '../../core/dates/index';
import { DEFAULT_SETTINGS, ipOptionsFromSettings, validityThresholdsFromSettings, type Settings } from '../../core/settings';
import type { DraftFields, DraftRecord } from '../../platform/db';
import { t } from '../../platform/i18n';
import { FieldFindings } from '../../ui/inline/FieldFindings';
import { FormTop } from '../../ui/inline/FormTop';
import { UserCheck } from '../../ui/inline/UserCheck';
import type { DraftOfferView, InlineFindingView, InlineSeverity, SummaryCounts, UserCheckView } from '../../ui/inline/types';
import inlineCss from '../../ui/inline/inline.css?inline';
import type { KeyFormRole } from '../selectors';
import type { AssistantServices } from '../services';
import { createAnnotationHost, placeBeforeFields, placeUnderField, alignWithControl, type AnnotationHost } from './annotations';
import { createNativeDraftStore, sameFormValues, settledScope, type NativeDraftStore } from './drafts';
import { KEY_FORM_ROLES, type FieldMatch, type KeyFormMatch } from './fields';
import { applySpanEdit, formatDateForPage, pageDateFormat } from './fix-apply';
import { readControlValue, writeControlValue } from './native-value';
import { loadUserDirectory, parseHiddenId, resolvePickerValue, type PickerValue } from './users';
import { userCheckView } from './user-view';

export const ANALYSIS_DEBOUNCE_MS = 120;
const USER_CHECK_DEBOUNCE_MS = 200;

export type FormEndReason = 'closed' | 'replaced' | 'aborted';

/** What a session hands to the session that replaces it after a re-render of the same form. */
export interface SessionCarry {
  /** What the form opened with; null when the admin typed before the assistant attached (then unknown). */
  initialValues: DraftFields | null;
  offerHandled: boolean;
}

export interface FormSessionOptions {
  match: KeyFormMatch;
  services: AssistantServices;
  /** The key being edited (from the grid row the admin opened), null for a new key or when unknown. */
  keyId: number | null;
  signal: AbortSignal;
  carry?: SessionCarry;
  /** The admin typed into this form before the session attached: its current values are not what it opened with. */
  editedBeforeAttach?: boolean;
  debounceMs?: number;
  draftDelayMs?: number;
}

export interface FormSession {
  readonly match: KeyFormMatch;
  readonly keyId: number | null;
  readonly kind: KeyFormMatch['kind'];
  end(reason: FormEndReason): void;
  carry(): SessionCarry;
  /** Runs pending analysis at once (tests and Fix buttons use it). */
  analyseNow(): void;
}

interface DateState {
  validFrom: string | null;
  until: string | null;
  findings: ValidityFinding[];
}

const DRAFT_ROLE_FIELDS: Partial<Record<KeyFormRole, keyof DraftFields>> = {
  name: 'name',
  description: 'description',
  validFrom: 'validFrom',
  until: 'until',
  permittedIps: 'permittedIps',
  capabilities: 'capabilities',
};

function labelText(field: FieldMatch): string {
  return (field.label.textContent ?? '').replace(/\s+/g, ' ').trim().replace(/[\s:*]+$/, '');
}


function formatDraftTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function startFormSession(options: FormSessionOptions): FormSession {
  const { match, services, keyId } = options;
  const debounceMs = options.debounceMs ?? ANALYSIS_DEBOUNCE_MS;
  const fields = match.fields;
  const doc = match.root.ownerDocument;
  const lifetime = new AbortController();
  const { signal } = lifetime;
  const listen = { passive: true, signal } as const;

  const isNew = match.kind === 'new' || (match.kind === 'unknown' && keyId === null);
  const draftKey: number | 'new' | null = isNew ? 'new' : keyId;

  let settings: Settings = DEFAULT_SETTINGS;
  let ended = false;

  // ----------------------------------------------------------------------------------------- values

  const read = (role: KeyFormRole): string | null => {
    const field = fields[role];
    return field ? readControlValue(field.control) : null;
  };
  const readPicker = (): PickerValue => ({
    text: read('accessAsUser') ?? '',
    hiddenId: parseHiddenId(fields.accessAsUser?.hiddenValue?.value),
  });
  const readValues = (): DraftFields => {
    const values: DraftFields = {};
    for (const role of KEY_FORM_ROLES) {
      const draftField = DRAFT_ROLE_FIELDS[role];
      const value = read(role);
      if (draftField && value !== null) (values as Record<string, string>)[draftField] = value;
    }
    if (fields.accessAsUser) {
      const picker = readPicker();
      values.accessAsUserName = picker.text;
      values.accessAsUserId = picker.hiddenId;
    }
    return values;
  };
  const initialValues: DraftFields | null = options.carry ? options.carry.initialValues : options.editedBeforeAttach ? null : readValues();
  const initialPicker = readPicker();

  // ------------------------------------------------------------------------------------ view state

  let ipText: string | null = null;
  let ipFindings: IpFinding[] = [];
  let dates: DateState = { validFrom: null, until: null, findings: [] };
  let userView: UserCheckView = { state: 'idle' };
  let draftOffer: { record: DraftRecord; view: DraftOfferView } | null = null;
  let offerHandled = options.carry?.offerHandled ?? false;
  let notice: string | null = null;

  // ---------------------------------------------------------------------------------------- hosts

  const hosts: AnnotationHost[] = [];
  const hostFor = (role: KeyFormRole): AnnotationHost | null => {
    const field = fields[role];
    if (!field) return null;
    const host = createAnnotationHost(doc, role, inlineCss);
    placeUnderField(host, field.container, field.control);
    hosts.push(host);
    return host;
  };
  const ordered = KEY_FORM_ROLES.map((role) => fields[role]).filter((field): field is FieldMatch => field !== undefined);
  ordered.sort((a, b) => (a.container.compareDocumentPosition(b.container) & 0x4 /* FOLLOWING */ ? -1 : 1));
  const topHost = createAnnotationHost(doc, 'summary', inlineCss);
  if (ordered[0]) placeBeforeFields(topHost, ordered[0].container);
  hosts.push(topHost);
  const userHost = hostFor('accessAsUser');
  const validFromHost = hostFor('validFrom');
  const untilHost = hostFor('until');
  const ipHost = hostFor('permittedIps');

  // ------------------------------------------------------------------------------------- analysis

  const ipViews = (): InlineFindingView[] =>
    ipFindings.map((finding, index) => ({
      key: `ip:${index}`,
      code: finding.code,
      severity: finding.severity,
      message: finding.message,
      quote: ipText !== null && finding.end > finding.start ? ipText.slice(finding.start, finding.end) : null,
      start: finding.start,
      end: finding.end,
      fixes: (finding.fixes ?? []).map((fix) => ({ label: fix.label })),
    }));
  const dateViews = (field: 'validFrom' | 'until'): InlineFindingView[] =>
    dates.findings.flatMap((finding, index) =>
      finding.field === field
        ? [{ key: `date:${index}`, code: finding.code, severity: finding.severity, message: finding.message, quote: null, start: null, end: null, fixes: (finding.fixes ?? []).map((fix) => ({ label: fix.label })) }]
        : [],
    );

  const counts = (): SummaryCounts => {
    const severities: InlineSeverity[] = [...ipFindings.map((f) => f.severity), ...dates.findings.map((f) => f.severity)];
    if (userView.state === 'problem') severities.push(userView.severity);
    return {
      errors: severities.filter((s) => s === 'error').length,
      warnings: severities.filter((s) => s === 'warning').length,
      checking: userView.state === 'checking',
    };
  };

  const draw = () => {
    if (ended) return;
    const ipField = fields.permittedIps;
    if (ipHost && ipField) {
      ipHost.render(h(FieldFindings, { fieldLabel: labelText(ipField), role: 'permittedIps', findings: ipViews(), onFix: onIpFix }));
    }
    if (validFromHost && fields.validFrom) {
      validFromHost.render(h(FieldFindings, { fieldLabel: labelText(fields.validFrom), role: 'validFrom', findings: dateViews('validFrom'), onFix: onDateFix }));
    }
    if (untilHost && fields.until) {
      untilHost.render(h(FieldFindings, { fieldLabel: labelText(fields.until), role: 'until', findings: dateViews('until'), onFix: onDateFix }));
    }
    if (userHost && fields.accessAsUser) userHost.render(h(UserCheck, { view: userView, fieldLabel: labelText(fields.accessAsUser) }));
    topHost.render(h(FormTop, { counts: counts(), draft: draftOffer?.view ?? null, notice, onRestore, onDiscard }));
  };

  const analyse = () => {
    if (ended) return;
    ipText = read('permittedIps');
    ipFindings =
      ipText === null
        ? []
        : analyzeIpList(ipText, ipOptionsFromSettings(settings)).findings;
    const validFrom = read('validFrom');
    const until = read('until');
    const hasDates = fields.validFrom !== undefined || fields.until !== undefined;
    const findings = hasDates
      ? analyzeValidity({ validFrom, until }, { today: londonToday(services.now()), isNew, edited: true, thresholds: validityThresholdsFromSettings(settings) }).findings
      : [];
    dates = { validFrom, until, findings };
    draw();
  };

  let analysisTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleAnalysis = () => {
    if (analysisTimer !== undefined) clearTimeout(analysisTimer);
    analysisTimer = setTimeout(() => {
      analysisTimer = undefined;
      analyse();
    }, debounceMs);
  };
  const analyseNow = () => {
    if (analysisTimer !== undefined) clearTimeout(analysisTimer);
    analysisTimer = undefined;
    analyse();
  };

  // ------------------------------------------------------------------------------------------ fixes

  /** After a Fix pressed from the keyboard, focus goes back to the field: the button it was on is gone. */
  const returnFocus = (control: HTMLElement) => {
    const active = doc.activeElement;
    if (active && hosts.some((host) => host.element === active)) control.focus({ preventScroll: true });
  };

  function onIpFix(findingKey: string, fixIndex: number): void {
    const field = fields.permittedIps;
    if (!field || ipText === null) return;
    const finding = ipFindings[Number(findingKey.slice('ip:'.length))];
    const fix = finding?.fixes?.[fixIndex];
    if (!finding || !fix) return;
    const current = readControlValue(field.control);
    const next = applySpanEdit(current, { start: finding.start, end: finding.end, expected: ipText.slice(finding.start, finding.end), replacement: fix.replacement });
    if (next === null || current !== ipText) {
      // The admin typed since these findings were made: show fresh ones instead of patching the wrong place.
      analyseNow();
      return;
    }
    writeControlValue(field.control, next);
    returnFocus(field.control);
    analyseNow();
    noteEdited('permittedIps');
  }

  function onDateFix(findingKey: string, fixIndex: number): void {
    const finding = dates.findings[Number(findingKey.slice('date:'.length))];
    const fix = finding?.fixes?.[fixIndex];
    if (!finding || !fix) return;
    if (read('validFrom') !== dates.validFrom || read('until') !== dates.until) {
      analyseNow();
      return;
    }
    const shown = [dates.validFrom ?? '', dates.until ?? ''];
    const writeDate = (role: 'validFrom' | 'until', date: string) => {
      const field = fields[role];
      if (!field) return;
      writeControlValue(field.control, formatDateForPage(date, pageDateFormat(field.control, shown)));
    };
    writeDate(finding.field, fix.date);
    if (fix.alsoSet) writeDate(fix.alsoSet.field, fix.alsoSet.date);
    const focusTarget = fields[finding.field];
    if (focusTarget) returnFocus(focusTarget.control);
    analyseNow();
    noteEdited(finding.field);
  }

  // ------------------------------------------------------------------------------------ user check

  let lastPicker: string | null = null;
  let userTicket = 0;
  let keyUserId: Promise<number | null> | null = null;
  const keyRecordUserId = (): Promise<number | null> => {
    if (keyId === null) return Promise.resolve(null);
    keyUserId ??= services
      .keys()
      .getKey(keyId, { signal })
      .then((key) => key?.accessAsUserId ?? null)
      .catch(() => null);
    return keyUserId;
  };

  const checkUser = async (force = false) => {
    if (ended || !fields.accessAsUser) return;
    const control = fields.accessAsUser.control;
    // While the admin is still typing into an open list, a half-typed name is not a finding yet.
    if (!force && doc.activeElement === control && control.getAttribute('aria-expanded') === 'true') return;
    const picker = readPicker();
    const snapshot = `${picker.text}\u0000${picker.hiddenId ?? ''}`;
    if (!force && snapshot === lastPicker) return;
    lastPicker = snapshot;
    const ticket = ++userTicket;
    userView = { state: 'checking' };
    draw();
    const directory = await loadUserDirectory(services);
    // An existing key whose picker still shows what it opened with: the key record knows the user for sure.
    const untouched = picker.text === initialPicker.text && picker.hiddenId === initialPicker.hiddenId;
    const fallback = !isNew && untouched && picker.hiddenId === null ? await keyRecordUserId() : null;
    if (ended || ticket !== userTicket) return;
    userView = userCheckView(resolvePickerValue(picker, directory, fallback), services.connection());
    draw();
  };
  let userTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleUserCheck = () => {
    if (userTimer !== undefined) clearTimeout(userTimer);
    userTimer = setTimeout(() => {
      userTimer = undefined;
      void checkUser();
    }, USER_CHECK_DEBOUNCE_MS);
  };

  // -------------------------------------------------------------------------------------- drafts

  // The scope waits for the connection (it names the database) but not for this session: a draft pending
  // when the form closes must still be written.
  const drafts: NativeDraftStore | null = draftKey === null ? null : createNativeDraftStore(services, draftKey, settledScope(services, new AbortController().signal), options.draftDelayMs);

  // Unknown opening values: start from nothing, so what is on screen now is written as the first draft.
  let lastDraftValues: DraftFields = initialValues ?? {};
  const saveDraft = () => {
    if (!drafts) return;
    const values = readValues();
    // Nothing changed since the last write (a click elsewhere, a re-check): no write.
    if (sameFormValues(values, lastDraftValues) && values.accessAsUserId === lastDraftValues.accessAsUserId) return;
    lastDraftValues = values;
    // Back to what the form opened with: nothing unsaved (unless an old draft still waits for an answer).
    if (initialValues && sameFormValues(values, initialValues)) {
      if (offerHandled) void drafts.clear().catch(() => undefined);
      else drafts.cancelPending();
      return;
    }
    drafts.schedule(values);
  };

  async function offerDraft(): Promise<void> {
    if (!drafts || offerHandled) return;
    const record = await drafts.read().catch(() => null);
    if (ended || offerHandled) return;
    // The same values are on screen (e.g. the page kept them): nothing to offer.
    if (!record || sameFormValues(record.fields, readValues())) {
      offerHandled = true;
      return;
    }
    draftOffer = { record, view: { time: formatDraftTime(record.updatedAt) } };
    draw();
  }

  function onRestore(): void {
    if (!draftOffer) return;
    const { fields: values } = draftOffer.record;
    draftOffer = null;
    offerHandled = true;
    for (const role of KEY_FORM_ROLES) {
      const field = fields[role];
      if (!field) continue;
      const value = role === 'accessAsUser' ? values.accessAsUserName : (values[DRAFT_ROLE_FIELDS[role] ?? 'name'] as string | undefined);
      if (typeof value !== 'string' || readControlValue(field.control) === value) continue;
      writeControlValue(field.control, value);
    }
    notice = t('formDraftRestored');
    analyseNow();
    void checkUser();
    saveDraft();
  }

  function onDiscard(): void {
    if (!draftOffer || !drafts) return;
    draftOffer = null;
    offerHandled = true;
    notice = t('formDraftDiscarded');
    void drafts.clear().catch(() => undefined);
    draw();
  }

  // --------------------------------------------------------------------------- the page's buttons

  /** The last of the form's buttons the admin used: Save that closes the form means the page saved. */
  let lastButton: 'save' | 'cancel' | null = null;
  let scopeTextAtSave = '';
  const scopeText = () => match.scope.textContent ?? '';

  function noteEdited(role: KeyFormRole): void {
    lastButton = null;
    notice = null;
    if (role === 'accessAsUser') scheduleUserCheck();
    saveDraft();
  }

  const onButton = (kind: 'save' | 'cancel') => () => {
    lastButton = kind;
    if (kind === 'save') scopeTextAtSave = scopeText();
  };
  const onButtonKey = (kind: 'save' | 'cancel') => (event: Event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') onButton(kind)();
  };
  for (const button of match.saveButtons) {
    button.addEventListener('click', onButton('save'), listen);
    button.addEventListener('keydown', onButtonKey('save'), listen);
  }
  for (const button of match.cancelButtons) {
    button.addEventListener('click', onButton('cancel'), listen);
    button.addEventListener('keydown', onButtonKey('cancel'), listen);
  }
  // After Save, text appearing in the form (field errors, a failure summary) means the save did not go through.
  const scopeObserver = new MutationObserver(() => {
    if (lastButton === 'save' && scopeText() !== scopeTextAtSave) lastButton = null;
  });
  scopeObserver.observe(match.scope, { childList: true, subtree: true, characterData: true });

  // ------------------------------------------------------------------------------------ listeners

  for (const role of KEY_FORM_ROLES) {
    const field = fields[role];
    if (!field) continue;
    const onEdit = () => {
      noteEdited(role);
      if (role !== 'accessAsUser') scheduleAnalysis();
    };
    field.control.addEventListener('input', onEdit, listen);
    field.control.addEventListener('change', onEdit, listen);
  }
  const picker = fields.accessAsUser;
  let pickerObserver: MutationObserver | null = null;
  if (picker) {
    // Pickers change their choice without input events (a click in the list, Enter): watch for it too.
    const onPickerActivity = () => {
      scheduleUserCheck();
      if (drafts) saveDraft();
    };
    picker.control.addEventListener('focusout', onPickerActivity, listen);
    picker.control.addEventListener('keyup', onPickerActivity, listen);
    doc.addEventListener('click', onPickerActivity, listen);
    pickerObserver = new MutationObserver(onPickerActivity);
    pickerObserver.observe(picker.container, { attributes: true, subtree: true, attributeFilter: ['value', 'aria-expanded', 'aria-activedescendant'] });
  }
  // Leaving or reloading the page: write what is pending now rather than after the debounce.
  doc.defaultView?.addEventListener('pagehide', () => void drafts?.flush().catch(() => undefined), listen);
  doc.defaultView?.addEventListener('resize', () => {
    for (const role of ['accessAsUser', 'validFrom', 'until', 'permittedIps'] as const) {
      const host = hosts.find((candidate) => candidate.element.getAttribute('data-wbka-annotation') === role);
      const field = fields[role];
      if (host && field && host.element.parentElement === field.container.parentElement) alignWithControl(host.element, field.control);
    }
  }, listen);

  // ---------------------------------------------------------------------------------------- start

  draw();
  analyse();
  void checkUser(true);
  void services
    .settings()
    .then((loaded) => {
      settings = loaded;
      analyse();
    })
    .catch(() => undefined);
  void offerDraft();
  if (initialValues === null) saveDraft();

  const end = (reason: FormEndReason) => {
    if (ended) return;
    ended = true;
    lifetime.abort();
    scopeObserver.disconnect();
    pickerObserver?.disconnect();
    if (analysisTimer !== undefined) clearTimeout(analysisTimer);
    if (userTimer !== undefined) clearTimeout(userTimer);
    for (const host of hosts) host.remove();
    if (drafts) {
      // Save closed the form: the page saved, so the draft has served its purpose. Otherwise keep it.
      if (reason === 'closed' && lastButton === 'save') void drafts.clear().catch(() => undefined);
      else void drafts.flush().catch(() => undefined);
    }
  };
  options.signal.addEventListener('abort', () => end('aborted'), { once: true, signal });

  return {
    match,
    keyId,
    kind: match.kind,
    end,
    carry: () => ({ initialValues, offerHandled }),
    analyseNow,
  };
}
