/** Placeholder until the feature lands (owned by the feature's author). */
import type { AuditTabProps } from '../tab-props';

export function AuditTab(_props: AuditTabProps) {
  return <p>…</p>;
}
