/** Placeholder until the feature lands (owned by the feature's author). */
import type { TabProps } from '../tab-props';

export function ActivityTab(_props: TabProps) {
  return <p>…</p>;
}
