import { describe, expect, it } from 'vitest';
import {
  decodeLoginResponse,
  decodeReadResponse,
  decodeWriteResponse,
  errorFromStatus,
  exceptionReferenceOf,
} from '../../../src/core/workbooks/decode';
import { decodeMetadata } from '../../../src/core/workbooks/metadata';
import type { WriteOp } from '../../../src/core/workbooks/encode';
import { fixture, wire } from './helpers';

const update = (id: number, lockVersion = 1): WriteOp => ({ method: 'update', id, lockVersion, fields: { name: 'x' } });
const create: WriteOp = { method: 'create', fields: { name: 'x' } };

describe('read answers', () => {
  it('decodes the README read answer into records and total', () => {
    const page = decodeReadResponse(wire(fixture('readme-read-tasks.json')));
    expect(page.total).toBe(2);
    expect(page.records).toHaveLength(1);
    expect(page.records[0]).toMatchObject({ id: 1, 'updated_by_user[person_name]': 'SystemTest Config' });
  });

  it('rejects answers that are not the documented shape', () => {
    expect(() => decodeReadResponse(wire('<html>Sign in</html>'))).toThrow(expect.objectContaining({ kind: 'protocol' }));
    expect(() => decodeReadResponse(wire({ success: true }))).toThrow(/no "data" list/);
    expect(() => decodeReadResponse(wire({ success: true, data: [1] }))).toThrow(/not objects/);
    expect(decodeReadResponse(wire({ success: true, data: [{ id: 1 }] })).total).toBe(1);
  });

  it('treats an answer that ended on the sign-in page (an invalid session is redirected) as no_session', () => {
    const html = { status: 200, url: 'https://secure.workbooks.com/login', body: '<!doctype html><form>Sign in</form>', headers: {} };
    expect(() => decodeReadResponse(html)).toThrow(expect.objectContaining({ kind: 'auth', failureReason: 'no_session' }));
    expect(() => decodeReadResponse({ ...html, url: 'https://secure.workbooks.com/elsewhere' })).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });

  it('maps success:false on a read to a typed error', () => {
    expect(() => decodeReadResponse(wire({ success: false, errors: { _ff: 'Unknown field nope' } }))).toThrow(expect.objectContaining({ kind: 'validation' }));
  });
});

describe('HTTP statuses (README: HTTP Response Codes)', () => {
  it('401 → auth with failure_reason', () => {
    const error = errorFromStatus(wire({ success: false, failure_reason: 'session_expired', failure_message: 'Your session has expired' }, 401));
    expect(error).toMatchObject({ kind: 'auth', failureReason: 'session_expired', message: 'Your session has expired' });
  });

  it('403 → permission, 404 → not-found, 405/406/501 → bad-request', () => {
    expect(errorFromStatus(wire({ failure_reason: 'no_permission_for_api' }, 403))).toMatchObject({ kind: 'permission', failureReason: 'no_permission_for_api' });
    expect(errorFromStatus(wire('Not Found', 404))).toMatchObject({ kind: 'not-found' });
    expect(errorFromStatus(wire({ success: false, errors: ['Too many records'] }, 406))).toMatchObject({ kind: 'bad-request', status: 406, details: ['Too many records'] });
    expect(errorFromStatus(wire('', 405))).toMatchObject({ kind: 'bad-request', status: 405 });
  });

  it('5xx → server with the exception reference from JSON or text', () => {
    expect(errorFromStatus(wire({ success: false, exception_reference: 'EXC-4711' }, 500))).toMatchObject({ kind: 'server', status: 500, exceptionReference: 'EXC-4711' });
    expect(exceptionReferenceOf(undefined, 'An error occurred. Exception reference: AB12-99')).toBe('AB12-99');
    expect(errorFromStatus(wire('oops', 502))).toMatchObject({ kind: 'server', exceptionReference: null });
  });

  it('unexpected statuses → protocol', () => {
    expect(errorFromStatus(wire('', 418))).toMatchObject({ kind: 'protocol', status: 418 });
  });
});

