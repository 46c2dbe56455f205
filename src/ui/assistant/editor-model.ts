/**
 * The key editor's data rules, free of components so they can be tested alone: form values ↔ key records,
 * which fields changed (only those are sent), drafts, and the three-way comparison behind the conflict view.
 *
 * Form values are what the admin typed (dates as text in any format the dates engine reads); comparisons use
 * the canonical meaning (a date typed "2/5/2027" equals the stored 2027-05-02; a blank IP list equals none).
 */
import { formatDisplayDate, parseWorkbooksDate } from '../../core/dates';
import type { ApiKeyChanges, ApiKeyRecord, NewApiKey } from '../../core/keys/model';
import type { DraftFields } from '../../platform/db';

export type EditorField = 'name' | 'description' | 'accessAsUserId' | 'validFrom' | 'until' | 'permittedIps' | 'capabilities';

/** In form order. */
export const EDITOR_FIELDS: readonly EditorField[] = ['accessAsUserId', 'name', 'description', 'validFrom', 'until', 'permittedIps', 'capabilities'];

export interface EditorValues {
  name: string;
  description: string;
  accessAsUserId: number | null;
  /** Display only (the picker's label); never compared or sent. */
  accessAsUserName: string | null;
  validFrom: string;
  until: string;
  permittedIps: string;
  capabilities: string;
}

export const EMPTY_VALUES: Readonly<EditorValues> = Object.freeze({
  name: '',
  description: '',
  accessAsUserId: null,
  accessAsUserName: null,
  validFrom: '',
  until: '',
  permittedIps: '',
  capabilities: '',
});

export function valuesFromKey(key: ApiKeyRecord): EditorValues {
  return {
    name: key.name,
    description: key.description,
    accessAsUserId: key.accessAsUserId,
    accessAsUserName: key.accessAsUserName,
    validFrom: key.validFrom ? formatDisplayDate(key.validFrom) : '',
    until: key.until ? formatDisplayDate(key.until) : '',
    permittedIps: key.permittedIps ?? '',
    capabilities: key.capabilities ?? '',
  };
}

/**
 * A field's meaning, for comparisons: dates as YYYY-MM-DD when they parse (else the trimmed text, marked so it
 * never equals a date), blank text as null, the user as its id.
 */
export type Canonical = string | number | null;

function blankToNull(text: string): string | null {
  return text.trim() === '' ? null : text;
}

function canonicalDate(text: string): Canonical {
  if (text.trim() === '') return null;
  const parsed = parseWorkbooksDate(text);
  return parsed.ok ? parsed.date : `unparsed:${text.trim()}`;
}

export function canonicalValue(values: EditorValues, field: EditorField): Canonical {
  switch (field) {
    case 'name':
      return values.name;
    case 'description':
      return blankToNull(values.description);
    case 'accessAsUserId':
      return values.accessAsUserId;
    case 'validFrom':
      return canonicalDate(values.validFrom);
    case 'until':
      return canonicalDate(values.until);
    case 'permittedIps':
      return blankToNull(values.permittedIps);
    case 'capabilities':
      return blankToNull(values.capabilities);
  }
}

export function sameField(a: EditorValues, b: EditorValues, field: EditorField): boolean {
  return canonicalValue(a, field) === canonicalValue(b, field);
}

/** Fields whose meaning differs between `base` and `values`, in form order. */
export function changedFields(base: EditorValues, values: EditorValues): EditorField[] {
  return EDITOR_FIELDS.filter((field) => !sameField(base, values, field));
}

export interface FieldProblem {
  field: EditorField;
  /** en-GB message from the dates engine. */
  message: string;
}

export type ChangesResult<T> = { ok: true; changes: T; fields: EditorField[] } | { ok: false; problems: FieldProblem[] };

/** The value to send for one field; dates must parse (the wire needs a real date). */
function sendValue(values: EditorValues, field: EditorField): { ok: true; value: string | number | null } | { ok: false; message: string } {
  if (field === 'validFrom' || field === 'until') {
    const text = values[field];
    if (text.trim() === '') return { ok: true, value: null };
    const parsed = parseWorkbooksDate(text);
    return parsed.ok ? { ok: true, value: parsed.date } : { ok: false, message: parsed.message };
  }
  if (field === 'accessAsUserId') return { ok: true, value: values.accessAsUserId };
  if (field === 'name') return { ok: true, value: values.name };
  // Blank text is sent as a blank: clearing a description must clear it remotely too.
  return { ok: true, value: blankToNull(values[field]) ?? '' };
}

function assign(changes: ApiKeyChanges, field: EditorField, value: string | number | null): void {
  switch (field) {
    case 'accessAsUserId':
      changes.accessAsUserId = typeof value === 'number' ? value : null;
      return;
    case 'validFrom':
    case 'until':
      changes[field] = typeof value === 'string' ? value : null;
      return;
    default:
      changes[field] = typeof value === 'string' ? value : '';
  }
}

