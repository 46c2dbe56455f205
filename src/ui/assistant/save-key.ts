/**
 * One save from the key editor, start to finish, as a plain async function with a typed outcome the editor
 * renders: only changed fields are sent (update with the lock_version the admin started from), then the key is
 * read back so the panel shows what Workbooks actually stored. Nothing here touches components or storage.
 */
import type { ApiKeyRecord } from '../../core/keys/model';
import type { KeyRepository } from '../../core/keys/repository';
import type { ApiKeyRole, DiscoveredSchema } from '../../core/workbooks/schema';
import { isWorkbooksError, type AnyWorkbooksError, type ValidationError } from '../../core/workbooks/errors';
import { createChanges, updateChanges, type EditorField, type EditorValues, type FieldProblem } from './editor-model';
import { errorMessage } from '../../core/error-message';

export type SaveRepository = Pick<KeyRepository, 'createKey' | 'updateKey' | 'getKey' | 'schema'>;

/** The record the admin started from: its id, lock_version and values (null for a new key). */
export interface SaveBase {
  id: number;
  lockVersion: number;
  values: EditorValues;
}

export type SaveOutcome =
  | { kind: 'nothing-to-save' }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | {
      kind: 'saved';
      action: 'create' | 'update';
      id: number;
      lockVersion: number;
      /** The key as read back after the save; null when that read failed. */
      key: ApiKeyRecord | null;
      /** The generated key value (creates): for the editor's state only, never to be stored. */
      secret: string | null;
      fields: EditorField[];
    }
  | { kind: 'conflict'; action: 'update'; id: number; message: string; fields: EditorField[] }
  | { kind: 'auth'; action: 'create' | 'update'; reason: string; message: string; fields: EditorField[] }
  | { kind: 'validation'; action: 'create' | 'update'; byField: Partial<Record<EditorField, string[]>>; general: string[]; fields: EditorField[] }
  | { kind: 'failed'; action: 'create' | 'update'; errorKind: AnyWorkbooksError['kind'] | 'unexpected'; message: string; fields: EditorField[] };

const ROLE_TO_FIELD: Partial<Record<ApiKeyRole, EditorField>> = {
  name: 'name',
  description: 'description',
  accessAsUser: 'accessAsUserId',
  validFrom: 'validFrom',
  until: 'until',
  permittedIps: 'permittedIps',
  capabilities: 'capabilities',
};

/** The service's per-field messages placed on the editor's fields (by the schema's wire names); the rest is general. */
export function fieldErrorsFrom(error: ValidationError, schema: DiscoveredSchema): { byField: Partial<Record<EditorField, string[]>>; general: string[] } {
  const byWireName = new Map<string, EditorField>();
  for (const [role, field] of Object.entries(ROLE_TO_FIELD) as Array<[ApiKeyRole, EditorField]>) byWireName.set(schema.apiKey.fields[role], field);
  const byField: Partial<Record<EditorField, string[]>> = {};
  const general: string[] = [...error.general];
  for (const record of error.records) {
    for (const [wireName, messages] of Object.entries(record.fields)) {
      const field = byWireName.get(wireName);
      if (field) byField[field] = [...(byField[field] ?? []), ...messages];
      else general.push(...messages.map((message) => (wireName === 'base' ? message : `${wireName}: ${message}`)));
    }
    general.push(...record.messages);
  }
  if (general.length === 0 && Object.keys(byField).length === 0) general.push(error.message);
  return { byField, general: [...new Set(general)] };
}

function outcomeOfError(error: unknown, action: 'create' | 'update', id: number | null, fields: EditorField[], schema: DiscoveredSchema | null): SaveOutcome {
  if (!isWorkbooksError(error)) {
    return { kind: 'failed', action, errorKind: 'unexpected', message: errorMessage(error), fields };
  }
  switch (error.kind) {
    case 'auth':
      return { kind: 'auth', action, reason: error.failureReason, message: error.message, fields };
    case 'conflict':
      if (action === 'update' && id !== null) return { kind: 'conflict', action, id, message: error.message, fields };
      break;
    case 'validation':
      if (schema) return { kind: 'validation', action, ...fieldErrorsFrom(error, schema), fields };
      break;
    default:
      break;
  }
  return { kind: 'failed', action, errorKind: error.kind, message: error.message, fields };
}

/**
 * Saves `values`: a create when `base` is null, else an update of the changed fields with `base.lockVersion`.
 * Never throws for service answers (every failure is an outcome); a read-back failure still reports success.
 */
export async function saveKey(repository: SaveRepository, base: SaveBase | null, values: EditorValues): Promise<SaveOutcome> {
  const action = base === null ? 'create' : 'update';
  let send: () => ReturnType<SaveRepository['createKey']>;
  let fields: EditorField[];
  if (base === null) {
    const prepared = createChanges(values);
    if (!prepared.ok) return { kind: 'invalid', problems: prepared.problems };
    fields = prepared.fields;
    send = () => repository.createKey(prepared.changes);
  } else {
    const prepared = updateChanges(base.values, values);
    if (!prepared.ok) return { kind: 'invalid', problems: prepared.problems };
    fields = prepared.fields;
    send = () => repository.updateKey(base.id, base.lockVersion, prepared.changes);
  }
  if (fields.length === 0) return { kind: 'nothing-to-save' };

  let schema: DiscoveredSchema | null = null;
  try {
    schema = await repository.schema();
    const result = await send();
    if (!result.ok) return outcomeOfError(result.error, action, base?.id ?? null, fields, schema);
    let key: ApiKeyRecord | null = null;
    try {
      key = await repository.getKey(result.id);
    } catch {
      key = null; // saved all the same; the editor falls back to what it sent
    }
    return { kind: 'saved', action, id: result.id, lockVersion: result.lockVersion, key, secret: result.secret, fields };
  } catch (error) {
    return outcomeOfError(error, action, base?.id ?? null, fields, schema);
  }
}
