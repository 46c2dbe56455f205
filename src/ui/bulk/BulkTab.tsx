/** Placeholder until the feature lands (owned by the feature's author). */
import type { BulkTabProps } from '../tab-props';

export function BulkTab(_props: BulkTabProps) {
  return <p>…</p>;
}
