// Ground truth: which audit codes each key has. IP-list and validity codes come from the seeding templates
// (valid while those fields are unchanged); codes that follow from users, names and blanks are derived from
// the live records, so they stay right after writes and concurrent modifications.
import { keyFingerprint, type SimState } from './store';
import { THRESHOLDS, userStatus } from './seed';
import { NO_EDITION } from './schema';
import type { GroundTruth, GroundTruthKey } from './types';

function isBlank(value: string | null): boolean {
  return value === null || value.trim() === '';
}

/** Names compare trimmed and case-insensitively. */
function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function computeGroundTruth(state: SimState): GroundTruth {
  const active = [...state.apiKeys.values()].filter((k) => !k.isDeleted).sort((a, b) => a.id - b.id);
  const nameCounts = new Map<string, number>();
  const perUser = new Map<number | null, number>();
  for (const key of active) {
    nameCounts.set(nameKey(key.name), (nameCounts.get(nameKey(key.name)) ?? 0) + 1);
    perUser.set(key.accessAsUser, (perUser.get(key.accessAsUser) ?? 0) + 1);
  }
  const keys: GroundTruthKey[] = active.map((key) => {
    const codes = new Set<string>();
    const truth = state.seedTruth.get(key.id);
    const exact = truth !== undefined && truth.fingerprint === keyFingerprint(key);
    if (exact) for (const code of truth.textCodes) codes.add(code);
    const user = key.accessAsUser === null ? undefined : state.users.get(key.accessAsUser);
    // A user can be both login-disabled and without edition: then both codes apply.
    if (!user || user.isDeleted) codes.add('user-deleted');
    else {
      if (!user.loginEnabled) codes.add('user-login-disabled');
      if (user.edition === NO_EDITION) codes.add('user-no-edition');
    }
    if ((nameCounts.get(nameKey(key.name)) ?? 0) > 1) codes.add('duplicate-name');
    if ((perUser.get(key.accessAsUser) ?? 0) > THRESHOLDS.manyKeysPerUser) codes.add('many-keys-one-user');
    if (isBlank(key.capabilities)) codes.add('capabilities-unrestricted');
    if (key.until === null) codes.add('no-until');
    if (isBlank(key.permittedIps)) codes.add('no-ip-restriction');
    return { id: key.id, name: key.name, userId: key.accessAsUser, problems: [...codes].sort(), exact };
  });
  const users = [...state.users.values()]
    .sort((a, b) => a.id - b.id)
    .map((u) => ({ id: u.id, status: userStatus(u) }));
  return { today: state.seedToday, thresholds: { ...THRESHOLDS }, keys, users };
}
