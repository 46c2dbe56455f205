// Deterministic seed data. Every seeded key is built from templates that DECLARE the exact audit codes they
// produce (issue 4 / issue 6 names); "clean" parts are built so that no incidental finding can appear:
//  - clean IP lists: 1-3 public unicast entries, each under a different first octet taken from RIPE-allocated
//    space (never an IANA special-purpose range, never a TEST-NET), single hosts or /24../29 blocks with host
//    bits clear, so entries can never be adjacent, overlapping, contained or mergeable; IPv6 entries come from
//    RIR global unicast /12s, in RFC 5952 form, /48../64 or single hosts;
//  - clean validity: blank Valid From, Until 31-89 days ahead (lifetime from today <= 89 days);
//  - clean capabilities: a non-blank restriction; clean names: unique (case-insensitively);
//  - clean users: login enabled, a licensed edition, at most 5 keys.
import { createRng, type Rng } from './prng';
import { addDays } from './dates';
import { EDITIONS, NO_EDITION } from './schema';
import type { ApiKeyRecord, GenericRecord, SimState, UserRecord } from './store';
import { keyFingerprint } from './store';
import type { GroundTruthThresholds } from './types';

export const SIM_ADMIN_USERNAME = 'admin@sim.test';
export const SIM_PASSWORD = 'workbooks-sim';
export const DEFAULT_ADMIN_API_KEY = 'sim-admin-key-0000-0000-0000';
export const ADMIN_USER_ID = 1;
/** The second administrator: "someone else" who makes concurrent modifications. */
export const OTHER_ADMIN_USER_ID = 2;

export const THRESHOLDS: GroundTruthThresholds = {
  expiresSoonWarningDays: 14,
  expiresSoonInfoDays: 30,
  lifetimeInfoDays: 90,
  lifetimeWarningDays: 366,
  hugeRangeIpv4Prefix: 16,
  hugeRangeIpv6Prefix: 48,
  manyKeysPerUser: 5,
  startsInFutureWarningDays: 30,
};

/** Capability names a user can hold and a key can be restricted to (README: "Capabilities"). */
export const CAPABILITIES = {
  apiAccess: 'api_access',
  apiKeys: 'admin_api_keys',
  users: 'admin_users',
  people: 'crm_people',
  organisations: 'crm_organisations',
  tasks: 'activity_tasks',
} as const;
const ALL_GRANTS = Object.values(CAPABILITIES);
const STAFF_GRANTS = [CAPABILITIES.apiAccess, CAPABILITIES.people, CAPABILITIES.organisations, CAPABILITIES.tasks];
/** Restrictions that clean keys carry (never blank). */
const CLEAN_RESTRICTIONS = [
  'crm_people',
  'crm_people, crm_organisations',
  'crm_organisations',
  'activity_tasks',
  'crm_people, activity_tasks',
  'admin_api_keys, admin_users',
  'admin_users',
];

// ---------------------------------------------------------------------------------------------------------
// IP list building blocks

/** First octets inside RIPE NCC allocations: public unicast, no special-purpose range anywhere inside. */
const SAFE_V4_FIRST_OCTETS = [
  2, 5, 31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 151, 176,
  178, 185, 188, 193, 194, 195, 212, 213, 217,
];
/** First groups of RIR-allocated IPv6 global unicast space (never 2001::/23, 2002::/16, 2001:db8::/32). */
const SAFE_V6_FIRST_GROUPS = [
  '2a00', '2a01', '2a02', '2a03', '2a04', '2a05', '2a06', '2a07', '2a09', '2a0a', '2a0b', '2a10', '2c0f',
  '2400', '2401', '2402', '2403', '2404', '2600', '2601', '2602', '2603', '2604', '2605', '2606', '2607',
  '2800', '2801', '2803',
];

/** Hands out entries for ONE list; every entry gets its own first octet / first group. */
class IpListBuilder {
  private readonly usedV4 = new Set<number>();
  private readonly usedV6 = new Set<string>();
  constructor(private readonly rng: Rng) {}

  firstOctet(below = 256): number {
    const free = SAFE_V4_FIRST_OCTETS.filter((o) => !this.usedV4.has(o) && o < below);
    const octet = this.rng.pick(free);
    this.usedV4.add(octet);
    return octet;
  }

  /** a.b.c prefix with b, c in 1..254 so no block can touch a neighbouring first octet. */
  v4Prefix(): string {
    return `${this.firstOctet()}.${this.rng.int(1, 254)}.${this.rng.int(1, 254)}`;
  }

