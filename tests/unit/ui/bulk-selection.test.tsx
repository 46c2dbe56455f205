/**
 * The bulk tab's form models without rendering: selection drafts → core queries (and their words), users and
 * findings offered as choices, operation drafts → core operations, and the first problem per field.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/platform/i18n', async () => (await import('../../support/i18n-mocks')).echoI18n());

import { EMPTY_DRAFT, describeDraft, draftProblem, findingOptions, queryOf, runSelection, userOptions, type QueryDraft, type SelectionContext } from '../../../src/ui/bulk/selection';
import { EMPTY_OPERATION, operationOf, problemsByField } from '../../../src/ui/bulk/operation-draft';
import { activityDetail } from '../../../src/ui/bulk/bulk-text';
import { validateOperation } from '../../../src/core/keys/bulk-operation';
import { createJournal } from '../../../src/core/keys/bulk-journal';
import { planBulkEdit } from '../../../src/core/keys/bulk-plan';
import type { ApiKeyRecord } from '../../../src/core/keys/model';

function key(id: number, permittedIps: string | null, user: [number, string | null] | null): ApiKeyRecord {
  return {
    id,
    lockVersion: 1,
    name: `Key ${id}`,
    description: '',
    accessAsUserId: user ? user[0] : null,
    accessAsUserName: user ? user[1] : null,
    validFrom: null,
    until: null,
    permittedIps,
    capabilities: null,
    secret: null,
    updatedAt: null,
    updatedBy: null,
  };
}

const KEYS = [
  key(1, '81.2.69.142, 151.101.1.69', [7, 'Ada']),
  key(2, '81.2.69.0/24', [8, 'grace']),
  key(3, '151.101.1.69', [7, 'Ada']),
  key(4, null, null),
  key(5, '0.0.0.0/0', [9, null]),
];
const context: SelectionContext = { auditIds: null, findingsByKey: null };
const draft = (changes: Partial<QueryDraft>): QueryDraft => ({ ...EMPTY_DRAFT, ...changes });

describe('selection drafts', () => {
  it('is incomplete until its input is given, and says what is wrong with an address', () => {
    expect(queryOf(EMPTY_DRAFT, context)).toBeNull();
    expect(queryOf(draft({ kind: 'user' }), context)).toBeNull();
    expect(queryOf(draft({ kind: 'finding', finding: 'expired' }), context)).toBeNull(); // findings not loaded
    expect(queryOf(draft({ kind: 'audit' }), context)).toBeNull();
    expect(draftProblem(draft({ address: '81.2.69.300' }), context)).toMatch(/300/);
    expect(draftProblem(draft({ address: ' 81.2.69.142 ' }), context)).toBeNull();
  });

  it('selects by address (inside blocks or exact), range, user (or none), finding and audit ids', () => {
    const users = userOptions(KEYS);
    const ids = (changes: Partial<QueryDraft>, extra = context) => runSelection(KEYS, draft(changes), extra, users)?.ids;
    expect(ids({ address: '81.2.69.142' })).toEqual([1, 2, 5]);
    expect(ids({ address: '81.2.69.142', exactEntry: true })).toEqual([1]);
    expect(ids({ kind: 'covers', range: '81.2.69.128/25' })).toEqual([1, 2, 5]);
    expect(ids({ kind: 'covers', range: '81.2.69.128/25', whole: true })).toEqual([2, 5]);
    expect(ids({ kind: 'user', user: '7' })).toEqual([1, 3]);
    expect(ids({ kind: 'user', user: 'none' })).toEqual([4]);
    const findingsByKey = new Map([
      [2, ['contained', 'expired']],
      [3, ['expired']],
    ]);
    expect(ids({ kind: 'finding', finding: 'expired' }, { auditIds: null, findingsByKey })).toEqual([2, 3]);
    const fromAudit = runSelection(KEYS, draft({ kind: 'audit' }), { auditIds: [3, 1, 42], findingsByKey: null }, users);
    expect(fromAudit).toEqual({ ids: [1, 3], description: 'bulkSelectionFromAudit', missing: 1 });
    expect(runSelection(KEYS, draft({ address: 'nonsense' }), context, users)).toBeNull();
  });

  it('offers users by name with counts (no user last) and findings by how many keys have them', () => {
    // A user whose name is not known shows by id.
    expect(userOptions(KEYS)).toEqual([
      { value: '9', label: '#9', keys: 1 },
      { value: '7', label: 'Ada', keys: 2 },
      { value: '8', label: 'grace', keys: 1 },
      { value: 'none', label: 'bulkQueryNoUser', keys: 1 },
    ]);
    expect(findingOptions(new Map([[1, ['b', 'a', 'a']], [2, ['a']], [3, ['c']]]))).toEqual([
      { code: 'a', keys: 2 },
      { code: 'b', keys: 1 },
      { code: 'c', keys: 1 },
    ]);
  });

  it('describes the selection in words for the journal', () => {
    const users = userOptions(KEYS);
    expect(describeDraft(draft({ address: ' 81.2.69.142 ' }), users)).toBe('bulkSelectionContains(81.2.69.142)');
    expect(describeDraft(draft({ address: '81.2.69.142', exactEntry: true }), users)).toBe('bulkSelectionContainsExact(81.2.69.142)');
    expect(describeDraft(draft({ kind: 'covers', range: '10.0.0.0/8', whole: true }), users)).toBe('bulkSelectionCoversWhole(10.0.0.0/8)');
    expect(describeDraft(draft({ kind: 'user', user: '8' }), users)).toBe('bulkSelectionUser(grace)');
    expect(describeDraft(draft({ kind: 'finding', finding: 'expired' }), users)).toBe('bulkSelectionFinding(expired)');
  });
});

describe('operation drafts', () => {
  it('builds each operation from the fields that belong to it', () => {
    const base = { ...EMPTY_OPERATION, entries: '1.1.1.1', from: '2.2.2.2', to: '3.3.3.3', list: '4.4.4.4', removeMode: 'covered' as const, aggregate: true };
    expect(operationOf({ ...base, kind: 'add' })).toEqual({ kind: 'add', entries: '1.1.1.1' });
    expect(operationOf({ ...base, kind: 'remove' })).toEqual({ kind: 'remove', entries: '1.1.1.1', mode: 'covered' });
    expect(operationOf({ ...base, kind: 'replace' })).toEqual({ kind: 'replace', from: '2.2.2.2', to: '3.3.3.3' });
    expect(operationOf({ ...base, kind: 'set' })).toEqual({ kind: 'set', list: '4.4.4.4' });
    expect(operationOf({ ...base, kind: 'normalise' })).toEqual({ kind: 'normalise', aggregate: true });
  });

  it('keeps the first problem of each field', () => {
    const problems = validateOperation({ kind: 'replace', from: '', to: '1.2.3.4, 5.6.7.8.9' });
    const byField = problemsByField(problems);
    expect(Object.keys(byField).sort()).toEqual(['from', 'to']);
    expect(byField.from).toBe(problems.find((problem) => problem.field === 'from')!.message);
    expect(problemsByField([])).toEqual({});
  });
});

describe('texts', () => {
  it('describes a run in counts only', () => {
    const journal = createJournal(planBulkEdit(KEYS, { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' }), {
      id: 'j',
      createdAt: '2027-01-01T00:00:00.000Z',
      scope: { host: 'h', database: 'd' },
    });
    // Key 1 changes; 2 (inside a block), 3 and 4 (blank) are unchanged; 5 (allow-all) is blocked.
    expect(activityDetail(journal, 'bulk-apply')).toBe('5 keys: 0 saved, 0 in conflict, 0 failed, 1 blocked, 3 unchanged, 1 not sent');
    expect(activityDetail(journal, 'bulk-undo')).toBe('5 keys: 0 restored, 0 left unchanged (changed since, or could not be restored), 0 still with the edit');
  });

  it('says “key” for a run over one key', () => {
    const journal = createJournal(planBulkEdit(KEYS.slice(0, 1), { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' }), {
      id: 'j',
      createdAt: '2027-01-01T00:00:00.000Z',
      scope: { host: 'h', database: 'd' },
    });
    expect(activityDetail(journal, 'bulk-apply')).toBe('1 key: 0 saved, 0 in conflict, 0 failed, 0 blocked, 0 unchanged, 1 not sent');
  });
});
