/**
 * The panel ↔ worker half of reminders: message validation, the pending audit filter taken once per origin
 * and only while fresh, and the content-side helpers.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browserModule from 'webextension-polyfill';
import type { FakeBrowser } from '../options/fake-browser';
import {
  PENDING_AUDIT_FILTER_KEY,
  PENDING_AUDIT_FILTER_TTL_MS,
  parsePendingAuditFilter,
  parseReminderMessage,
  putPendingAuditFilter,
  shareAuditWithReminders,
  takePendingAuditFilter,
  takePendingAuditFilterFor,
  type PendingAuditFilter,
} from '../../../src/platform/pending-requests';

vi.mock('webextension-polyfill', async () => ({ default: (await import('../options/fake-browser')).createFakeBrowser() }));
const fake = browserModule as unknown as FakeBrowser;
beforeEach(() => fake.reset());

const now = new Date('2027-06-01T09:00:00Z');
const filter = (keyIds: number[], createdAt = now.toISOString()): PendingAuditFilter => ({ reason: 'expiry-reminder', keyIds, database: 'Main', createdAt });

describe('messages from content scripts', () => {
  it('accepts the two reminder messages in their exact shapes', () => {
    expect(parseReminderMessage({ ns: 'wbka', type: 'reminder-take-audit-filter' })).toEqual({ ns: 'wbka', type: 'reminder-take-audit-filter' });
    const snapshot = { ns: 'wbka', type: 'reminder-audit-snapshot', database: 'Main', keys: [{ keyId: 1, name: 'A', until: '2027-06-03', extra: 'dropped' }, { keyId: 2, name: '', until: null }] };
    expect(parseReminderMessage(snapshot)).toEqual({ ns: 'wbka', type: 'reminder-audit-snapshot', database: 'Main', keys: [{ keyId: 1, name: 'A', until: '2027-06-03' }, { keyId: 2, name: '', until: null }] });
  });

  it('refuses everything else', () => {
    const bad: unknown[] = [
      null,
      'reminder-take-audit-filter',
      { ns: 'other', type: 'reminder-take-audit-filter' },
      { ns: 'wbka', type: 'reminder-take-audit-filter', origin: 'https://evil.example.com' },
      { ns: 'wbka', type: 'api-send' },
      { ns: 'wbka', type: 'reminder-audit-snapshot', database: 'x', keys: 'all' },
      { ns: 'wbka', type: 'reminder-audit-snapshot', database: 5, keys: [] },
      { ns: 'wbka', type: 'reminder-audit-snapshot', database: null, keys: [{ keyId: -1, name: 'A', until: null }] },
      { ns: 'wbka', type: 'reminder-audit-snapshot', database: null, keys: [{ keyId: 1, name: 'A', until: '2027-02-30' }] },
      { ns: 'wbka', type: 'reminder-audit-snapshot', database: null, keys: [{ keyId: 1, name: 7, until: null }] },
      { ns: 'wbka', type: 'reminder-audit-snapshot', database: null, keys: Array.from({ length: 20_001 }, (_, i) => ({ keyId: i + 1, name: '', until: null })) },
    ];
    for (const message of bad) expect(parseReminderMessage(message)).toBeNull();
  });

  it('validates a pending filter', () => {
    expect(parsePendingAuditFilter(filter([3, 4]))).toEqual(filter([3, 4]));
    expect(parsePendingAuditFilter({ ...filter([3]), keyIds: ['3'] })).toBeNull();
    expect(parsePendingAuditFilter({ ...filter([3]), reason: 'other' })).toBeNull();
    expect(parsePendingAuditFilter(null)).toBeNull();
  });
});

describe('the pending filter in storage.session', () => {
  it('is handed over once, to its own origin only', async () => {
    await putPendingAuditFilter('https://secure.workbooks.com', filter([1, 2]));
    await putPendingAuditFilter('https://acme.workbooks.com', filter([7]));
    expect(await takePendingAuditFilterFor('https://evil.example.com', now)).toBeNull();
    expect(await takePendingAuditFilterFor('https://secure.workbooks.com', now)).toEqual(filter([1, 2]));
    expect(await takePendingAuditFilterFor('https://secure.workbooks.com', now)).toBeNull();
    expect(fake.storage.session.data.get(PENDING_AUDIT_FILTER_KEY)).toEqual({ 'https://acme.workbooks.com': filter([7]) });
    // Stored in the session area, never in storage.local.
    expect(fake.storage.local.data.size).toBe(0);
  });

  it('goes stale after a quarter of an hour', async () => {
    const old = new Date(now.getTime() - PENDING_AUDIT_FILTER_TTL_MS - 1).toISOString();
    await putPendingAuditFilter('https://secure.workbooks.com', filter([1], old));
    expect(await takePendingAuditFilterFor('https://secure.workbooks.com', now)).toBeNull();
    // …and is gone, not left for later.
    expect(fake.storage.session.data.get(PENDING_AUDIT_FILTER_KEY)).toEqual({});
  });
});

describe('content-side helpers', () => {
  it('takePendingAuditFilter asks the worker and validates its answer', async () => {
    const sent: unknown[] = [];
    expect(await takePendingAuditFilter(async (message) => (sent.push(message), filter([5])))).toEqual(filter([5]));
    expect(sent).toEqual([{ ns: 'wbka', type: 'reminder-take-audit-filter' }]);
    expect(await takePendingAuditFilter(async () => ({ keyIds: 'all' }))).toBeNull();
    expect(await takePendingAuditFilter(async () => undefined)).toBeNull();
    expect(
      await takePendingAuditFilter(async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }),
    ).toBeNull();
  });

  it('shareAuditWithReminders sends ids, names and Until only', async () => {
    const sent: unknown[] = [];
    const rows = [{ keyId: 1, name: 'A', until: '2027-06-03', permittedIps: '1.2.3.4', secret: 'never' }];
    await shareAuditWithReminders('Main', rows, async (message) => void sent.push(message));
    expect(sent).toEqual([{ ns: 'wbka', type: 'reminder-audit-snapshot', database: 'Main', keys: [{ keyId: 1, name: 'A', until: '2027-06-03' }] }]);
    expect(parseReminderMessage(sent[0])).toEqual(sent[0]);
  });
});
