/**
 * Decoding of answers recorded from the simulator (support/record-fixtures.ts): every shape the client meets.
 */
import { describe, expect, it } from 'vitest';
import { decodeLoginResponse, decodeReadResponse, decodeWriteResponse, errorFromStatus, type WriteResult } from '../../../src/core/workbooks/decode';
import { decodeMetadata } from '../../../src/core/workbooks/metadata';
import { DEFAULT_SCHEMA, schemaFromMetadata } from '../../../src/core/workbooks/schema';
import type { WriteOp } from '../../../src/core/workbooks/encode';
import type { WireResponse } from '../../../src/core/workbooks/transport';
import { keyFromRecord } from '../../../src/core/keys/repository';
import { fixture } from './helpers';

function recorded(name: string): WireResponse {
  const { status, body } = JSON.parse(fixture(`sim-${name}.json`)) as { status: number; body: unknown };
  return { status, url: 'http://127.0.0.1/x.api', body: JSON.stringify(body), headers: {} };
}

const schema = schemaFromMetadata(decodeMetadata(JSON.parse(recorded('metadata').body)));
const update = (id: number): WriteOp => ({ method: 'update', id, lockVersion: 1, fields: { x: 'y' } });
const create: WriteOp = { method: 'create', fields: { name: 'x' } };

function failure(result: WriteResult | undefined) {
  if (!result || result.ok) throw new Error(`expected a failed result, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('recorded simulator answers', () => {
  it('metadata: finds both record types and every role among decoys and related columns', () => {
    expect(schema.problems).toEqual([]);
    expect(schema.apiKey.fields).toEqual(DEFAULT_SCHEMA.apiKey.fields);
    expect(schema.user.fields).toEqual(DEFAULT_SCHEMA.user.fields);
    expect(schema.apiKey.accessAsUserNameColumn).toBe('user[person_name]');
    expect(schema.apiKey.fieldInfo.secret).toMatchObject({ isCreateable: false, isUpdateable: false });
    expect(schema.apiKey.fieldInfo.until).toMatchObject({ required: true, datatype: 'date' });
  });

  it('read: records, total and wire dates', () => {
    const page = decodeReadResponse(recorded('read-keys'));
    expect(page.total).toBe(25);
    expect(page.records).toHaveLength(3);
    const keys = page.records.map((r) => keyFromRecord(r, schema)!);
    expect(keys.every((k) => k.until === null || /^\d{4}-\d{2}-\d{2}$/.test(k.until))).toBe(true);
    const padded = page.records.find((r) => typeof r.valid_until === 'string' && r.valid_until.startsWith(' '));
    if (padded) expect(keyFromRecord(padded, schema)!.until).toMatch(/^\d{4}-\d{2}-0\d$/);
    expect(keys[0]).toMatchObject({ id: 1, accessAsUserName: 'Alex Morgan' });
  });

  it('create: the complete new record with its id and generated secret', () => {
    const [result] = decodeWriteResponse(recorded('write-create'), [create], { perObjectTransactions: false });
    expect(result).toMatchObject({ ok: true, id: 26, lockVersion: 0 });
    if (!result?.ok) return;
    expect(keyFromRecord(result.record, schema)).toMatchObject({ name: 'Recorded key', until: '2027-03-31', permittedIps: '81.2.69.160' });
    expect(typeof result.record.api_key).toBe('string');
  });

  it('update and delete: id and bumped lock_version', () => {
    expect(decodeWriteResponse(recorded('write-update'), [update(2)], { perObjectTransactions: false })[0]).toMatchObject({
      ok: true,
      id: 2,
      lockVersion: 8,
      record: { description: 'recorded update' },
    });
    expect(decodeWriteResponse(recorded('write-delete'), [{ method: 'delete', id: 7, lockVersion: 4 }], { perObjectTransactions: false })[0]).toMatchObject({
      ok: true,
      id: 7,
      lockVersion: 5,
    });
  });

  it('per-object transactions: one saved, one refused with a per-field message', () => {
    const results = decodeWriteResponse(recorded('write-per-object-mixed'), [update(4), update(6)], { perObjectTransactions: true });
    expect(results[0]).toMatchObject({ ok: true, id: 4, lockVersion: 8 });
    expect(failure(results[1])).toMatchObject({ kind: 'validation', records: [{ index: 1, id: 6, fields: { valid_until: ['must be on or after Valid From'] }, messages: [] }] });
  });

  it('stale lock_version: a conflict with the record id', () => {
    const error = failure(decodeWriteResponse(recorded('write-conflict'), [update(7)], { perObjectTransactions: true })[0]);
    expect(error).toMatchObject({ kind: 'conflict', ids: [7], message: 'This record cannot be saved since it has already been updated elsewhere.' });
  });

  it('all-or-nothing: the valid record is rolled back, the invalid one has four field errors', () => {
    const results = decodeWriteResponse(recorded('write-rollback'), [update(7), create], { perObjectTransactions: false });
    expect(failure(results[0])).toMatchObject({ kind: 'rolled-back', id: 7 });
    const error = failure(results[1]);
    expect(error).toMatchObject({ kind: 'validation' });
    if (error.kind !== 'validation') return;
    expect(Object.keys(error.records[0]!.fields).sort()).toEqual(['name', 'permitted_ip_addresses', 'user_id', 'valid_until']);
  });

  it('406, 404, 401, 403 and 500 answers', () => {
    expect(() => decodeWriteResponse(recorded('write-no-filter-406'), [create], { perObjectTransactions: true })).toThrow(
      expect.objectContaining({ kind: 'bad-request', status: 406 }),
    );
    expect(errorFromStatus(recorded('read-unknown-column-406'))).toMatchObject({ kind: 'bad-request', details: ['Unknown column in _select_columns[]: nope'] });
    expect(errorFromStatus(recorded('read-404'))).toMatchObject({ kind: 'not-found' });
    expect(errorFromStatus(recorded('session-expired-401'))).toMatchObject({ kind: 'auth', failureReason: 'session_expired', message: 'The session has expired.' });
    expect(errorFromStatus(recorded('api-key-invalid-401'))).toMatchObject({ kind: 'auth', failureReason: 'invalid_api_key' });
    expect(errorFromStatus(recorded('fault-403'))).toMatchObject({ kind: 'permission', failureReason: 'database_being_migrated' });
    const server = errorFromStatus(recorded('fault-500'));
    expect(server).toMatchObject({ kind: 'server', status: 500 });
    expect(server.kind === 'server' && server.exceptionReference).toMatch(/^SIM-[A-Z0-9]+-\d{4}$/);
  });

  it('login: session details; refusal: failure_reason', () => {
    const answer = decodeLoginResponse(recorded('login'));
    expect(answer).toMatchObject({ userId: 1, databaseName: 'Simulated Workbooks Ltd', logicalDatabaseId: 2001, apiVersion: 1 });
    expect(answer.authenticityToken).toMatch(/^[0-9a-f]{40}$/);
    expect(() => decodeLoginResponse(recorded('login-refused-401'))).toThrow(expect.objectContaining({ kind: 'auth', failureReason: 'unrecognised_name_or_password' }));
  });
});