  v4Host(): string {
    return `${this.v4Prefix()}.${this.rng.int(1, 254)}`;
  }

  /** A host whose first octet has two digits, written with a leading zero: "081.2.69.10". */
  v4HostWithLeadingZero(): string {
    const octet = this.firstOctet(100);
    return `0${octet}.${this.rng.int(1, 254)}.${this.rng.int(1, 254)}.${this.rng.int(1, 254)}`;
  }

  v4Block(): string {
    const prefix = this.rng.int(24, 29);
    const size = 2 ** (32 - prefix);
    const last = this.rng.int(0, 256 / size - 1) * size;
    return `${this.v4Prefix()}.${last}/${prefix}`;
  }

  private group(): string {
    return this.rng.int(0x1000, 0xffff).toString(16);
  }

  v6First(): string {
    const free = SAFE_V6_FIRST_GROUPS.filter((g) => !this.usedV6.has(g));
    const group = this.rng.pick(free);
    this.usedV6.add(group);
    return group;
  }

  /** Four non-zero groups, three zero groups compressed, a non-zero last group: canonical RFC 5952. */
  v6Host(): string {
    return `${this.v6First()}:${this.group()}:${this.group()}:${this.group()}::${this.rng.int(1, 0xfff).toString(16)}`;
  }

  v6Block(): string {
    if (this.rng.chance(0.5)) return `${this.v6First()}:${this.group()}:${this.group()}::/48`;
    // /56: the fourth group keeps only its high byte.
    const fourth = (this.rng.int(0x10, 0xff) << 8).toString(16);
    return `${this.v6First()}:${this.group()}:${this.group()}:${fourth}::/56`;
  }

  clean(): string {
    const roll = this.rng.next();
    if (roll < 0.55) return this.v4Host();
    if (roll < 0.85) return this.v4Block();
    if (roll < 0.93) return this.v6Host();
    return this.v6Block();
  }

  cleanList(min: number, max: number): string[] {
    const count = this.rng.int(min, max);
    return Array.from({ length: count }, () => this.clean());
  }
}

function insertAt(rng: Rng, list: string[], entry: string): string[] {
  const copy = [...list];
  copy.splice(rng.int(0, copy.length), 0, entry);
  return copy;
}

const FULLWIDTH_ZERO = 0xff10;
function fullwidthDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(FULLWIDTH_ZERO + Number(d)));
}

// ---------------------------------------------------------------------------------------------------------
// The template table. `rate` is the share of seeded keys; `always` templates appear at least once whenever
// the key count allows. `codes` is the exact set of audit codes the template produces.

interface IpTemplate {
  id: string;
  rate: number;
  always?: boolean;
  codes: string[];
  build(b: IpListBuilder, rng: Rng): string | null;
}

const withClean = (b: IpListBuilder, rng: Rng, entry: string, min = 0, max = 2): string =>
  insertAt(rng, b.cleanList(min, max), entry).join(', ');

