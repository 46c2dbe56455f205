// Ground truth must be trustworthy: codes consistent with what the API returns, and "clean" parts clean when
// checked independently (ipaddr.js classification, interval arithmetic, date arithmetic).
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type GroundTruthKey, type SimHandle } from '../workbooks-sim';
import { call, type ReadBody } from '../workbooks-sim/testing';

const TODAY = '2027-03-10';
const IP_CODES = new Set([
  'allow-all', 'private', 'documentation', 'loopback', 'link-local', 'shared-address-space', 'leading-zero', 'short-form',
  'octet-out-of-range', 'port-suffix', 'separator', 'host-bits-set', 'range', 'wildcard', 'non-ascii', 'huge-range',
  'duplicate', 'contained', 'mergeable', 'non-canonical', 'no-ip-restriction',
]);
const VALIDITY_CODES = new Set(['expired', 'expires-soon', 'lifetime-long', 'starts-in-future', 'from-in-past', 'no-until']);
const ALL_SEEDED_CODES = [
  ...IP_CODES, ...VALIDITY_CODES, 'user-login-disabled', 'user-no-edition', 'user-deleted', 'capabilities-unrestricted', 'duplicate-name', 'many-keys-one-user',
];

let sim: SimHandle;
beforeAll(async () => {
  sim = await startSimulator({ quiet: true, seed: 42, keys: 1000, users: 300, today: TODAY });
});
afterAll(async () => sim.stop());

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** An independent strictness check of a list the simulator claims to be clean. */
function cleanListProblems(text: string): string[] {
  const problems: string[] = [];
  const intervals: Array<[bigint, bigint, number]> = [];
  for (const entry of text.split(', ')) {
    const [address = '', prefixText] = entry.split('/');
    const isV4 = /^\d+\.\d+\.\d+\.\d+$/.test(address);
    if (isV4 && !/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(address)) problems.push(`${entry}: not strict dotted quad`);
    if (!ipaddr.isValid(address)) { problems.push(`${entry}: invalid`); continue; }
    const parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && parsed.toString() !== address) problems.push(`${entry}: not RFC 5952`);
    if (parsed.range() !== 'unicast') problems.push(`${entry}: range ${parsed.range()}`);
    const bits = parsed.kind() === 'ipv4' ? 32 : 128;
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (prefixText !== undefined && (!/^[1-9]\d*$/.test(prefixText) || prefix === bits)) problems.push(`${entry}: prefix text`);
    if (prefix < (bits === 32 ? 24 : 48)) problems.push(`${entry}: too wide`);
    const value = parsed.toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
    const size = 1n << BigInt(bits - prefix);
    if (value % size !== 0n) problems.push(`${entry}: host bits set`);
    intervals.push([value, value + size - 1n, bits]);
  }
  intervals.sort((a, b) => (a[2] - b[2]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < intervals.length; i++) {
    const prev = intervals[i - 1] as [bigint, bigint, number];
    const cur = intervals[i] as [bigint, bigint, number];
    if (prev[2] === cur[2] && cur[0] <= prev[1] + 1n) problems.push(`${text}: entries touch or overlap`);
  }
  return problems;
}

