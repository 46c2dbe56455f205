/** The operation form's values (strings, as typed) and the core operation they stand for. */
import type { BulkOperation, OperationField, OperationProblem } from '../../core/keys/bulk-operation';

export type OperationKind = BulkOperation['kind'];

export interface OperationDraft {
  kind: OperationKind;
  entries: string;
  removeMode: 'exact' | 'covered';
  from: string;
  to: string;
  list: string;
  aggregate: boolean;
}

export const EMPTY_OPERATION: OperationDraft = { kind: 'replace', entries: '', removeMode: 'exact', from: '', to: '', list: '', aggregate: false };

export function operationOf(draft: OperationDraft): BulkOperation {
  switch (draft.kind) {
    case 'add':
      return { kind: 'add', entries: draft.entries };
    case 'remove':
      return { kind: 'remove', entries: draft.entries, mode: draft.removeMode };
    case 'replace':
      return { kind: 'replace', from: draft.from, to: draft.to };
    case 'set':
      return { kind: 'set', list: draft.list };
    case 'normalise':
      return { kind: 'normalise', aggregate: draft.aggregate };
  }
}

/** The first problem per field: one message under each input is enough to act on. */
export function problemsByField(problems: readonly OperationProblem[]): Partial<Record<OperationField, string>> {
  const byField: Partial<Record<OperationField, string>> = {};
  for (const problem of problems) byField[problem.field] ??= problem.message;
  return byField;
}