const IP_TEMPLATES: IpTemplate[] = [
  // The whole internet: one entry that reduces to 0.0.0.0/0 or ::/0.
  // Alone: any other entry would also be "contained" in it.
  { id: 'allow-all-v4', rate: 0.01, always: true, codes: ['allow-all'], build: () => '0.0.0.0/0' },
  { id: 'allow-all-v6', rate: 0.003, codes: ['allow-all'], build: () => '::/0' },
  // RFC 1918 / unique-local addresses can never reach a cloud service.
  {
    id: 'private-v4', rate: 0.021, always: true, codes: ['private'],
    build: (b, r) => withClean(b, r, r.pick([
      `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      `192.168.${r.int(0, 255)}.0/24`,
      `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    ])),
  },
  {
    id: 'private-v6', rate: 0.006, codes: ['private'],
    build: (b, r) => withClean(b, r, `fd${r.int(0x10, 0xff).toString(16)}:${r.int(0x1000, 0xffff).toString(16)}:${r.int(0x1000, 0xffff).toString(16)}::${r.int(1, 0xff).toString(16)}`),
  },
  // TEST-NETs copied from documentation.
  {
    id: 'documentation-v4', rate: 0.014, always: true, codes: ['documentation'],
    build: (b, r) => withClean(b, r, r.pick([`203.0.113.${r.int(1, 254)}`, `198.51.100.${r.int(1, 254)}`, `192.0.2.${r.int(1, 254)}`])),
  },
  { id: 'documentation-v6', rate: 0.004, codes: ['documentation'], build: (b, r) => withClean(b, r, `2001:db8::${r.int(1, 0xfff).toString(16)}`) },
  { id: 'loopback', rate: 0.008, always: true, codes: ['loopback'], build: (b, r) => withClean(b, r, r.pick(['127.0.0.1', '::1'])) },
  { id: 'link-local', rate: 0.006, codes: ['link-local'], build: (b, r) => withClean(b, r, `169.254.${r.int(1, 254)}.${r.int(1, 254)}`) },
  { id: 'shared-address-space', rate: 0.006, codes: ['shared-address-space'], build: (b, r) => withClean(b, r, `100.${r.int(64, 127)}.${r.int(0, 255)}.${r.int(1, 254)}`) },
  // Malformed text: each entry fails in exactly one way and is never reinterpreted.
  { id: 'leading-zero', rate: 0.008, always: true, codes: ['leading-zero'], build: (b, r) => withClean(b, r, b.v4HostWithLeadingZero()) },
  { id: 'short-form', rate: 0.006, always: true, codes: ['short-form'], build: (b, r) => withClean(b, r, '127.1') },
  { id: 'octet-out-of-range', rate: 0.006, codes: ['octet-out-of-range'], build: (b, r) => withClean(b, r, `${b.v4Prefix()}.${r.int(256, 999)}`) },
  { id: 'port-suffix', rate: 0.007, always: true, codes: ['port-suffix'], build: (b, r) => withClean(b, r, `${b.v4Host()}:${r.pick([443, 8080, 8443])}`) },
  {
    id: 'separator', rate: 0.01, always: true, codes: ['separator'],
    build: (b, r) => b.cleanList(2, 3).join(r.pick(['; ', ';', '\n', '\r\n'])),
  },
  {
    id: 'host-bits-set', rate: 0.008, always: true, codes: ['host-bits-set'],
    build: (b, r) => withClean(b, r, `${b.v4Prefix()}.${r.int(1, 254)}/24`),
  },
  {
    id: 'range', rate: 0.007, always: true, codes: ['range'],
    build: (b, r) => {
      const prefix = b.v4Prefix();
      const low = r.int(2, 100);
      const high = low + r.int(3, 100);
      return withClean(b, r, r.chance(0.5) ? `${prefix}.${low}-${prefix}.${high}` : `${prefix}.${low}-${high}`);
    },
  },
  { id: 'wildcard', rate: 0.007, always: true, codes: ['wildcard'], build: (b, r) => withClean(b, r, `${b.v4Prefix()}.*`) },
  {
    // Fullwidth digits, a zero-width space or a no-break space pasted from a document.
    id: 'non-ascii', rate: 0.007, always: true, codes: ['non-ascii'],
    build: (b, r) => {
      const variant = r.int(0, 2);
      if (variant === 0) return withClean(b, r, fullwidthDigits(b.v4Host()));
      if (variant === 1) return withClean(b, r, `${b.v4Host()}\u200b`);
      return b.cleanList(2, 2).join(',\u00a0');
    },
  },
  {
    id: 'huge-range', rate: 0.008, always: true, codes: ['huge-range'],
    build: (b, r) => {
      const variant = r.int(0, 2);
      if (variant === 0) return withClean(b, r, `${b.firstOctet()}.${r.int(1, 254)}.0.0/16`);
      if (variant === 1) return withClean(b, r, `${b.firstOctet()}.${r.int(1, 63) * 4}.0.0/14`);
      return withClean(b, r, `${b.v6First()}:${r.int(0x1000, 0xffff).toString(16)}::/32`);
    },
  },
  {
    id: 'duplicate', rate: 0.008, always: true, codes: ['duplicate'],
    build: (b, r) => {
      const list = b.cleanList(1, 3);
      const repeated = r.pick(list);
      return insertAt(r, list, repeated).join(', ');
    },
  },
  {
    id: 'contained', rate: 0.007, codes: ['contained'],
    build: (b, r) => {
      const prefix = b.v4Prefix();
      const pair = [`${prefix}.0/24`, `${prefix}.${r.int(1, 254)}`];
      return insertAt(r, b.cleanList(0, 1), pair.join(', ')).join(', ');
    },
  },
  {
    id: 'mergeable', rate: 0.007, codes: ['mergeable'],
    build: (b, r) => {
      const prefix = b.v4Prefix();
      return insertAt(r, b.cleanList(0, 1), `${prefix}.0/25, ${prefix}.128/25`).join(', ');
    },
  },
  {
    id: 'non-canonical', rate: 0.007, codes: ['non-canonical'],
    build: (b, r) => {
      const variant = r.int(0, 2);
      if (variant === 0) return withClean(b, r, `${b.v4Host()}/32`);
      if (variant === 1) return withClean(b, r, b.v6Host().toUpperCase());
      const [head, tail] = b.v6Host().split('::');
      return withClean(b, r, `${head}:0:0:0:${tail}`);
    },
  },
  // Keys from older releases saved without any address.
  { id: 'no-ip-restriction', rate: 0.007, always: true, codes: ['no-ip-restriction'], build: () => null },
];

