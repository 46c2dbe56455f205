import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../workbooks-sim';
import { call, squareWrite, workingSet, type WriteBody } from '../workbooks-sim/testing';

const dir = mkdtempSync(join(tmpdir(), 'wb-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('survives a restart: writes and concurrent modifications are kept', async () => {
    const file = join(dir, 'state.json');
    const first = await startSimulator({ quiet: true, seed: 8, keys: 25, users: 10, stateFile: file, today: '2027-03-10' });
    const created = await call<WriteBody>(first.url, 'admin/api_keys.api', {
      method: 'PUT',
      apiKey: first.admin.apiKey,
      params: [...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: { name: 'Persisted', user_id: '2', valid_until: '2027-05-01', permitted_ip_addresses: '81.2.69.10' } }])],
    });
    expect(created.body.success).toBe(true);
    first.modifyRecord('user', 3, { loginEnabled: false });
    const page = await call(first.url, 'desktop/home', { redirect: 'manual', headers: { Accept: 'text/html' } });
    const demoCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const truth = first.groundTruth();
    const secret = created.body.affected_objects[0]?.['api_key'];
    await first.stop();

    const second = await startSimulator({ quiet: true, seed: 99, keys: 5, users: 3, stateFile: file, today: '2027-03-10' });
    try {
      expect(second.state.apiKeys.size).toBe(26);
      expect(second.state.apiKeys.get(26)).toMatchObject({ name: 'Persisted', secret });
      expect(second.state.users.get(3)?.loginEnabled).toBe(false);
      expect(second.groundTruth()).toEqual(truth);
      expect(second.admin.apiKey).toBe(first.admin.apiKey);
      const again = await call(second.url, 'desktop/home', { cookie: demoCookie, redirect: 'manual', headers: { Accept: 'text/html' } });
      expect(again.status).toBe(200);
      const next = await call<WriteBody>(second.url, 'admin/api_keys.api', {
        method: 'PUT',
        apiKey: second.admin.apiKey,
        params: [...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: { name: 'After restart', user_id: '2', valid_until: '2027-05-01', permitted_ip_addresses: '81.2.69.10' } }])],
      });
      expect(next.body.affected_objects[0]?.['id']).toBe(27);
      expect((await call(second.url, 'login.api', { method: 'POST', params: [['api_key', String(secret)], ['client', 'api'], ['api_version', 1]], headers: { 'X-Sim-Client-Address': '81.2.69.10' } })).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('is deterministic for a seed and a date', async () => {
    const a = await startSimulator({ quiet: true, seed: 13, keys: 50, users: 20, today: '2027-01-01' });
    const b = await startSimulator({ quiet: true, seed: 13, keys: 50, users: 20, today: '2027-01-01' });
    const c = await startSimulator({ quiet: true, seed: 14, keys: 50, users: 20, today: '2027-01-01' });
    try {
      const strip = (records: Iterable<object>): unknown[] => [...records].map((r) => ({ ...r, createdAt: 0, updatedAt: 0 }));
      expect(strip(a.state.apiKeys.values())).toEqual(strip(b.state.apiKeys.values()));
      expect(strip(a.state.users.values())).toEqual(strip(b.state.users.values()));
      expect(a.groundTruth()).toEqual(b.groundTruth());
      expect(strip(a.state.apiKeys.values())).not.toEqual(strip(c.state.apiKeys.values()));
      expect(a.groundTruth().today).toBe('2027-01-01');
      expect(a.state.apiKeys.get(1)?.until).toBe('2027-03-02');
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });
});

describe('command line', () => {
  it('prints one JSON line with the URL and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/workbooks-sim/cli.ts', '--port', '0', '--seed', '7', '--keys', '12', '--users', '6', '--schema', 'alt', '--latency', '1', '--today', '2027-01-01', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const started = JSON.parse(first) as { url: string; admin: { apiKey: string; username: string }; schema: string };
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.admin.username).toBe('admin@sim.test');
    expect(started.schema).toBe('alt');
    const res = await call(started.url, 'settings/integration_keys.api', { apiKey: started.admin.apiKey });
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses unknown options', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/workbooks-sim/cli.ts', '--colour', 'red'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(await new Promise<number | null>((resolve) => child.once('exit', resolve))).toBe(2);
  });
});