function collect(values: EditorValues, fields: readonly EditorField[]): ChangesResult<ApiKeyChanges> {
  const changes: ApiKeyChanges = {};
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const sent = sendValue(values, field);
    if (sent.ok) assign(changes, field, sent.value);
    else problems.push({ field, message: sent.message });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, changes, fields: [...fields] };
}

/** An update: only the fields whose meaning changed since `base` (the record the admin started from). */
export function updateChanges(base: EditorValues, values: EditorValues): ChangesResult<ApiKeyChanges> {
  return collect(values, changedFields(base, values));
}

/** A create: every field the admin filled in (blank fields are left to the service's defaults). */
export function createChanges(values: EditorValues): ChangesResult<NewApiKey> {
  const filled = EDITOR_FIELDS.filter((field) => field === 'name' || canonicalValue(values, field) !== null);
  const result = collect(values, filled);
  if (!result.ok) return result;
  return { ok: true, changes: { ...result.changes, name: values.name }, fields: result.fields };
}

// ------------------------------------------------------------------------------------------------ drafts

export function draftFieldsFrom(values: EditorValues): DraftFields {
  return {
    name: values.name,
    description: values.description,
    accessAsUserId: values.accessAsUserId,
    accessAsUserName: values.accessAsUserName,
    validFrom: values.validFrom,
    until: values.until,
    permittedIps: values.permittedIps,
    capabilities: values.capabilities,
  };
}

/** A draft's values over `fallback` (a native-form draft may carry only some fields). */
export function valuesFromDraft(fields: DraftFields, fallback: EditorValues): EditorValues {
  return {
    name: fields.name ?? fallback.name,
    description: fields.description ?? fallback.description,
    accessAsUserId: fields.accessAsUserId !== undefined ? fields.accessAsUserId : fallback.accessAsUserId,
    accessAsUserName: fields.accessAsUserName !== undefined ? fields.accessAsUserName : fallback.accessAsUserName,
    validFrom: fields.validFrom ?? fallback.validFrom,
    until: fields.until ?? fallback.until,
    permittedIps: fields.permittedIps ?? fallback.permittedIps,
    capabilities: fields.capabilities ?? fallback.capabilities,
  };
}

/** Whether restoring the draft would change anything the admin sees. */
export function draftDiffersFrom(fields: DraftFields, current: EditorValues): boolean {
  return changedFields(current, valuesFromDraft(fields, current)).length > 0;
}

// --------------------------------------------------------------------------------------------- conflicts

/**
 * One field in the conflict view.
 *  - `unchanged`: nobody changed it.
 *  - `mine`: only the admin changed it (re-applying is safe).
 *  - `theirs`: only someone else changed it (the fresh value stays).
 *  - `both-same`: both changed it to the same value.
 *  - `both-differ`: both changed it differently: the admin must choose.
 * Without a known base (a draft restored after the key moved on), every difference is `both-differ`.
 */
export type ConflictState = 'unchanged' | 'mine' | 'theirs' | 'both-same' | 'both-differ';

export interface FieldComparison {
  field: EditorField;
  state: ConflictState;
  base: EditorValues | null;
}

export function compareVersions(base: EditorValues | null, remote: EditorValues, mine: EditorValues): FieldComparison[] {
  return EDITOR_FIELDS.map((field): FieldComparison => {
    const mineEqualsRemote = sameField(mine, remote, field);
    if (base === null) return { field, state: mineEqualsRemote ? 'unchanged' : 'both-differ', base };
    const mineChanged = !sameField(base, mine, field);
    const remoteChanged = !sameField(base, remote, field);
    if (!mineChanged && !remoteChanged) return { field, state: 'unchanged', base };
    if (mineChanged && !remoteChanged) return { field, state: 'mine', base };
    if (!mineChanged && remoteChanged) return { field, state: 'theirs', base };
    return { field, state: mineEqualsRemote ? 'both-same' : 'both-differ', base };
  });
}

/** By default the admin's own edits are re-applied (mine, and both-differ: they chose to type it). */
export function defaultReapply(comparisons: readonly FieldComparison[]): Set<EditorField> {
  return new Set(comparisons.filter((c) => c.state === 'mine' || c.state === 'both-differ').map((c) => c.field));
}

/** The fresh remote values with the admin's value for each field in `reapply`. */
export function mergeOnto(remote: EditorValues, mine: EditorValues, reapply: ReadonlySet<EditorField>): EditorValues {
  const merged: EditorValues = { ...remote };
  for (const field of reapply) {
    if (field === 'accessAsUserId') {
      merged.accessAsUserId = mine.accessAsUserId;
      merged.accessAsUserName = mine.accessAsUserName;
    } else {
      merged[field] = mine[field];
    }
  }
  return merged;
}