interface ValidityTemplate {
  id: string;
  rate: number;
  always?: boolean;
  codes: string[];
  /** Also blanks the IP list (keys from older releases have neither). */
  legacy?: boolean;
  build(today: string, rng: Rng): { validFrom: string | null; until: string | null };
}

const VALIDITY_TEMPLATES: ValidityTemplate[] = [
  { id: 'expired', rate: 0.028, always: true, codes: ['expired'], build: (t, r) => ({ validFrom: null, until: addDays(t, -r.int(1, 400)) }) },
  // Warning band: 1..13 days left (the 14-day boundary itself is avoided).
  { id: 'expires-soon-warning', rate: 0.021, always: true, codes: ['expires-soon'], build: (t, r) => ({ validFrom: null, until: addDays(t, r.int(1, 13)) }) },
  // Info band: 16..29 days left.
  { id: 'expires-soon-info', rate: 0.021, always: true, codes: ['expires-soon'], build: (t, r) => ({ validFrom: null, until: addDays(t, r.int(16, 29)) }) },
  { id: 'lifetime-info', rate: 0.014, codes: ['lifetime-long'], build: (t, r) => ({ validFrom: null, until: addDays(t, r.int(95, 360)) }) },
  { id: 'lifetime-warning', rate: 0.014, always: true, codes: ['lifetime-long'], build: (t, r) => ({ validFrom: null, until: addDays(t, r.int(370, 900)) }) },
  // Starts 2..25 days ahead (info); Until keeps both "from today" and "from Valid From" lifetimes under 90.
  {
    id: 'starts-in-future', rate: 0.01, codes: ['starts-in-future'],
    build: (t, r) => ({ validFrom: addDays(t, r.int(2, 25)), until: addDays(t, r.int(58, 89)) }),
  },
  // Starts 35..50 days ahead (warning band beyond 30 days).
  {
    id: 'starts-far-future', rate: 0.006, codes: ['starts-in-future'],
    build: (t, r) => ({ validFrom: addDays(t, r.int(35, 50)), until: addDays(t, r.int(86, 89)) }),
  },
  // Valid From already passed (same as blank): lifetime measured either way stays under 90 days.
  {
    id: 'from-in-past', rate: 0.014, codes: ['from-in-past'],
    build: (t, r) => {
      const past = r.int(1, 30);
      return { validFrom: addDays(t, -past), until: addDays(t, r.int(31, 89 - past)) };
    },
  },
  { id: 'no-until', rate: 0.01, always: true, codes: ['no-until'], build: () => ({ validFrom: null, until: null }) },
  // Saved by an older release: neither Until nor IP list.
  { id: 'legacy', rate: 0.014, always: true, legacy: true, codes: ['no-until', 'no-ip-restriction'], build: () => ({ validFrom: null, until: null }) },
];

interface UserTemplate { id: 'deleted' | 'login-disabled' | 'no-edition'; rate: number; codes: string[] }
const USER_TEMPLATES: UserTemplate[] = [
  { id: 'login-disabled', rate: 0.03, codes: ['user-login-disabled'] },
  { id: 'no-edition', rate: 0.025, codes: ['user-no-edition'] },
  { id: 'deleted', rate: 0.025, codes: ['user-deleted'] },
];

const CAPABILITIES_UNRESTRICTED = { rate: 0.04, codes: ['capabilities-unrestricted'] };
/** Share of keys that share their name with exactly one other key. */
const DUPLICATE_NAME = { rate: 0.03, codes: ['duplicate-name'] };
const MANY_KEYS = { keys: [6, 7] as const, codes: ['many-keys-one-user'] };

export const CSV_INJECTION_NAME = '=HYPERLINK("http://x","y")';
export const HTML_INJECTION_NAME = '<img src=x onerror=alert(1)>';
export const HTML_INJECTION_DESCRIPTION = '<script>alert("xss")</script> Sync for <b>partners</b>';

// ---------------------------------------------------------------------------------------------------------
// Realistic words

const FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Freya', 'Lily', 'Emily', 'Sophie', 'Priya', 'Aisha', 'Chloe',
  'Hannah', 'Ruby', 'Zara', 'Megan', 'Niamh', 'Eilidh', 'Ffion', 'Oliver', 'George', 'Harry', 'Noah', 'Jack',
  'Leo', 'Arthur', 'Oscar', 'Charlie', 'Jacob', 'Thomas', 'James', 'William', 'Mohammed', 'Rohan', 'Daniel',
  'Samuel', 'Callum', 'Rhys', 'Owen', 'Ewan', 'Kwame', 'Tomasz', 'Luca', 'Mateo', 'Ines', 'Sofia', 'Yuki', 'Chen', 'Aoife',
];
const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Khan',
  'Hughes', 'Edwards', 'Lewis', 'Harris', 'Martin', 'Cooper', 'King', 'Lee', 'Baker', 'Harrison', 'Morgan',
  'Allen', "O'Brien", 'Campbell', 'MacDonald', 'Okafor', 'Nowak', 'Rossi', 'Fernández', 'Müller', 'Nguyen',
  'Sato', 'Kaur', 'Begum', 'Ahmed', 'Murphy', 'Kelly', 'Price',
];
const INTEGRATIONS = [
  'Zapier sync', 'Xero invoices', 'Mailchimp audience sync', 'Power BI refresh', 'Sage 200 export', 'HubSpot migration',
  'Slack alerts', 'Website enquiry form', 'Outlook add-in', 'Data warehouse ETL', 'Tableau extract', 'Make.com scenario',
  'Stripe payments', 'GoCardless mandates', 'DocuSign envelopes', 'Eventbrite attendees', 'LinkedIn lead gen',
  'Google Sheets report', 'Freshdesk tickets', 'Intercom contacts', 'QuickBooks bridge', 'SharePoint archive',
  'Azure Function', 'AWS Lambda nightly', 'Backup script', 'Partner portal', 'Marketing automation', 'Survey import',
  'Phone system (CTI)', 'Label printer',
];
const TEAMS = [
  'Sales', 'Finance', 'Marketing', 'Support', 'Operations', 'HR', 'IT', 'Events', 'Partners', 'EMEA', 'North America',
  'APAC', 'Board reporting',
];
const ENVIRONMENTS = ['prod', 'staging', 'test', 'DR'];
const PURPOSES = [
  'push new leads into Workbooks every five minutes', 'export paid invoices nightly', 'keep the mailing lists in step',
  'refresh the weekly pipeline dashboard', 'create support cases from the web form', 'sync contacts both ways',
  'archive closed opportunities', 'post deal alerts to the team channel', 'import event attendees after each webinar',
  'reconcile payments with orders',
];
const ORGANISATION_NAMES = [
  'Acme Widgets Ltd', 'Brightwater Consulting', 'Cobalt Logistics', 'Dunmore Estates', 'Evergreen Foods plc',
  'Fjord Analytics', 'Greystone Legal LLP', 'Harbour Health Trust', 'Ironbridge Engineering', 'Juniper Retail',
];
const INDUSTRIES = ['Manufacturing', 'Consulting', 'Logistics', 'Property', 'Food', 'Software', 'Legal', 'Healthcare'];
const TASK_SUBJECTS = [
  'Call back about renewal', 'Send proposal', 'Chase unpaid invoice', 'Book quarterly review', 'Update contact details',
  'Prepare demo', 'Review contract terms', 'Plan webinar follow-up',
];

// ---------------------------------------------------------------------------------------------------------

export interface SeedOptions {
  seed: number;
  keys: number;
  users: number;
  today: string;
  now: number;
  adminApiKey: string;
}

function secretFor(rng: Rng): string {
  return Array.from({ length: 8 }, () => rng.hex(5)).join('-');
}

function slotCounts<T extends { rate: number; always?: boolean }>(templates: T[], slots: number): Map<T, number> {
  const counts = new Map<T, number>();
  let used = 0;
  for (const t of templates) {
    let count = Math.round(t.rate * slots);
    if (count === 0 && t.always && slots >= 20) count = 1;
    count = Math.min(count, slots - used);
    counts.set(t, count);
    used += count;
  }
  return counts;
}

/** One shuffled slot per key: a template or null (clean). */
function assignSlots<T extends { rate: number; always?: boolean }>(rng: Rng, templates: T[], slots: number): Array<T | null> {
  const list: Array<T | null> = [];
  for (const [t, count] of slotCounts(templates, slots)) for (let i = 0; i < count; i++) list.push(t);
  while (list.length < slots) list.push(null);
  return rng.shuffle(list);
}

