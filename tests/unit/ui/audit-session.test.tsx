/**
 * The audit run the Audit tab performs (src/core/keys/audit-session.ts), against the simulator: request budget,
 * pipelining, partial results with exact gaps, 401 mid-run, cancellation; plus the stored-audit format, ages,
 * exports and settings → thresholds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../../workbooks-sim/index';
import { apiKeyClient, sessionClient } from '../workbooks/support/sim-clients';
import { createKeyRepository } from '../../../src/core/keys/repository';
import {
  auditAge,
  auditJsonWithView,
  auditReportOf,
  auditThresholdsFromSettings,
  exportFileName,
  loadAuditDataPartially,
  mergeKeyGaps,
  parseStoredAudit,
  runAuditSession,
  sessionLogToCsv,
  sessionLogToJson,
  storedAuditFrom,
  type AuditLoadProgress,
  type AuditOutcome,
} from '../../../src/core/keys/audit-session';
import { auditKeys, DEFAULT_AUDIT_THRESHOLDS } from '../../../src/core/keys/audit';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { CancelledError } from '../../../src/core/workbooks/errors';
import type { ApiKeyRecord } from '../../../src/core/keys/model';

let sim: SimHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, quiet: true, seed: 11, keys: 1000, users: 300 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.setFaults('');
  sim.clearRequests();
});

const keyReads = () => sim.requests.filter((r) => r.path.endsWith('api_keys.api'));
const userReads = () => sim.requests.filter((r) => r.path.endsWith('users.api'));
const startOf = (r: { params: Array<[string, string]> }) => Number(r.params.find(([n]) => n === '_start')?.[1] ?? '0');

async function audit(client = apiKeyClient(sim).client, onProgress?: (p: AuditLoadProgress) => void, signal?: AbortSignal): Promise<AuditOutcome> {
  const repository = createKeyRepository(client);
  return runAuditSession({
    client,
    schema: (options) => repository.schema(options),
    settings: DEFAULT_SETTINGS,
    now: () => new Date(),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
}

describe('a full audit through the client', () => {
  it('reads 1,000 keys and their users in at most 15 requests and finds exactly the ground truth', async () => {
    const progress: AuditLoadProgress[] = [];
    const outcome = await audit(undefined, (p) => progress.push(p));
    expect(sim.requests.length).toBeLessThanOrEqual(15);
    expect(keyReads()).toHaveLength(10);
    // 300 users, some referenced by no key: at most three reads of 100 ids.
    expect(userReads().length).toBeLessThanOrEqual(3);
    expect(outcome.complete).toBe(true);
    expect(outcome.keysTotal).toBe(1000);
    const truth = new Map(sim.groundTruth().keys.map((k) => [k.id, k.problems.join(' ')]));
    const wrong = outcome.rows.filter((row) => row.findings.map((f) => f.code).sort().join(' ') !== truth.get(row.keyId));
    expect(wrong.map((r) => r.keyId)).toEqual([]);
    expect(outcome.rows).toHaveLength(truth.size);
    // Progress: total known after the first page, ends with everything loaded and checked.
    const last = progress[progress.length - 1]!;
    expect(last.keysLoaded).toBe(1000);
    expect(last.keysTotal).toBe(1000);
    expect(last.usersChecked).toBe(last.usersRequested);
    expect(last.failures).toBe(0);
  });

  it('pipelines: the first user read starts before the last key page has answered', async () => {
    await audit();
    const firstUser = userReads()[0]!;
    const lastKeyPage = keyReads().reduce((a, b) => (a.seq > b.seq ? a : b));
    expect(firstUser.seq).toBeLessThan(lastKeyPage.seq);
  });
});

describe('partial results', () => {
  it('a key page that keeps failing becomes an exact gap (positions 301–400) and every other key is audited', async () => {
    sim.setFaults('500@path=admin/api_keys.api&start=300');
    const outcome = await audit();
    expect(outcome.complete).toBe(false);
    expect(outcome.keyGaps).toEqual([{ first: 301, last: 400, reason: 'server', detail: expect.any(String) as string }]);
    expect(outcome.rows).toHaveLength(900);
    const ids = sim
      .groundTruth()
      .keys.map((k) => k.id)
      .sort((a, b) => a - b);
    const unread = new Set(ids.slice(300, 400));
    expect(outcome.rows.some((row) => unread.has(row.keyId))).toBe(false);
    // The client retried the page (three tries) and no other page failed.
    expect(keyReads().filter((r) => r.status === 500).map(startOf)).toEqual([300, 300, 300]);
  });

  it('two adjacent failing pages read as one range', async () => {
    sim.setFaults('500@path=admin/api_keys.api&start=300;500@path=admin/api_keys.api&start=400');
    const outcome = await audit();
    expect(outcome.keyGaps.map((g) => [g.first, g.last, g.reason])).toEqual([[301, 500, 'server']]);
  });

  it('a failing first page leaves the total unknown and nothing audited', async () => {
    sim.setFaults('500@path=admin/api_keys.api&start=0');
    const outcome = await audit();
    expect(outcome.keysTotal).toBeNull();
    expect(outcome.rows).toEqual([]);
    expect(outcome.keyGaps).toEqual([{ first: 1, last: null, reason: 'server', detail: expect.any(String) as string }]);
    expect(userReads()).toHaveLength(0);
  });

  it('users that cannot be read are unknown (user-unknown), never ok and never deleted', async () => {
    sim.setFaults('500@path=admin/users.api');
    const outcome = await audit();
    expect(outcome.complete).toBe(false);
    expect(outcome.userGaps.length).toBeGreaterThan(0);
    expect(outcome.userGaps.every((g) => g.reason === 'server')).toBe(true);
    const withUser = outcome.rows.filter((row) => row.userId !== null);
    expect(withUser.every((row) => row.userStatus === 'unknown' && row.findings.some((f) => f.code === 'user-unknown'))).toBe(true);
    expect(outcome.rows.some((row) => row.findings.some((f) => f.code === 'user-deleted' && row.userId !== null))).toBe(false);
    const unknownIds = new Set(outcome.userGaps.flatMap((g) => g.ids));
    expect(withUser.every((row) => unknownIds.has(row.userId!))).toBe(true);
  });

  it('a 401 mid-run keeps what arrived, stops asking, and marks the rest as not read (signed out)', async () => {
    const built = sessionClient(sim);
    await built.client.login({ username: sim.admin.username, password: sim.admin.password });
    sim.setFaults('expire@path=admin/api_keys.api&start=500');
    sim.clearRequests();
    const outcome = await audit(built.client);
    expect(outcome.authStop).toEqual({ failureReason: 'session_expired', message: expect.any(String) as string });
    expect(outcome.complete).toBe(false);
    const unauthorised = sim.requests.filter((r) => r.status === 401);
    // Each request that met the expired session failed once: a 401 is not retried, nor followed by new pages.
    expect(unauthorised.length).toBeLessThanOrEqual(5);
    expect(outcome.rows.length).toBeGreaterThanOrEqual(100);
    expect(outcome.rows.length).toBeLessThan(1000);
    const lastGap = outcome.keyGaps[outcome.keyGaps.length - 1]!;
    expect(lastGap.last).toBe(1000);
    expect(outcome.keyGaps.some((g) => g.reason === 'auth')).toBe(true);
    // Covered ranges + gaps account for every position exactly once.
    const read = outcome.rows.length;
    const missing = outcome.keyGaps.reduce((n, g) => n + (g.last! - g.first + 1), 0);
    expect(read + missing).toBe(1000);
  });

  it('cancelling rejects with CancelledError and leaves no request running or rejection unhandled', async () => {
    sim.setFaults('latency=30');
    const controller = new AbortController();
    const run = audit(
      undefined,
      (p) => {
        if (p.keysLoaded >= 100) controller.abort();
      },
      controller.signal,
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const count = sim.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sim.requests.length).toBe(count);
    expect(count).toBeLessThan(14);
  });

  it('throws at once for a signal that already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client } = apiKeyClient(sim);
    const schema = await createKeyRepository(client).schema();
    sim.clearRequests();
    await expect(loadAuditDataPartially(client, schema, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(sim.requests).toHaveLength(0);
  });
});

describe('mergeKeyGaps', () => {
  it('joins touching ranges with the same reason only', () => {
    expect(
      mergeKeyGaps([
        { first: 201, last: 300, reason: 'server', detail: 'a' },
        { first: 101, last: 200, reason: 'server', detail: 'b' },
        { first: 301, last: 400, reason: 'auth', detail: 'c' },
        { first: 501, last: 600, reason: 'auth', detail: 'd' },
      ]).map((g) => [g.first, g.last, g.reason]),
    ).toEqual([
      [101, 300, 'server'],
      [301, 400, 'auth'],
      [501, 600, 'auth'],
    ]);
  });
});

describe('settings → thresholds', () => {
  it('maps the options page’s settings onto the audit thresholds', () => {
    const thresholds = auditThresholdsFromSettings({ ...DEFAULT_SETTINGS, expiryWarningDays: 21, maxLifetimeDays: 400, hugeRangeIpv4Prefix: 12, hugeRangeIpv6Prefix: 40 });
    expect(thresholds).toEqual({
      ...DEFAULT_AUDIT_THRESHOLDS,
      expiryWarningDays: 21,
      expiryInfoDays: 30,
      lifetimeWarningDays: 400,
      lifetimeInfoDays: 90,
      hugeRangeIpv4Prefix: 12,
      hugeRangeIpv6Prefix: 40,
    });
  });

  it('a maximum lifetime below 90 days still reports keys living longer than it', () => {
    const key: ApiKeyRecord = {
      id: 1,
      lockVersion: 0,
      name: 'k',
      description: '',
      accessAsUserId: null,
      accessAsUserName: null,
      validFrom: null,
      until: '2027-03-17', // 75 days after today
      permittedIps: '81.2.69.160',
      capabilities: 'crm_people',
      secret: null,
      updatedAt: null,
      updatedBy: null,
    };
    const run = (settings: Partial<typeof DEFAULT_SETTINGS>) =>
      auditKeys({
        keys: [key],
        users: new Map(),
        userLookup: { missing: new Set(), unknown: new Set() },
        today: '2027-01-01',
        settings: auditThresholdsFromSettings({ ...DEFAULT_SETTINGS, ...settings }),
      }).rows[0]!.findings.find((f) => f.code === 'lifetime-long');
    expect(run({})).toBeUndefined();
    expect(run({ maxLifetimeDays: 60 })?.severity).toBe('warning');
  });

  it('an expiry warning window beyond 30 days makes every key inside it a warning', () => {
    const thresholds = auditThresholdsFromSettings({ ...DEFAULT_SETTINGS, expiryWarningDays: 45 });
    expect(thresholds.expiryInfoDays).toBe(45);
  });
});

// ------------------------------------------------------------------------------------------ stored audits

function sampleOutcome(): AuditOutcome {
  const result = auditKeys({
    keys: [
      {
        id: 7,
        lockVersion: 1,
        name: '=HYPERLINK("http://x","y")',
        description: '',
        accessAsUserId: 3,
        accessAsUserName: 'Jo',
        validFrom: null,
        until: '2027-01-10',
        permittedIps: '10.0.0.1',
        capabilities: null,
        secret: 'SECRET-VALUE-123',
        updatedAt: null,
        updatedBy: null,
      },
    ],
    users: new Map([[3, { id: 3, name: 'Jo', email: 'jo@x.test', loginEnabled: false, edition: 'Workbooks CRM' }]]),
    userLookup: { missing: new Set(), unknown: new Set() },
    today: '2027-01-01',
    settings: {},
  });
  return { ...result, today: '2027-01-01', keysTotal: 1, keyGaps: [], userGaps: [], authStop: null, complete: true, schemaProblems: [] };
}

describe('stored audits', () => {
  const meta = { host: 'secure.workbooks.com', database: 'Acme', ranBy: 'Alex', ranAt: '2027-01-01T10:00:00.000Z' };

  it('round-trips through storage (structured clone) unchanged', () => {
    const stored = storedAuditFrom(sampleOutcome(), meta);
    expect(parseStoredAudit(structuredClone(stored))).toEqual(stored);
  });

  it('keeps only the declared row properties (a stray secret never comes back)', () => {
    const stored = storedAuditFrom(sampleOutcome(), meta);
    const tampered = structuredClone(stored) as unknown as { rows: Array<Record<string, unknown>> };
    tampered.rows[0]!.secret = 'SECRET-VALUE-123';
    const parsed = parseStoredAudit(tampered);
    expect(JSON.stringify(parsed)).not.toContain('SECRET-VALUE-123');
  });

  it('rejects what is not a stored audit of this format', () => {
    const stored = storedAuditFrom(sampleOutcome(), meta);
    expect(parseStoredAudit(null)).toBeNull();
    expect(parseStoredAudit({ ...stored, format: 'other/1' })).toBeNull();
    expect(parseStoredAudit({ ...stored, rows: [{ keyId: 'x' }] })).toBeNull();
    expect(parseStoredAudit({ ...stored, complete: 'yes' })).toBeNull();
    expect(parseStoredAudit({ ...stored, keyGaps: [{ first: 1 }] })).toBeNull();
  });

  it('tells its age in the largest whole unit', () => {
    const saved = '2027-01-01T10:00:00.000Z';
    const at = (iso: string) => auditAge(saved, new Date(iso));
    expect(at('2027-01-01T10:00:30.000Z')).toEqual({ unit: 'now' });
    expect(at('2027-01-01T10:12:59.000Z')).toEqual({ unit: 'minutes', count: 12 });
    expect(at('2027-01-01T13:05:00.000Z')).toEqual({ unit: 'hours', count: 3 });
    expect(at('2027-01-04T10:00:00.000Z')).toEqual({ unit: 'days', count: 3 });
    expect(auditAge('not a date', new Date())).toEqual({ unit: 'now' });
  });
});

describe('exports', () => {
  it('the JSON export says which rows it holds and carries no secret', () => {
    const stored = storedAuditFrom(sampleOutcome(), { host: 'h', database: 'd', ranBy: 'r', ranAt: '2027-01-01T10:00:00.000Z' });
    const text = auditJsonWithView(auditReportOf(stored, stored.rows, []), { filter: 'finding: user-login-disabled', shownKeys: 1, totalKeys: 40 });
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['format', 'host', 'database', 'ranBy', 'ranAt', 'complete', 'missing', 'view', 'summary', 'keys']);
    expect(json.view).toEqual({ filtered: true, filter: 'finding: user-login-disabled', shownKeys: 1, totalKeys: 40 });
    expect(text).not.toContain('SECRET-VALUE-123');
  });

  it('file names are safe on every system', () => {
    expect(exportFileName('workbooks-key-audit', '127.0.0.1:8080', 'Acme / Ltd: "HQ"', new Date('2027-01-02T03:04:05Z'), 'csv')).toBe(
      'workbooks-key-audit_127.0.0.1-8080_Acme-Ltd-HQ_2027-01-02T03-04.csv',
    );
  });

  it('the session log exports neutralise formula cells and keep every entry', () => {
    const entries = [
      { at: '2027-01-01T10:00:00.000Z', kind: 'filter', detail: '=HYPERLINK("http://x")' },
      { at: '2027-01-01T10:01:00.000Z', kind: 'export', detail: 'Exported CSV, 12 keys' },
    ];
    const csv = sessionLogToCsv(entries, { host: 'h', database: 'd' });
    expect(csv.split('\r\n')[1]).toBe(`2027-01-01T10:00:00.000Z,filter,"'=HYPERLINK(""http://x"")",h,d`);
    const json = JSON.parse(sessionLogToJson(entries, { host: 'h', database: 'd' }, '2027-01-01T11:00:00.000Z')) as { entries: unknown[]; format: string };
    expect(json.format).toBe('workbooks-session-log/1');
    expect(json.entries).toEqual(entries);
  });
});