describe('ground truth at 1,000 keys and 300 users', () => {
  it('covers every seeded problem code at a few per cent, and most keys are clean', () => {
    const truth = sim.groundTruth();
    expect(truth.keys).toHaveLength(1000);
    expect(truth.users).toHaveLength(300);
    const count = new Map<string, number>();
    for (const key of truth.keys) for (const code of key.problems) count.set(code, (count.get(code) ?? 0) + 1);
    for (const code of ALL_SEEDED_CODES) expect(count.get(code) ?? 0, code).toBeGreaterThan(0);
    for (const [code, n] of count) if (code !== 'expires-soon' && code !== 'lifetime-long') expect(n / 1000, code).toBeLessThanOrEqual(0.08);
    const clean = truth.keys.filter((k) => k.problems.length === 0).length;
    expect(clean / 1000).toBeGreaterThan(0.5);
    expect(truth.thresholds).toMatchObject({ expiresSoonWarningDays: 14, expiresSoonInfoDays: 30, lifetimeInfoDays: 90, lifetimeWarningDays: 366, hugeRangeIpv4Prefix: 16, hugeRangeIpv6Prefix: 48, manyKeysPerUser: 5 });
  });

  it('matches what each template declared', () => {
    for (const key of sim.groundTruth().keys) expect(key.problems, `key ${key.id}`).toEqual(sim.state.seedTruth.get(key.id)?.declared);
  });

  it('clean IP lists are clean by an independent check', () => {
    const truth = sim.groundTruth();
    let checked = 0;
    for (const key of truth.keys) {
      if (key.problems.some((c) => IP_CODES.has(c))) continue;
      const ips = sim.state.apiKeys.get(key.id)?.permittedIps ?? '';
      expect(cleanListProblems(ips), `key ${key.id}: ${ips}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('clean validity is clean: blank Valid From, Until 31-89 days ahead', () => {
    for (const key of sim.groundTruth().keys) {
      if (key.problems.some((c) => VALIDITY_CODES.has(c))) continue;
      const record = sim.state.apiKeys.get(key.id);
      expect(record?.validFrom, `key ${key.id}`).toBeNull();
      const left = days(TODAY, record?.until ?? TODAY);
      expect(left, `key ${key.id}`).toBeGreaterThanOrEqual(31);
      expect(left, `key ${key.id}`).toBeLessThanOrEqual(89);
    }
  });

  it('validity codes agree with the dates', () => {
    for (const key of sim.groundTruth().keys) {
      const record = sim.state.apiKeys.get(key.id);
      if (!record || record.until === null) continue;
      const left = days(TODAY, record.until);
      expect(key.problems.includes('expired'), `key ${key.id}`).toBe(left < 0);
      expect(key.problems.includes('expires-soon'), `key ${key.id}`).toBe(left >= 0 && left < 30);
    }
  });

  it('user codes agree with what the API returns about users', async () => {
    const res = await call<ReadBody>(sim.url, 'admin/users.api', { apiKey: sim.admin.apiKey });
    const visible = new Map(res.body.data.map((u) => [Number(u['id']), u]));
    const truth = sim.groundTruth();
    const tagged = (key: GroundTruthKey, code: string): boolean => key.problems.includes(code);
    for (const key of truth.keys) {
      const user = key.userId === null ? undefined : visible.get(key.userId);
      expect(tagged(key, 'user-deleted'), `key ${key.id}`).toBe(user === undefined);
      expect(tagged(key, 'user-login-disabled'), `key ${key.id}`).toBe(user !== undefined && user['login_allowed'] === false);
      expect(tagged(key, 'user-no-edition'), `key ${key.id}`).toBe(user !== undefined && user['allocated_edition'] === 'No Edition (login denied)');
    }
    for (const u of truth.users) expect(visible.has(u.id), `user ${u.id}`).toBe(u.status !== 'deleted');
    const perUser = new Map<number | null, number>();
    for (const key of truth.keys) perUser.set(key.userId, (perUser.get(key.userId) ?? 0) + 1);
    for (const key of truth.keys) expect(tagged(key, 'many-keys-one-user')).toBe((perUser.get(key.userId) ?? 0) > 5);
  });

  it('seeds the injection payloads as valid key names', () => {
    const names = [...sim.state.apiKeys.values()].map((k) => k.name);
    expect(names).toContain('=HYPERLINK("http://x","y")');
    expect(names).toContain('<img src=x onerror=alert(1)>');
    expect([...sim.state.apiKeys.values()].some((k) => (k.description ?? '').includes('<script>'))).toBe(true);
    for (const name of names) expect(name.trim().length > 0 && name.length <= 255).toBe(true);
  });

  it('follows changes: edited lists are no longer exact; user changes move user codes', () => {
    const key = sim.groundTruth().keys.find((k) => k.problems.includes('private'));
    if (!key) throw new Error('no private key');
    sim.modifyRecord('apiKey', key.id, { permittedIps: '81.2.69.10' });
    const after = sim.groundTruth().keys.find((k) => k.id === key.id);
    expect(after?.exact).toBe(false);
    expect(after?.problems).not.toContain('private');
    const healthy = sim.groundTruth().keys.find((k) => k.problems.length === 0);
    if (!healthy?.userId) throw new Error('no clean key');
    sim.modifyRecord('user', healthy.userId, { loginEnabled: false });
    for (const k of sim.groundTruth().keys.filter((g) => g.userId === healthy.userId)) expect(k.problems).toContain('user-login-disabled');
  });
});