function uniqueName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const integration = rng.pick(INTEGRATIONS);
    const roll = rng.next();
    const name =
      roll < 0.45 ? `${integration} – ${rng.pick(TEAMS)}`
        : roll < 0.7 ? `${integration} (${rng.pick(ENVIRONMENTS)})`
          : roll < 0.85 ? integration
            : `${integration} – ${rng.pick(TEAMS)} (${rng.pick(ENVIRONMENTS)})`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
  let n = 2;
  const base = rng.pick(INTEGRATIONS);
  while (taken.has(`${base} #${n}`.toLowerCase())) n++;
  taken.add(`${base} #${n}`.toLowerCase());
  return `${base} #${n}`;
}

function makeUsers(rng: Rng, count: number, now: number): UserRecord[] {
  const users: UserRecord[] = [];
  const base = (id: number): Omit<UserRecord, 'userName' | 'email' | 'loginEnabled' | 'edition' | 'grants'> => {
    const createdAt = now - rng.int(200, 2000) * 86_400_000;
    return { id, lockVersion: rng.int(0, 6), createdAt, createdBy: ADMIN_USER_ID, updatedAt: createdAt + rng.int(0, 150) * 86_400_000, updatedBy: ADMIN_USER_ID, isDeleted: false, password: SIM_PASSWORD };
  };
  users.push({ ...base(1), userName: 'Alex Morgan', email: SIM_ADMIN_USERNAME, loginEnabled: true, edition: 'Workbooks CRM', grants: [...ALL_GRANTS], lockVersion: 0, createdBy: 1, updatedBy: 1 });
  if (count >= 2) {
    users.push({ ...base(2), userName: 'Sam Taylor', email: 'sam.taylor@sim.test', loginEnabled: true, edition: 'Workbooks Business', grants: [...ALL_GRANTS] });
  }
  const emails = new Set(users.map((u) => u.email));
  for (let id = users.length + 1; id <= count; id++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    let email = `${local}@sim.test`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@sim.test`;
    emails.add(email);
    users.push({
      ...base(id),
      userName: `${first} ${last}`,
      email,
      loginEnabled: true,
      edition: rng.pick(EDITIONS.filter((e) => e !== NO_EDITION)),
      grants: rng.chance(0.1) ? [...ALL_GRANTS] : [...STAFF_GRANTS],
    });
  }
  // Problem users (never the two administrators). About 7% each, at least one of each from 10 users.
  const candidates = rng.shuffle(users.filter((u) => u.id > 2).map((u) => u.id));
  const take = (share: number): number[] => {
    const n = Math.min(candidates.length, Math.max(users.length >= 10 ? 1 : 0, Math.round(share * users.length)));
    return candidates.splice(0, n);
  };
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const id of take(0.08)) { const u = byId.get(id); if (u) u.loginEnabled = false; }
  for (const id of take(0.06)) { const u = byId.get(id); if (u) u.edition = NO_EDITION; }
  for (const id of take(0.06)) { const u = byId.get(id); if (u) u.isDeleted = true; }
  // One ordinary user without API access (for no_permission_for_api); such a user owns no keys.
  const noApi = candidates.splice(0, users.length >= 8 ? 1 : 0)[0];
  if (noApi !== undefined) { const u = byId.get(noApi); if (u) u.grants = u.grants.filter((g) => g !== CAPABILITIES.apiAccess); }
  return users;
}

export function userStatus(user: UserRecord | undefined): 'ok' | 'login-disabled' | 'no-edition' | 'deleted' {
  if (!user || user.isDeleted) return 'deleted';
  if (!user.loginEnabled) return 'login-disabled';
  if (user.edition === NO_EDITION) return 'no-edition';
  return 'ok';
}

function makeOthers(rng: Rng, now: number, userIds: number[]): Pick<SimState, 'people' | 'organisations' | 'tasks'> {
  const stamp = (id: number): GenericRecord => {
    const createdAt = now - rng.int(10, 900) * 86_400_000;
    return { id, lockVersion: rng.int(0, 3), createdAt, createdBy: ADMIN_USER_ID, updatedAt: createdAt, updatedBy: ADMIN_USER_ID, isDeleted: false };
  };
  const organisations = new Map<number, GenericRecord>();
  ORGANISATION_NAMES.forEach((name, i) => {
    organisations.set(i + 1, { ...stamp(i + 1), name, description: `${name} is a customer since ${2010 + rng.int(0, 14)}.`, industry: rng.pick(INDUSTRIES) });
  });
  const people = new Map<number, GenericRecord>();
  for (let id = 1; id <= 24; id++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    people.set(id, {
      ...stamp(id),
      name: `${first} ${last}`,
      email: rng.chance(0.85) ? `${first}.${last}@customer.test`.toLowerCase().normalize('NFD').replace(/[^a-z.@]/g, '') : null,
      person_job_title: rng.pick(['Director', 'Buyer', 'Office Manager', 'CTO', 'Finance Lead', null]),
      employer_id: rng.int(1, ORGANISATION_NAMES.length),
      no_email_soliciting: rng.chance(0.2),
    });
  }
  const tasks = new Map<number, GenericRecord>();
  for (let id = 1; id <= 16; id++) {
    tasks.set(id, {
      ...stamp(id),
      name: rng.pick(TASK_SUBJECTS),
      due_date: rng.chance(0.9) ? addDays(new Date(now).toISOString().slice(0, 10), rng.int(-20, 40)) : null,
      completed: rng.chance(0.3),
      assigned_to: rng.pick(userIds),
    });
  }
  return { people, organisations, tasks };
}

/** Builds the whole database for a seed. */
export function seedState(options: SeedOptions): SimState {
  const rng = createRng(options.seed);
  const { today, now } = options;
  const users = makeUsers(rng, Math.max(2, options.users), now);
  const keyCount = Math.max(1, options.keys);
  const keys: ApiKeyRecord[] = [];
  const declared = new Map<number, Set<string>>();
  const textCodes = new Map<number, Set<string>>();
  const addCodes = (map: Map<number, Set<string>>, id: number, codes: string[]): void => {
    const set = map.get(id) ?? new Set<string>();
    for (const c of codes) set.add(c);
    map.set(id, set);
  };

  const stamp = (id: number): Pick<ApiKeyRecord, 'id' | 'lockVersion' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'isDeleted'> => {
    const createdAt = now - rng.int(1, 900) * 86_400_000 - rng.int(0, 86_399_999);
    const updatedAt = Math.min(now, createdAt + rng.int(0, 120) * 86_400_000);
    const author = rng.chance(0.7) ? ADMIN_USER_ID : OTHER_ADMIN_USER_ID;
    return { id, lockVersion: rng.int(0, 8), createdAt, createdBy: author, updatedAt, updatedBy: author, isDeleted: false };
  };

  // Key 1: the administrator's own key, usable from this machine. Loopback entries are its only finding.
  keys.push({
    ...stamp(1),
    lockVersion: 0,
    name: 'Simulator admin – local tools',
    description: 'Seeded administrator key for tests and the demo (permitted from loopback only).',
    accessAsUser: ADMIN_USER_ID,
    validFrom: null,
    until: addDays(today, 60),
    permittedIps: '127.0.0.1, ::1',
    capabilities: ALL_GRANTS.join(', '),
    secret: options.adminApiKey,
  });
  addCodes(declared, 1, ['loopback']);
  addCodes(textCodes, 1, ['loopback']);

  const slots = keyCount - 1;
  const ipSlots = assignSlots(rng, IP_TEMPLATES, slots);
  const validitySlots = assignSlots(rng, VALIDITY_TEMPLATES, slots);
  const userSlots = assignSlots(rng, USER_TEMPLATES.filter((t) => users.some((u) => u.id > 2 && userStatus(u) === t.id)), slots);
  const unrestrictedSlots = assignSlots(rng, [CAPABILITIES_UNRESTRICTED], slots);

  // Owners: ok users with API access take at most five keys each; problem templates take problem users.
  const keyCountByUser = new Map<number, number>([[ADMIN_USER_ID, 1]]);
  const okOwners = users.filter((u) => u.id !== ADMIN_USER_ID && userStatus(u) === 'ok' && u.grants.includes(CAPABILITIES.apiAccess));
  const pickOwner = (pool: UserRecord[]): number => {
    const roomy = pool.filter((u) => (keyCountByUser.get(u.id) ?? 0) < THRESHOLDS.manyKeysPerUser);
    const owner = rng.pick(roomy.length > 0 ? roomy : pool);
    keyCountByUser.set(owner.id, (keyCountByUser.get(owner.id) ?? 0) + 1);
    return owner.id;
  };
  // One ordinary user with 6 or 7 keys (from 30 keys up).
  const manyKeysOwner = slots >= 30 && okOwners.length > 1 ? rng.pick(okOwners) : undefined;
  const manyKeysIndexes = new Set<number>();
  if (manyKeysOwner) {
    const count = rng.pick(MANY_KEYS.keys);
    const okIndexes = rng.shuffle(userSlots.map((s, i) => (s === null ? i : -1)).filter((i) => i >= 0)).slice(0, count);
    for (const i of okIndexes) manyKeysIndexes.add(i);
    keyCountByUser.set(manyKeysOwner.id, okIndexes.length);
  }
  const otherOkOwners = okOwners.filter((u) => u !== manyKeysOwner);

  const takenNames = new Set<string>(['simulator admin – local tools']);
  for (let i = 0; i < slots; i++) {
    const id = i + 2;
    const builder = new IpListBuilder(rng);
    const validity = validitySlots[i] ?? null;
    const ipTemplate = validity?.legacy ? null : ipSlots[i] ?? null;
    const dates = validity ? validity.build(today, rng) : { validFrom: null, until: addDays(today, rng.int(31, 89)) };
    const permittedIps = validity?.legacy ? null : ipTemplate ? ipTemplate.build(builder, rng) : builder.cleanList(1, 3).join(', ');
    const userTemplate = userSlots[i] ?? null;
    let owner: number;
    if (manyKeysIndexes.has(i) && manyKeysOwner) {
      owner = manyKeysOwner.id;
      addCodes(declared, id, MANY_KEYS.codes);
    } else if (userTemplate) {
      owner = pickOwner(users.filter((u) => u.id > 2 && userStatus(u) === userTemplate.id));
      addCodes(declared, id, userTemplate.codes);
    } else {
      owner = pickOwner(otherOkOwners.length > 0 ? otherOkOwners : okOwners.length > 0 ? okOwners : users);
    }
    const unrestricted = unrestrictedSlots[i] !== null;
    if (unrestricted) addCodes(declared, id, CAPABILITIES_UNRESTRICTED.codes);
    for (const codes of [validity?.codes ?? [], ipTemplate?.codes ?? []]) {
      addCodes(declared, id, codes);
      addCodes(textCodes, id, codes);
    }
    keys.push({
      ...stamp(id),
      name: uniqueName(rng, takenNames),
      description: rng.chance(0.8) ? `Used by the ${rng.pick(TEAMS)} team to ${rng.pick(PURPOSES)}.` : null,
      accessAsUser: owner,
      validFrom: dates.validFrom,
      until: dates.until,
      permittedIps,
      capabilities: unrestricted ? null : rng.pick(CLEAN_RESTRICTIONS),
      secret: secretFor(rng),
    });
  }

  // Names: two payload keys, then pairs sharing a name.
  const seeded = keys.slice(1);
  const namePool = rng.shuffle([...seeded]);
  if (seeded.length >= 10) {
    const csv = namePool.pop();
    const html = namePool.pop();
    if (csv) csv.name = CSV_INJECTION_NAME;
    if (html) {
      html.name = HTML_INJECTION_NAME;
      html.description = HTML_INJECTION_DESCRIPTION;
    }
  }
  const pairs = Math.max(seeded.length >= 20 ? 1 : 0, Math.round((DUPLICATE_NAME.rate * seeded.length) / 2));
  for (let p = 0; p < pairs && namePool.length >= 2; p++) {
    const first = namePool.pop();
    const second = namePool.pop();
    if (!first || !second) break;
    second.name = first.name;
    addCodes(declared, first.id, DUPLICATE_NAME.codes);
    addCodes(declared, second.id, DUPLICATE_NAME.codes);
  }

  // Live-derivable codes that templates imply without declaring them in a dimension of their own.
  for (const key of keys) {
    if (key.until === null) addCodes(declared, key.id, ['no-until']);
    if (key.permittedIps === null) addCodes(declared, key.id, ['no-ip-restriction']);
  }
  const others = makeOthers(rng, now, users.filter((u) => !u.isDeleted).map((u) => u.id));
  const state: SimState = {
    users: new Map(users.map((u) => [u.id, u])),
    apiKeys: new Map(keys.map((k) => [k.id, k])),
    ...others,
    nextIds: {
      apiKeys: keys.length + 1,
      users: users.length + 1,
      people: others.people.size + 1,
      organisations: others.organisations.size + 1,
      tasks: others.tasks.size + 1,
    },
    sessions: new Map(),
    seedTruth: new Map(),
    seedToday: today,
    seed: options.seed,
  };
  for (const key of keys) {
    state.seedTruth.set(key.id, {
      textCodes: [...(textCodes.get(key.id) ?? [])].sort(),
      declared: [...(declared.get(key.id) ?? [])].sort(),
      fingerprint: keyFingerprint(key),
    });
  }
  return state;
}
