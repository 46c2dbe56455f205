/** Placeholder until the feature lands (owned by the feature's author). */
import type { AssistantTabProps } from '../tab-props';

export function AssistantTab(_props: AssistantTabProps) {
  return <p>…</p>;
}
