/**
 * Picking seeded records for tests that write keys: the simulator is strict (a key needs a live user and an
 * Until date to be saved), so bulk-edit tests choose keys it will accept.
 */
import type { SimHandle } from './types';

/** Keys the service will accept an update for (a live user, an Until); the administrator's key left alone. */
export function writableKeyIds(sim: Pick<SimHandle, 'state'>, count: number): number[] {
  const ids: number[] = [];
  for (const key of sim.state.apiKeys.values()) {
    if (key.id === 1 || key.isDeleted || key.until === null || key.accessAsUser === null) continue;
    const user = sim.state.users.get(key.accessAsUser);
    if (!user || user.isDeleted) continue;
    ids.push(key.id);
    if (ids.length === count) break;
  }
  if (ids.length < count) throw new Error(`only ${ids.length} writable keys`);
  return ids;
}

/** A common egress address plus a block of the key's own (RIPE space, never overlapping another key's). */
export const ipListFor = (id: number, address: string): string => `${address}, 2.${Math.floor(id / 200) + 1}.${id % 200}.0/24`;
