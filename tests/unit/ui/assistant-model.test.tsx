/**
 * The key editor's data rules: which fields changed (by meaning, not by spelling), what an update or a create
 * sends, drafts, the three-way conflict comparison and merge, server errors on the right fields, and the save
 * flow's outcomes against an in-memory repository.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EDITOR_FIELDS,
  EMPTY_VALUES,
  canonicalValue,
  changedFields,
  compareVersions,
  createChanges,
  defaultReapply,
  draftDiffersFrom,
  draftFieldsFrom,
  mergeOnto,
  updateChanges,
  valuesFromDraft,
  valuesFromKey,
  type EditorField,
  type EditorValues,
} from '../../../src/ui/assistant/editor-model';
import { fieldErrorsFrom, saveKey, type SaveRepository } from '../../../src/ui/assistant/save-key';
import type { ApiKeyRecord } from '../../../src/core/keys/model';
import type { KeySaveResult } from '../../../src/core/keys/repository';
import { AuthError, ConflictError, NetworkError, ValidationError } from '../../../src/core/workbooks/errors';
import { DEFAULT_SCHEMA, type DiscoveredSchema } from '../../../src/core/workbooks/schema';

const schema: DiscoveredSchema = {
  apiKey: { ...DEFAULT_SCHEMA.apiKey, fields: { ...DEFAULT_SCHEMA.apiKey.fields }, fieldInfo: {} },
  user: { ...DEFAULT_SCHEMA.user, fields: { ...DEFAULT_SCHEMA.user.fields }, fieldInfo: {} },
  problems: [],
  source: 'defaults',
};

const altSchema: DiscoveredSchema = {
  ...schema,
  apiKey: {
    ...schema.apiKey,
    path: 'settings/integration_keys',
    fields: {
      name: 'key_label',
      description: 'notes',
      accessAsUser: 'acting_user_id',
      validFrom: 'effective_from',
      until: 'expires_on',
      permittedIps: 'ip_allow_list',
      capabilities: 'allowed_capabilities',
      secret: 'access_key_value',
    },
  },
};

function key(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: 12,
    lockVersion: 3,
    name: 'Zapier sync',
    description: 'Nightly sync',
    accessAsUserId: 5,
    accessAsUserName: 'Jo Bloggs',
    validFrom: null,
    until: '2027-05-02',
    permittedIps: '81.2.69.10',
    capabilities: 'crm_people',
    secret: null,
    updatedAt: 'Wed Jan 13 10:00:00 UTC 2027',
    updatedBy: 'Alex Morgan',
    ...overrides,
  };
}

describe('form values', () => {
  it('show stored dates in display form and blanks as empty text', () => {
    const values = valuesFromKey(key({ validFrom: '2027-01-02', permittedIps: null, capabilities: null }));
    expect(values).toMatchObject({ validFrom: '2 Jan 2027', until: '2 May 2027', permittedIps: '', capabilities: '', accessAsUserName: 'Jo Bloggs' });
  });

  it('compare by meaning: a date typed another way, or a blank written as nothing, is not a change', () => {
    const base = valuesFromKey(key({ permittedIps: null }));
    expect(changedFields(base, { ...base, until: '02/05/2027' })).toEqual([]);
    expect(changedFields(base, { ...base, until: '2027-05-02' })).toEqual([]);
    expect(changedFields(base, { ...base, permittedIps: '   ' })).toEqual([]);
    expect(changedFields(base, { ...base, until: '03/05/2027', name: 'Zapier sync ' })).toEqual(['name', 'until']);
    // The picker's label is display only.
    expect(changedFields(base, { ...base, accessAsUserName: 'Someone else' })).toEqual([]);
    // An unreadable date never equals a real one, nor a blank.
    expect(canonicalValue({ ...base, until: '31/02/2027' }, 'until')).toBe('unparsed:31/02/2027');
  });
});

describe('what a save sends', () => {
  it('an update sends only the changed fields, with dates as calendar dates and cleared text as blank', () => {
    const base = valuesFromKey(key());
    const result = updateChanges(base, { ...base, until: '1 June 2027', description: '', permittedIps: '81.2.69.0/24' });
    expect(result).toEqual({ ok: true, fields: ['description', 'until', 'permittedIps'], changes: { description: '', until: '2027-06-01', permittedIps: '81.2.69.0/24' } });
  });

  it('an update that clears a date sends null; a user change sends the id', () => {
    const base = valuesFromKey(key({ validFrom: '2027-01-02' }));
    expect(updateChanges(base, { ...base, validFrom: '', accessAsUserId: 9, accessAsUserName: 'Sam' })).toEqual({
      ok: true,
      fields: ['accessAsUserId', 'validFrom'],
      changes: { accessAsUserId: 9, validFrom: null },
    });
  });

  it('refuses to send a date that cannot be read, naming the field', () => {
    const base = valuesFromKey(key());
    const result = updateChanges(base, { ...base, until: '31/02/2027' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual(['until']);
  });

  it('a create sends the name and every filled field, nothing blank', () => {
    const values: EditorValues = { ...EMPTY_VALUES, name: 'New', until: '2 May 2027', permittedIps: '81.2.69.10', accessAsUserId: 4 };
    expect(createChanges(values)).toEqual({ ok: true, fields: ['accessAsUserId', 'name', 'until', 'permittedIps'], changes: { name: 'New', accessAsUserId: 4, until: '2027-05-02', permittedIps: '81.2.69.10' } });
  });
});

describe('drafts', () => {
  it('round-trip every field', () => {
    const values = { ...valuesFromKey(key()), description: 'typed', accessAsUserId: 8, accessAsUserName: 'Eight' };
    expect(valuesFromDraft(draftFieldsFrom(values), EMPTY_VALUES)).toEqual(values);
  });

  it('a partial draft (from the native form) fills in only what it holds', () => {
    const current = valuesFromKey(key());
    const restored = valuesFromDraft({ permittedIps: '81.2.69.0/24' }, current);
    expect(restored).toEqual({ ...current, permittedIps: '81.2.69.0/24' });
    expect(draftDiffersFrom({ permittedIps: '81.2.69.0/24' }, current)).toBe(true);
    expect(draftDiffersFrom({ permittedIps: '81.2.69.10', until: '02/05/2027' }, current)).toBe(false);
  });
});

describe('conflicts', () => {
  const base = valuesFromKey(key());

  it('classify every field: mine, theirs, both the same, both differently, unchanged', () => {
    const remote = { ...base, description: 'theirs', name: 'Same rename', capabilities: 'theirs' };
    const mine = { ...base, permittedIps: '81.2.69.11', name: 'Same rename', capabilities: 'mine' };
    const states = Object.fromEntries(compareVersions(base, remote, mine).map((c) => [c.field, c.state]));
    expect(states).toEqual({
      accessAsUserId: 'unchanged',
      name: 'both-same',
      description: 'theirs',
      validFrom: 'unchanged',
      until: 'unchanged',
      permittedIps: 'mine',
      capabilities: 'both-differ',
    });
    expect([...defaultReapply(compareVersions(base, remote, mine))].sort()).toEqual(['capabilities', 'permittedIps']);
  });

  it('without a known base (a stale draft), every difference is the admin’s choice', () => {
    const remote = { ...base, description: 'theirs' };
    const mine = { ...base, permittedIps: '81.2.69.11' };
    const differing = compareVersions(null, remote, mine).filter((c) => c.state !== 'unchanged');
    expect(differing.map((c) => [c.field, c.state])).toEqual([
      ['description', 'both-differ'],
      ['permittedIps', 'both-differ'],
    ]);
  });

  it('merging keeps the fresh values and re-applies exactly the chosen fields (user id and label together)', () => {
    const remote = { ...base, description: 'theirs', accessAsUserId: 7, accessAsUserName: 'Seven' };
    const mine = { ...base, description: 'mine', accessAsUserId: 9, accessAsUserName: 'Nine', permittedIps: '81.2.69.11' };
    expect(mergeOnto(remote, mine, new Set<EditorField>(['permittedIps', 'accessAsUserId']))).toEqual({ ...remote, permittedIps: '81.2.69.11', accessAsUserId: 9, accessAsUserName: 'Nine' });
  });

  it('property: the default merge holds every field the admin changed and every other field as it is now', () => {
    const text = fc.constantFrom('', 'a', 'b');
    const values = fc.record({
      name: text,
      description: text,
      accessAsUserId: fc.constantFrom(null, 1, 2),
      accessAsUserName: fc.constant(null),
      validFrom: fc.constantFrom('', '2 May 2027', '2027-05-03'),
      until: fc.constantFrom('', '2 Jun 2027', '03/06/2027'),
      permittedIps: text,
      capabilities: text,
    });
    fc.assert(
      fc.property(values, values, values, (start, remote, mine) => {
        const merged = mergeOnto(remote, mine, defaultReapply(compareVersions(start, remote, mine)));
        for (const field of EDITOR_FIELDS) {
          const adminChanged = canonicalValue(start, field) !== canonicalValue(mine, field);
          expect(canonicalValue(merged, field)).toBe(canonicalValue(adminChanged ? mine : remote, field));
        }
      }),
    );
  });
});

describe('server errors', () => {
  it('land on the editor field named by the schema, for either variant; the rest is general', () => {
    const error = new ValidationError('Record 1 failed', [{ index: 0, id: 12, fields: { valid_until: ["can't be blank"], user_id: ['refers to user 99, who does not exist'], mystery: ['odd'] }, messages: ['Something else'] }]);
    expect(fieldErrorsFrom(error, schema)).toEqual({
      byField: { until: ["can't be blank"], accessAsUserId: ['refers to user 99, who does not exist'] },
      general: ['mystery: odd', 'Something else'],
    });
    const alt = new ValidationError('x', [{ index: 0, id: 0, fields: { expires_on: ['must be on or after Valid From'], ip_allow_list: ["can't be blank"] }, messages: [] }]);
    expect(fieldErrorsFrom(alt, altSchema).byField).toEqual({ until: ['must be on or after Valid From'], permittedIps: ["can't be blank"] });
  });
});

/** An in-memory repository with the service's lock_version rule; `next` scripts one failure. */
function memoryRepository(records: ApiKeyRecord[]) {
  const store = new Map(records.map((r) => [r.id, { ...r }]));
  const calls: Array<{ kind: string; id?: number; lockVersion?: number; changes: unknown }> = [];
  let next: KeySaveResult | Error | null = null;
  const repository: SaveRepository & { fail(result: KeySaveResult | Error): void } = {
    fail(result) {
      next = result;
    },
    async schema() {
      return schema;
    },
    async getKey(id) {
      const found = store.get(id);
      return found ? { ...found } : null;
    },
    async createKey(newKey) {
      calls.push({ kind: 'create', changes: newKey });
      const id = Math.max(0, ...store.keys()) + 1;
      store.set(id, { ...key({ id, lockVersion: 1, description: '', validFrom: null, until: null, permittedIps: null, capabilities: null, accessAsUserId: null, accessAsUserName: null }), ...newKey });
      return { ok: true, id, lockVersion: 1, values: { ...newKey }, secret: 'fresh-secret-value-9f3c' };
    },
    async updateKey(id, lockVersion, changes) {
      calls.push({ kind: 'update', id, lockVersion, changes });
      const scripted = next;
      next = null;
      if (scripted instanceof Error) throw scripted;
      if (scripted) return scripted;
      const current = store.get(id);
      if (!current) return { ok: false, id, error: new ConflictError('gone', [id]), attempted: true };
      if (current.lockVersion !== lockVersion) return { ok: false, id, error: new ConflictError('This record cannot be saved since it has already been updated elsewhere.', [id]), attempted: true };
      const updated = { ...current, ...changes, lockVersion: lockVersion + 1 };
      store.set(id, updated);
      return { ok: true, id, lockVersion: updated.lockVersion, values: { ...changes }, secret: null };
    },
  };
  return { repository, store, calls };
}

