import { describe, expect, it, vi } from 'vitest';
import { apiPath, WorkbooksClient } from '../../../src/core/workbooks/client';
import type { WireRequest } from '../../../src/core/workbooks/transport';
import type { WriteOp } from '../../../src/core/workbooks/encode';
import { NetworkError } from '../../../src/core/workbooks/errors';
import { noSleep, param, scriptedTransport, wire } from './helpers';

/** A fake table of `count` rows answering _start/_limit like the service. */
function pagedTable(count: number) {
  return (req: WireRequest) => {
    const start = Number(param(req, '_start') ?? 0);
    const limit = Number(param(req, '_limit') ?? 100);
    const data = Array.from({ length: Math.max(0, Math.min(limit, count - start)) }, (_, i) => ({ id: start + i + 1, lock_version: 0 }));
    return wire({ success: true, total: count, data });
  };
}

describe('readAll', () => {
  it('reads the first page for total, then the rest with at most 5 in flight, in order', async () => {
    const transport = scriptedTransport(pagedTable(1234));
    const client = new WorkbooksClient({ transport, sleep: noSleep });
    const progress: Array<[number, number]> = [];
    const page = await client.readAll('admin/api_keys', {}, { onProgress: (loaded, total) => progress.push([loaded, total]) });
    expect(page.total).toBe(1234);
    expect(page.records.map((r) => r.id)).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
    expect(transport.requests).toHaveLength(13);
    expect(transport.peakInFlight()).toBeLessThanOrEqual(5);
    expect(transport.peakInFlight()).toBeGreaterThan(1);
    expect(transport.requests.map((r) => param(r, '_start'))).toEqual(Array.from({ length: 13 }, (_, i) => String(i * 100)));
    expect(transport.requests.every((r) => r.path === 'admin/api_keys.api' && param(r, '_sort') === 'id' && param(r, '_dir') === 'ASC')).toBe(true);
    expect(progress.at(-1)).toEqual([1234, 1234]);
  });

  it('keeps the client-wide limit of 5 even with several readAll calls at once', async () => {
    const transport = scriptedTransport(pagedTable(800));
    const client = new WorkbooksClient({ transport, sleep: noSleep });
    await Promise.all([client.readAll('a'), client.readAll('b'), client.readAll('c')]);
    expect(transport.requests).toHaveLength(24);
    expect(transport.peakInFlight()).toBeLessThanOrEqual(5);
  });

  it('reads one request for an empty or single-page table', async () => {
    for (const count of [0, 100]) {
      const transport = scriptedTransport(pagedTable(count));
      const page = await new WorkbooksClient({ transport }).readAll('x');
      expect(page.records).toHaveLength(count);
      expect(transport.requests).toHaveLength(1);
    }
  });

  it('drops rows duplicated by pages shifting under the reader', async () => {
    const transport = scriptedTransport((req) => {
      const start = Number(param(req, '_start'));
      // A row inserted before page 2 was read shifts row 100 onto page 2 as well.
      const ids = start === 0 ? Array.from({ length: 100 }, (_, i) => i + 1) : Array.from({ length: 50 }, (_, i) => i + 100);
      return wire({ success: true, total: 150, data: ids.map((id) => ({ id })) });
    });
    const page = await new WorkbooksClient({ transport }).readAll('x');
    expect(page.records.map((r) => r.id)).toEqual(Array.from({ length: 149 }, (_, i) => i + 1));
  });

  it('retries a page after a 500 and a network error with growing backoff, then succeeds', async () => {
    let failures = 0;
    const table = pagedTable(300);
    const transport = scriptedTransport((req) => {
      if (param(req, '_start') === '100' && failures < 2) {
        failures += 1;
        if (failures === 1) return wire({ success: false, exception_reference: 'X1' }, 500);
        throw new NetworkError('dropped');
      }
      return table(req);
    });
    const sleep = vi.fn((_ms: number) => Promise.resolve());
    const client = new WorkbooksClient({ transport, sleep, random: () => 0.5, retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 } });
    const page = await client.readAll('x');
    expect(page.records).toHaveLength(300);
    expect(transport.requests).toHaveLength(5);
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([75, 150]);
  });

  it('gives up after the configured attempts and surfaces the typed error', async () => {
    const transport = scriptedTransport(() => wire({ success: false, exception_reference: 'E-9' }, 503));
    const client = new WorkbooksClient({ transport, sleep: noSleep, retry: { attempts: 3 } });
    await expect(client.readPage('x')).rejects.toMatchObject({ kind: 'server', status: 503, exceptionReference: 'E-9' });
    expect(transport.requests).toHaveLength(3);
  });

  it('does not retry 4xx answers', async () => {
    const transport = scriptedTransport(() => wire({ failure_reason: 'session_expired' }, 401));
    const client = new WorkbooksClient({ transport, sleep: noSleep });
    await expect(client.readAll('x')).rejects.toMatchObject({ kind: 'auth', failureReason: 'session_expired' });
    expect(transport.requests).toHaveLength(1);
  });

  it('honours an AbortSignal between pages and while backing off', async () => {
    const controller = new AbortController();
    const table = pagedTable(1000);
    const transport = scriptedTransport((req) => {
      if (param(req, '_start') === '0') controller.abort();
      return table(req);
    });
    await expect(new WorkbooksClient({ transport }).readAll('x', {}, { signal: controller.signal })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(transport.requests.length).toBeLessThan(10);

    const backoff = new AbortController();
    const failing = scriptedTransport(() => wire('', 500));
    const client = new WorkbooksClient({ transport: failing, retry: { attempts: 5, baseDelayMs: 10_000 } });
    const read = client.readPage('x', {}, { signal: backoff.signal });
    setTimeout(() => backoff.abort(), 20);
    await expect(read).rejects.toMatchObject({ kind: 'cancelled' });
    expect(failing.requests).toHaveLength(1);
  });
});

