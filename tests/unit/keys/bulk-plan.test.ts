import { describe, expect, it } from 'vitest';
import { analyzeIpList } from '../../../src/core/ip';
import { describeOperation, validateOperation, type BulkOperation } from '../../../src/core/keys/bulk-operation';
import { planBulkEdit, type PlanItem, type PlannableKey } from '../../../src/core/keys/bulk-plan';
import { canonicalIpText } from '../../../src/core/keys/bulk-ip';

const key = (id: number, permittedIps: string | null, lockVersion = 4): PlannableKey => ({ id, name: `Key ${id}`, lockVersion, permittedIps });

function planOne(permittedIps: string | null, op: BulkOperation): PlanItem {
  const plan = planBulkEdit([key(1, permittedIps)], op);
  expect(plan.items).toHaveLength(1);
  return plan.items[0]!;
}

const codes = (notes: ReadonlyArray<{ code: string }>): string[] => notes.map((note) => note.code);

describe('validateOperation', () => {
  it('accepts well-formed operations', () => {
    expect(validateOperation({ kind: 'add', entries: '81.2.69.142, 151.101.0.0/16' })).toEqual([]);
    expect(validateOperation({ kind: 'remove', entries: '81.2.69.0/24', mode: 'covered' })).toEqual([]);
    expect(validateOperation({ kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' })).toEqual([]);
    expect(validateOperation({ kind: 'replace', from: '81.2.69.142', to: '92.40.1.1, 92.40.1.2' })).toEqual([]);
    expect(validateOperation({ kind: 'set', list: '81.2.69.142' })).toEqual([]);
    expect(validateOperation({ kind: 'normalise', aggregate: true })).toEqual([]);
  });

  it('rejects a replacement that is not a valid address or block, with the engine message and fixes', () => {
    const problems = validateOperation({ kind: 'replace', from: '81.2.69.142', to: '10.0.0.5/24' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'to', code: 'host-bits-set', start: 0, end: 11 });
    expect(problems[0]!.fixes?.map((fix) => fix.replacement)).toEqual(['10.0.0.0/24', '10.0.0.5']);
  });

  it('rejects an empty or multi-entry "from", and a replacement by itself', () => {
    expect(validateOperation({ kind: 'replace', from: '', to: '92.40.1.1' })).toMatchObject([{ field: 'from', code: 'empty-list' }]);
    expect(validateOperation({ kind: 'replace', from: '81.2.69.142, 81.2.69.143', to: '92.40.1.1' })).toMatchObject([{ field: 'from' }]);
    expect(validateOperation({ kind: 'replace', from: '81.2.69.142', to: '' })).toMatchObject([{ field: 'to', code: 'empty-list' }]);
    expect(validateOperation({ kind: 'replace', from: '81.2.69.142/32', to: '81.2.69.142' })).toMatchObject([{ field: 'to', code: 'replace-same' }]);
  });

  it('refuses to add or set what must never be allowed, but lets an admin remove it', () => {
    expect(codes(validateOperation({ kind: 'add', entries: '0.0.0.0/0' }))).toContain('allow-all');
    expect(codes(validateOperation({ kind: 'set', list: '127.0.0.1' }))).toContain('loopback');
    expect(validateOperation({ kind: 'remove', entries: '127.0.0.1', mode: 'exact' })).toEqual([]);
    expect(validateOperation({ kind: 'replace', from: '127.0.0.1', to: '92.40.1.1' })).toEqual([]);
  });

  it('rejects a set list with errors and an empty set list', () => {
    expect(codes(validateOperation({ kind: 'set', list: '81.2.69.142; 92.40.1.1' }))).toEqual(['separator']);
    expect(validateOperation({ kind: 'set', list: '  ' })).toMatchObject([{ field: 'list', code: 'empty-list' }]);
    expect(validateOperation({ kind: 'add', entries: '' })).toMatchObject([{ field: 'entries', code: 'empty-list' }]);
  });

  it('describes operations for the activity log in canonical form', () => {
    expect(describeOperation({ kind: 'replace', from: '81.2.69.142/32', to: '92.40.1.1' })).toBe('Replace 81.2.69.142 with 92.40.1.1');
    expect(describeOperation({ kind: 'remove', entries: '81.2.69.0/24', mode: 'covered' })).toBe('Remove everything inside 81.2.69.0/24');
    expect(describeOperation({ kind: 'normalise', aggregate: true })).toBe('Normalise and merge blocks');
  });
});

describe('planBulkEdit: add', () => {
  it('appends new entries and keeps the rest in order', () => {
    const item = planOne('81.2.69.142, 151.101.1.69', { kind: 'add', entries: '92.40.1.1' });
    expect(item).toMatchObject({ status: 'changed', after: '81.2.69.142, 151.101.1.69, 92.40.1.1', blockedReasons: [], warnings: [] });
    expect(item.diff).toEqual([
      { kind: 'kept', entry: '81.2.69.142' },
      { kind: 'kept', entry: '151.101.1.69' },
      { kind: 'added', entry: '92.40.1.1' },
    ]);
  });

  it('is unchanged when the address is already there, or already inside a block (and says so)', () => {
    expect(planOne('81.2.69.142', { kind: 'add', entries: '81.2.69.142/32' }).status).toBe('unchanged');
    const covered = planOne('81.2.69.0/24', { kind: 'add', entries: '81.2.69.142' });
    expect(covered.status).toBe('unchanged');
    expect(covered.warnings).toMatchObject([{ code: 'operation-skipped', entry: '81.2.69.142' }]);
  });

  it('fills a blank list of an older key', () => {
    const item = planOne(null, { kind: 'add', entries: '81.2.69.142' });
    expect(item).toMatchObject({ before: null, after: '81.2.69.142', status: 'changed', warnings: [] });
  });

  it('reports the engine warnings of the new list', () => {
    const item = planOne('81.2.69.142', { kind: 'add', entries: '10.1.0.0/24' });
    expect(item.status).toBe('changed');
    expect(item.warnings).toMatchObject([{ code: 'private', entry: '10.1.0.0/24' }]);
  });

  it('applies the policy passed in options to the new list', () => {
    const plan = planBulkEdit([key(1, '81.2.69.142')], { kind: 'add', entries: '92.40.1.1' }, { analysis: { allowedRanges: ['81.2.69.0/24'] } });
    expect(plan.items[0]!.warnings).toMatchObject([{ code: 'outside-policy', entry: '92.40.1.1' }]);
  });
});

describe('planBulkEdit: remove', () => {
  it('removes an exact entry (canonically equal)', () => {
    const item = planOne('81.2.69.142, 151.101.1.69', { kind: 'remove', entries: '151.101.1.69/32', mode: 'exact' });
    expect(item).toMatchObject({ status: 'changed', after: '81.2.69.142' });
    expect(item.diff).toEqual([
      { kind: 'kept', entry: '81.2.69.142' },
      { kind: 'removed', entry: '151.101.1.69' },
    ]);
  });

  it('removes everything covered by a range, and warns about a block that only partly overlaps', () => {
    const item = planOne('81.2.69.142, 81.2.69.0/25, 151.101.1.69, 81.2.0.0/16', { kind: 'remove', entries: '81.2.69.0/24', mode: 'covered' });
    expect(item).toMatchObject({ status: 'changed', after: '151.101.1.69, 81.2.0.0/16' });
    expect(codes(item.warnings)).toContain('operation-skipped');
    expect(item.warnings.find((note) => note.code === 'operation-skipped')!.message).toContain('81.2.0.0/16');
  });

  it('exact mode leaves entries that merely sit inside the removal', () => {
    expect(planOne('81.2.69.142, 151.101.1.69', { kind: 'remove', entries: '81.2.69.0/24', mode: 'exact' }).status).toBe('unchanged');
  });

  it('blocks a result that would be empty: at least one address is mandatory', () => {
    const item = planOne('81.2.69.142', { kind: 'remove', entries: '81.2.69.142', mode: 'exact' });
    expect(item.status).toBe('blocked');
    expect(item.after).toBe('');
    expect(codes(item.blockedReasons)).toEqual(['result-empty']);
    expect(item.blockedReasons[0]!.message).toMatch(/at least one address is mandatory/);
    expect(item.diff).toEqual([{ kind: 'removed', entry: '81.2.69.142' }]);
  });

  it('leaves a blank list unchanged (nothing to remove) but flags that the key has no list', () => {
    const item = planOne(null, { kind: 'remove', entries: '81.2.69.142', mode: 'exact' });
    expect(item.status).toBe('unchanged');
    expect(codes(item.warnings)).toEqual(['before-blank']);
  });
});

describe('planBulkEdit: replace', () => {
  it('replaces an exact entry in place', () => {
    const item = planOne('151.101.1.69, 81.2.69.142, 185.199.108.0/22', { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' });
    expect(item).toMatchObject({ status: 'changed', after: '151.101.1.69, 92.40.1.1, 185.199.108.0/22', warnings: [] });
    expect(item.diff).toEqual([
      { kind: 'kept', entry: '151.101.1.69' },
      { kind: 'removed', entry: '81.2.69.142' },
      { kind: 'added', entry: '92.40.1.1' },
      { kind: 'kept', entry: '185.199.108.0/22' },
    ]);
  });

  it('flags a key where the address sits inside a larger block, and leaves it unchanged', () => {
    const item = planOne('151.101.1.69, 81.2.69.0/24', { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' });
    expect(item.status).toBe('unchanged');
    expect(item.needsAttention).toBe(true);
    expect(item.after).toBe('151.101.1.69, 81.2.69.0/24');
    const note = item.warnings.find((warning) => warning.code === 'replace-inside-block');
    expect(note?.message).toBe('81.2.69.142 is inside 81.2.69.0/24, which cannot simply be replaced; remove or split the block.');
  });

  it('warns when the replaced address is still allowed by another block', () => {
    const item = planOne('81.2.69.142, 81.2.69.0/24', { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' });
    expect(item.status).toBe('changed');
    expect(item.after).toBe('92.40.1.1, 81.2.69.0/24');
    expect(codes(item.warnings)).toContain('replace-still-allowed');
    expect(item.needsAttention).toBe(false);
  });

  it('flags a block "from" when the list only holds parts of it', () => {
    const item = planOne('81.2.69.0/25, 151.101.1.69', { kind: 'replace', from: '81.2.69.0/24', to: '92.40.1.0/24' });
    expect(item.status).toBe('unchanged');
    expect(item.needsAttention).toBe(true);
    expect(codes(item.warnings)).toEqual(['replace-overlaps']);
    // One entry: the sentence is singular.
    expect(item.warnings[0]!.message).toBe('81.2.69.0/25 overlaps 81.2.69.0/24 but is not the same entry, so it was left as it is.');
    const two = planOne('81.2.69.0/25, 81.2.69.128/26', { kind: 'replace', from: '81.2.69.0/24', to: '92.40.1.0/24' });
    expect(two.warnings[0]!.message).toBe('81.2.69.0/25, 81.2.69.128/26 overlap 81.2.69.0/24 but are not the same entry, so they were left as they are.');
  });

  it('is quietly unchanged where the address is absent', () => {
    const item = planOne('151.101.1.69', { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' });
    expect(item).toMatchObject({ status: 'unchanged', needsAttention: false, warnings: [] });
  });

  it('replacing with an address already in the list just drops the old one', () => {
    const item = planOne('81.2.69.142, 92.40.1.1', { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1' });
    expect(item).toMatchObject({ status: 'changed', after: '92.40.1.1' });
    expect(item.diff).toEqual([
      { kind: 'removed', entry: '81.2.69.142' },
      { kind: 'kept', entry: '92.40.1.1' },
    ]);
  });

  it('replaces one address with several', () => {
    expect(planOne('81.2.69.142, 151.101.1.69', { kind: 'replace', from: '81.2.69.142', to: '92.40.1.1, 92.40.1.2' }).after).toBe(
      '92.40.1.1, 92.40.1.2, 151.101.1.69',
    );
  });
});

describe('planBulkEdit: set', () => {
  it('sets the whole list, canonicalised, even over a list with errors', () => {
    const item = planOne('010.1.1.1; 81.2.69.142', { kind: 'set', list: '92.40.1.1 ,2A00:1450:4009::/48' });
    expect(item).toMatchObject({ status: 'changed', after: '92.40.1.1, 2a00:1450:4009::/48', blockedReasons: [] });
    expect(item.diff.filter((line) => line.kind === 'removed').map((line) => line.entry)).toEqual(['010.1.1.1', '81.2.69.142']);
  });

  it('keeps entries the admin typed even when one contains another (warned, not dropped)', () => {
    const item = planOne('81.2.69.142', { kind: 'set', list: '92.40.1.0/24, 92.40.1.7' });
    expect(item.after).toBe('92.40.1.0/24, 92.40.1.7');
    expect(codes(item.warnings)).toContain('contained');
  });

  it('is unchanged when the list already says the same thing in another spelling', () => {
    expect(planOne('81.2.69.142/32 ,151.101.1.69', { kind: 'set', list: '81.2.69.142, 151.101.1.69' }).status).toBe('unchanged');
  });

  it('still writes when the stored text has errors, even if it reads the same', () => {
    const item = planOne('81.2.69.142; 151.101.1.69', { kind: 'set', list: '81.2.69.142, 151.101.1.69' });
    expect(item).toMatchObject({ status: 'changed', after: '81.2.69.142, 151.101.1.69' });
  });
});

describe('planBulkEdit: normalise', () => {
  it('rewrites a valid but non-canonical list and drops duplicates', () => {
    const item = planOne('2A00:1450:4009:0::/48,81.2.69.142, 81.2.69.142/32', { kind: 'normalise', aggregate: false });
    expect(item).toMatchObject({ status: 'changed', after: '2a00:1450:4009::/48, 81.2.69.142' });
    expect(item.diff).toEqual([
      { kind: 'kept', entry: '2a00:1450:4009::/48' },
      { kind: 'kept', entry: '81.2.69.142' },
      { kind: 'removed', entry: '81.2.69.142' },
    ]);
  });

  it('is unchanged when the stored text is already canonical, or blank (flagged)', () => {
    expect(planOne('81.2.69.142, 151.101.1.69', { kind: 'normalise', aggregate: false }).status).toBe('unchanged');
    const blank = planOne('  ', { kind: 'normalise', aggregate: true });
    expect(blank).toMatchObject({ status: 'unchanged', before: null, after: '' });
    expect(codes(blank.warnings)).toEqual(['before-blank']);
  });

  it('aggregates adjacent blocks when asked', () => {
    const item = planOne('81.2.69.0/25, 151.101.1.69, 81.2.69.128/25', { kind: 'normalise', aggregate: true });
    expect(item).toMatchObject({ status: 'changed', after: '81.2.69.0/24, 151.101.1.69' });
    expect(planOne('81.2.69.0/25, 151.101.1.69, 81.2.69.128/25', { kind: 'normalise', aggregate: false }).status).toBe('unchanged');
  });

  it('repairs errors that have one safe reading: separators, ranges, wildcards, netmasks', () => {
    const item = planOne('81.2.69.10-13; 151.101.1.*, 92.40.0.0/255.255.0.0', { kind: 'normalise', aggregate: false });
    expect(item.status).toBe('changed');
    expect(item.after).toBe('81.2.69.10/31, 81.2.69.12/31, 151.101.1.0/24, 92.40.0.0/16');
    expect(analyzeIpList(item.after!).normalized).toBe(item.after);
    // Ranges and wildcards show as written → their blocks; a block in netmask notation is the same block.
    expect(item.diff.filter((line) => line.kind === 'removed').map((line) => line.entry)).toEqual(['81.2.69.10-13', '151.101.1.*']);
    expect(item.diff).toContainEqual({ kind: 'kept', entry: '92.40.0.0/16' });
  });

  it('blocks a list whose errors cannot be fixed without guessing (never reinterprets)', () => {
    const item = planOne('10.0.0.5/24, 81.2.69.142; 92.40.1.1', { kind: 'normalise', aggregate: false });
    expect(item.status).toBe('blocked');
    expect(codes(item.blockedReasons)).toEqual(['before-errors', 'host-bits-set']);
    expect(item.blockedReasons[1]).toMatchObject({ entry: '10.0.0.5/24' });
    expect(item.after).toBe('10.0.0.5/24, 81.2.69.142, 92.40.1.1');
  });
});

describe('planBulkEdit: keys whose current list has errors', () => {
  it.each<BulkOperation>([
    { kind: 'add', entries: '92.40.1.1' },
    { kind: 'remove', entries: '151.101.1.69', mode: 'exact' },
    { kind: 'replace', from: '151.101.1.69', to: '92.40.1.1' },
  ])('blocks %o with the current errors, leaving the value untouched', (op) => {
    const item = planOne('81.2.69.10-20, 151.101.1.69', op);
    expect(item.status).toBe('blocked');
    expect(item.after).toBeNull();
    expect(codes(item.blockedReasons)).toEqual(['before-errors', 'range']);
    expect(item.blockedReasons[0]!.message).toMatch(/fix it first, use Normalise, or use Set list/);
    expect(item.diff.every((line) => line.kind === 'kept')).toBe(true);
  });
});

describe('planBulkEdit: the plan as a whole', () => {
  it('counts changed, unchanged and blocked, and keeps key order and lock versions', () => {
    const keys = [key(10, '81.2.69.142', 7), key(11, '151.101.1.69', 2), key(12, '81.2.69.142, 151.101.1.69', 9), key(13, '010.1.1.1', 1)];
    const plan = planBulkEdit(keys, { kind: 'remove', entries: '81.2.69.142', mode: 'exact' });
    expect(plan.items.map((item) => [item.keyId, item.status, item.lockVersion])).toEqual([
      [10, 'blocked', 7],
      [11, 'unchanged', 2],
      [12, 'changed', 9],
      [13, 'blocked', 1],
    ]);
    expect(plan.totals).toEqual({ changed: 1, unchanged: 1, blocked: 2 });
    expect(plan.operationProblems).toEqual([]);
  });

  it('blocks every key when the operation itself is invalid', () => {
    const plan = planBulkEdit([key(1, '81.2.69.142'), key(2, null)], { kind: 'add', entries: '0.0.0.0/0' });
    expect(plan.totals).toEqual({ changed: 0, unchanged: 0, blocked: 2 });
    expect(plan.items.every((item) => item.blockedReasons[0]?.code === 'invalid-operation' && item.after === null)).toBe(true);
    expect(plan.operationProblems.map((problem) => problem.code)).toContain('allow-all');
  });

  it('every changed item is valid, canonical and different from before; every unchanged item means the same', () => {
    const lists = ['81.2.69.142', '81.2.69.0/24', '81.2.69.142, 92.40.1.1', null, '151.101.1.69, 81.2.69.142/32', '92.40.1.1'];
    const ops: BulkOperation[] = [
      { kind: 'add', entries: '92.40.1.1' },
      { kind: 'remove', entries: '81.2.69.0/24', mode: 'covered' },
      { kind: 'replace', from: '81.2.69.142', to: '92.40.1.9' },
      { kind: 'set', list: '92.40.1.1' },
      { kind: 'normalise', aggregate: true },
    ];
    for (const op of ops) {
      const plan = planBulkEdit(lists.map((list, index) => key(index, list)), op);
      for (const item of plan.items) {
        if (item.status === 'changed') {
          expect(analyzeIpList(item.after!).normalized).toBe(item.after);
          expect(item.after).not.toBe(item.before);
        }
        if (item.status === 'unchanged' && op.kind !== 'normalise') expect(canonicalIpText(item.after)).toBe(canonicalIpText(item.before));
      }
    }
  });

  it('never copies anything but id, name, lock version and the IP list into the plan', () => {
    const secretKey = { ...key(1, '81.2.69.142'), secret: 'sk_live_TOPSECRET', description: 'private notes', capabilities: null };
    const plan = planBulkEdit([secretKey], { kind: 'add', entries: '92.40.1.1' });
    expect(JSON.stringify(plan)).not.toContain('TOPSECRET');
    expect(JSON.stringify(plan)).not.toContain('private notes');
  });
});