describe('write answers (README: Changing Objects by Example)', () => {
  it('decodes an update', () => {
    const [result] = decodeWriteResponse(wire(fixture('readme-write-update.json')), [update(1)], { perObjectTransactions: false });
    expect(result).toMatchObject({ ok: true, id: 1, lockVersion: 2, record: { name: 'Call_Testrite_now' } });
  });

  it('decodes a create with its new id', () => {
    const [result] = decodeWriteResponse(wire(fixture('readme-write-create.json')), [create], { perObjectTransactions: false });
    expect(result).toMatchObject({ ok: true, id: 226, lockVersion: 0 });
  });

  it('decodes a delete, an update and a create in request order', () => {
    const ops: WriteOp[] = [{ method: 'delete', id: 1, lockVersion: 2 }, update(2), create];
    const results = decodeWriteResponse(wire(fixture('readme-write-multiple.json')), ops, { perObjectTransactions: false });
    expect(results.map((r) => (r.ok ? r.id : null))).toEqual([1, 2, 4]);
  });

  it('decodes the README failure as a validation error with per-field messages', () => {
    const [result] = decodeWriteResponse(wire(fixture('readme-write-failure.json')), [create], { perObjectTransactions: false, indexOffset: 7 });
    expect(result?.ok).toBe(false);
    if (result?.ok !== false) throw new Error('expected a failure');
    expect(result.error).toMatchObject({
      kind: 'validation',
      records: [{ index: 7, id: 0, fields: { refcode: ["'DUPLICATE_PERSON_REFCODE' is already used"] }, messages: [] }],
    });
  });

  it('recognises a stale lock_version as a conflict carrying the record id', () => {
    const body = {
      success: false,
      affected_objects: [null, { id: 9, lock_version: 4 }],
      affected_object_information: [
        { success: false, errors: { base: ['This record cannot be saved since it has already been updated elsewhere.'] } },
        { success: true, errors: {} },
      ],
    };
    const results = decodeWriteResponse(wire(body), [update(8, 1), update(9, 3)], { perObjectTransactions: true });
    expect(results[0]).toMatchObject({ ok: false, error: { kind: 'conflict', ids: [8] } });
    expect(results[1]).toMatchObject({ ok: true, id: 9, lockVersion: 4 });
  });

  it('reads failures given as a list in request order', () => {
    const body = { success: false, failures: [null, { id: 5, message: 'This record cannot be saved since it has already been updated elsewhere.' }] };
    const results = decodeWriteResponse(wire(body), [update(4), update(5)], { perObjectTransactions: false });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'conflict', ids: [5] } });
    expect(results[0]).toMatchObject({ ok: false, error: { kind: 'rolled-back' } });
  });

  it('reports a rolled-back record when the whole request failed without per-object transactions', () => {
    const body = { success: false, affected_object_errors: [{}, { name: ['Name is required'] }] };
    const results = decodeWriteResponse(wire(body), [update(1), update(2)], { perObjectTransactions: false });
    expect(results[0]).toMatchObject({ ok: false, error: { kind: 'rolled-back', id: 1 } });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'validation', records: [{ index: 1, id: 2, fields: { name: ['Name is required'] } }] } });
  });

  it('gives every record the request-level error when success:false has no per-record detail', () => {
    const results = decodeWriteResponse(wire({ success: false, errors: ['Working set filter missing'] }), [update(1), update(2)], { perObjectTransactions: true });
    expect(results.every((r) => !r.ok && r.error.kind === 'validation')).toBe(true);
  });

  it('throws the status error for non-200 writes', () => {
    expect(() => decodeWriteResponse(wire({ failure_reason: 'session_expired' }, 401), [update(1)], { perObjectTransactions: true })).toThrow(
      expect.objectContaining({ kind: 'auth', failureReason: 'session_expired' }),
    );
  });
});

describe('login answers (README: Login)', () => {
  it('decodes the README login answer', () => {
    const answer = decodeLoginResponse(wire(fixture('readme-login.json')));
    expect(answer).toMatchObject({
      sessionId: '159376d01524f2870e77ecc5f6c2d4c3',
      authenticityToken: 'dd2f9393d7739b0cb1f4be470abd08a2a7276473',
      userId: 2,
      databaseName: 'System Test',
      logicalDatabaseId: 3,
      apiVersion: 1,
    });
  });

  it('decodes refusals with their failure_reason', () => {
    expect(() => decodeLoginResponse(wire({ success: false, failure_reason: 'unrecognised_name_or_password' }, 401))).toThrow(
      expect.objectContaining({ kind: 'auth', failureReason: 'unrecognised_name_or_password' }),
    );
    expect(() => decodeLoginResponse(wire({ success: false, failure_reason: 'database_being_migrated' }, 403))).toThrow(
      expect.objectContaining({ kind: 'permission', failureReason: 'database_being_migrated' }),
    );
  });
});

describe('metadata answers (README: Metadata)', () => {
  it('decodes record types, fields and associations from a list or the data envelope', () => {
    const type = {
      class_name: 'Private::Admin::ApiKey',
      controller_path: 'admin/api_keys',
      human_class_name: 'API Key',
      fields: [{ name: 'api_key', title: 'API Key', datatype: 'string', is_createable: false, is_updateable: 'false', required: false }],
      associations: [{ name: 'user', title: 'Access as User', class_names: ['Private::User'], foreign_key_name: 'user_id', datatype: 'belongs_to' }],
    };
    for (const body of [[type], { success: true, data: [type] }]) {
      const [decoded] = decodeMetadata(body);
      expect(decoded).toMatchObject({
        className: 'Private::Admin::ApiKey',
        controllerPath: 'admin/api_keys',
        fields: [{ name: 'api_key', title: 'API Key', isCreateable: false, isUpdateable: false }],
        associations: [{ name: 'user', classNames: ['Private::User'], foreignKeyName: 'user_id' }],
      });
    }
    expect(() => decodeMetadata({ success: true })).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });
});