describe('saveKey', () => {
  const record = key();
  const base = { id: record.id, lockVersion: record.lockVersion, values: valuesFromKey(record) };

  it('sends only the changes with the base lock_version, then reads the key back', async () => {
    const { repository, store, calls } = memoryRepository([record]);
    const outcome = await saveKey(repository, base, { ...base.values, permittedIps: '81.2.69.0/24' });
    expect(calls).toEqual([{ kind: 'update', id: 12, lockVersion: 3, changes: { permittedIps: '81.2.69.0/24' } }]);
    expect(outcome).toMatchObject({ kind: 'saved', action: 'update', id: 12, lockVersion: 4, fields: ['permittedIps'], secret: null });
    if (outcome.kind === 'saved') expect(outcome.key).toEqual(store.get(12));
  });

  it('says when there is nothing to save, and sends nothing', async () => {
    const { repository, calls } = memoryRepository([record]);
    expect(await saveKey(repository, base, { ...base.values, until: '02/05/2027' })).toEqual({ kind: 'nothing-to-save' });
    expect(calls).toEqual([]);
  });

  it('reports a stale lock_version as a conflict, and writes nothing', async () => {
    const { repository, store } = memoryRepository([{ ...record, lockVersion: 4, description: 'theirs' }]);
    const outcome = await saveKey(repository, base, { ...base.values, name: 'Mine' });
    expect(outcome).toMatchObject({ kind: 'conflict', id: 12, fields: ['name'] });
    expect(store.get(12)?.name).toBe('Zapier sync');
  });

  it('turns a thrown 401 into an auth outcome with the failure reason', async () => {
    const { repository } = memoryRepository([record]);
    repository.fail(new AuthError('session_expired', 'Your session has expired.'));
    expect(await saveKey(repository, base, { ...base.values, name: 'Mine' })).toMatchObject({ kind: 'auth', reason: 'session_expired', fields: ['name'] });
  });

  it('maps a validation failure onto fields, and a network failure to a failed outcome', async () => {
    const { repository } = memoryRepository([record]);
    repository.fail({ ok: false, id: 12, attempted: true, error: new ValidationError('refused', [{ index: 0, id: 12, fields: { valid_until: ["can't be blank"] }, messages: [] }]) });
    expect(await saveKey(repository, base, { ...base.values, until: '' })).toMatchObject({ kind: 'validation', byField: { until: ["can't be blank"] }, general: [] });
    repository.fail(new NetworkError('The connection dropped.'));
    expect(await saveKey(repository, base, { ...base.values, name: 'x' })).toMatchObject({ kind: 'failed', errorKind: 'network' });
  });

  it('creates with the generated secret in the outcome only', async () => {
    const { repository, calls } = memoryRepository([record]);
    const outcome = await saveKey(repository, null, { ...EMPTY_VALUES, name: 'Brand new', permittedIps: '81.2.69.10' });
    expect(calls).toEqual([{ kind: 'create', changes: { name: 'Brand new', permittedIps: '81.2.69.10' } }]);
    expect(outcome).toMatchObject({ kind: 'saved', action: 'create', id: 13, secret: 'fresh-secret-value-9f3c' });
  });
});