describe('write', () => {
  const creates = (n: number): WriteOp[] => Array.from({ length: n }, (_, i) => ({ method: 'create', fields: { name: `k${i}` } }));
  let nextId = 1000;
  const echo = (req: WireRequest) => {
    const methods = req.params.filter(([n]) => n === '__method[]');
    return wire({
      success: true,
      affected_objects: methods.map(() => ({ id: nextId++, lock_version: 0 })),
      affected_object_information: methods.map(() => ({ success: true, errors: {} })),
    });
  };

  it('sends at most 100 records per request, in order, with per-object transactions by default', async () => {
    const transport = scriptedTransport(echo);
    const batches: Array<[number, number]> = [];
    const results = await new WorkbooksClient({ transport }).write('admin/api_keys.api', creates(250), { onBatch: (d, t) => batches.push([d, t]) });
    expect(transport.requests.map((r) => r.params.filter(([n]) => n === '__method[]').length)).toEqual([100, 100, 50]);
    expect(transport.requests.every((r) => r.method === 'PUT' && param(r, '_per_object_transactions') === 'true')).toBe(true);
    expect(results).toHaveLength(250);
    const ids = results.map((r) => (r.ok ? r.id : -1));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(batches).toEqual([
      [100, 250],
      [200, 250],
      [250, 250],
    ]);
  });

  it('never retries a write: a dropped connection fails that batch (attempted) and skips the rest (not attempted)', async () => {
    const transport = scriptedTransport((req, index) => {
      if (index === 1) throw new NetworkError('socket hang up');
      return echo(req);
    });
    const results = await new WorkbooksClient({ transport, sleep: noSleep }).write('x', creates(300));
    expect(transport.requests).toHaveLength(2);
    expect(results.slice(0, 100).every((r) => r.ok)).toBe(true);
    expect(results.slice(100, 200).every((r) => !r.ok && r.error.kind === 'network' && r.attempted)).toBe(true);
    expect(results.slice(200).every((r) => !r.ok && r.error.kind === 'network' && !r.attempted)).toBe(true);
  });

  it('sends nothing for invalid operations and nothing after cancellation', async () => {
    const transport = scriptedTransport(echo);
    const client = new WorkbooksClient({ transport });
    await expect(client.write('x', [{ method: 'update', id: -1, lockVersion: 0, fields: {} }])).rejects.toThrow(TypeError);
    const controller = new AbortController();
    controller.abort();
    const results = await client.write('x', creates(3), { signal: controller.signal });
    expect(results.every((r) => !r.ok && r.error.kind === 'cancelled' && !r.attempted)).toBe(true);
    expect(transport.requests).toHaveLength(0);
  });
});

describe('sessions and metadata', () => {
  it('logs in with client=api and api_version=1 and remembers the token on the transport', async () => {
    const remembered: Array<string | null> = [];
    const transport = {
      ...scriptedTransport(() => wire({ session_id: 's1', authenticity_token: 'tok', user_id: 4, database_name: 'Demo', logical_database_id: 1 }), 'session'),
      rememberAuthenticityToken: (t: string | null) => remembered.push(t),
    };
    const client = new WorkbooksClient({ transport });
    const answer = await client.login({ username: 'admin@example.com', password: 'pw' });
    expect(answer).toMatchObject({ userId: 4, authenticityToken: 'tok', databaseName: 'Demo' });
    const login = transport.requests[0]!;
    expect([login.method, login.path]).toEqual(['POST', 'login.api']);
    expect(login.params).toEqual([
      ['username', 'admin@example.com'],
      ['password', 'pw'],
      ['client', 'api'],
      ['api_version', '1'],
    ]);
    expect(remembered).toEqual(['tok']);
  });

  it('treats the 302 from logout.api as success and forgets the token', async () => {
    const remembered: Array<string | null> = [];
    const transport = { ...scriptedTransport(() => wire('', 302), 'session'), rememberAuthenticityToken: (t: string | null) => remembered.push(t) };
    await new WorkbooksClient({ transport }).logout();
    expect(transport.requests[0]).toMatchObject({ method: 'POST', path: 'logout.api', followRedirects: false });
    expect(remembered).toEqual([null]);
  });

  it('asks metadata/types.api for class_names[] and _select_columns[]', async () => {
    const transport = scriptedTransport(() => wire([{ class_name: 'A', controller_path: 'a/b', fields: [] }]));
    const types = await new WorkbooksClient({ transport }).getMetadata(['A'], { selectColumns: ['fields'] });
    expect(types.map((t) => t.controllerPath)).toEqual(['a/b']);
    expect(transport.requests[0]!.params).toEqual([
      ['class_names[]', 'A'],
      ['_select_columns[]', 'fields'],
    ]);
  });

  it('appends .api to bare paths only', () => {
    expect(apiPath('admin/api_keys')).toBe('admin/api_keys.api');
    expect(apiPath('/admin/api_keys.api')).toBe('admin/api_keys.api');
    expect(apiPath('data_view/9/data.csv')).toBe('data_view/9/data.csv');
  });
});
