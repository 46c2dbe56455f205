// Fault injection. Grammar (README, "Faults"):
//   spec      := item (';' item)*
//   item      := setting (',' setting)*            settings: latency=MS, jitter=MS
//              | action ['@' cond ('&' cond)*] [':' ARG]
//   action    := 500 | 403 | expire | redirect | drop | slow | latency | conflict
//   cond      := nth=N | every=N | after=N | ratio=R | path=P | method=M | start=N | id=N | times=N
// Counting is over `.api` requests since the spec was set; ratios draw from a generator seeded by the seed.
import { createRng, type Rng } from './prng';

export type FaultAction = '500' | '403' | 'expire' | 'redirect' | 'drop' | 'slow' | 'latency' | 'conflict';
const ACTIONS: readonly FaultAction[] = ['500', '403', 'expire', 'redirect', 'drop', 'slow', 'latency', 'conflict'];

export interface FaultRule {
  action: FaultAction;
  nth?: number;
  every?: number;
  after?: number;
  ratio?: number;
  path?: string;
  method?: string;
  start?: number;
  id?: number;
  /** How often the rule may fire; default 1 with nth or for conflict, unlimited otherwise. */
  times?: number;
  arg?: number;
  fired: number;
  /** Canonical text of the rule, for logs. */
  text: string;
}

export interface FaultSpec {
  latencyMs: number;
  jitterMs: number;
  rules: FaultRule[];
}

export class FaultSpecError extends Error {}

function positiveInt(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new FaultSpecError(`${what} must be a whole number, not "${text}"`);
  return Number(text);
}

export function parseFaultSpec(spec: string): FaultSpec {
  const result: FaultSpec = { latencyMs: 0, jitterMs: 0, rules: [] };
  for (const rawItem of spec.split(';')) {
    const item = rawItem.trim();
    if (item === '') continue;
    const settings = item.split(',').map((s) => s.trim());
    if (settings.every((s) => /^(latency|jitter)=\d+$/.test(s))) {
      for (const s of settings) {
        const [key, value] = s.split('=') as [string, string];
        if (key === 'latency') result.latencyMs = Number(value);
        else result.jitterMs = Number(value);
      }
      continue;
    }
    const match = /^([a-z0-9]+)(?:@([^:]*))?(?::(\d+))?$/i.exec(item);
    if (!match) throw new FaultSpecError(`Cannot read fault "${item}"`);
    const action = (match[1] ?? '').toLowerCase() as FaultAction;
    if (!ACTIONS.includes(action)) throw new FaultSpecError(`Unknown fault action "${match[1]}" (one of ${ACTIONS.join(', ')})`);
    const rule: FaultRule = { action, fired: 0, text: item };
    if (match[3] !== undefined) rule.arg = Number(match[3]);
    for (const rawCond of (match[2] ?? '').split('&')) {
      const cond = rawCond.trim();
      if (cond === '') continue;
      const eq = cond.indexOf('=');
      if (eq < 0) throw new FaultSpecError(`Condition "${cond}" needs name=value`);
      const name = cond.slice(0, eq).trim();
      const value = cond.slice(eq + 1).trim();
      switch (name) {
        case 'nth': rule.nth = positiveInt(value, 'nth'); break;
        case 'every': rule.every = positiveInt(value, 'every'); if (rule.every === 0) throw new FaultSpecError('every must be at least 1'); break;
        case 'after': rule.after = positiveInt(value, 'after'); break;
        case 'start': rule.start = positiveInt(value, 'start'); break;
        case 'id': rule.id = positiveInt(value, 'id'); break;
        case 'times': rule.times = positiveInt(value, 'times'); break;
        case 'ratio': {
          const ratio = Number(value);
          if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(value) || Number.isNaN(ratio)) throw new FaultSpecError(`ratio must be between 0 and 1, not "${value}"`);
          rule.ratio = ratio;
          break;
        }
        case 'path': rule.path = value.replace(/^\/+/, ''); break;
        case 'method': rule.method = value.toUpperCase(); break;
        default: throw new FaultSpecError(`Unknown fault condition "${name}"`);
      }
    }
    if (rule.times === undefined && (rule.nth !== undefined || action === 'conflict')) rule.times = 1;
    result.rules.push(rule);
  }
  return result;
}

export interface FaultRequest {
  /** 1-based count of `.api` requests since the spec was set. */
  seq: number;
  /** Path without leading slash, e.g. "admin/api_keys.api". */
  path: string;
  method: string;
  start: string | undefined;
}

function pathMatches(pattern: string, path: string): boolean {
  if (!pattern.includes('*')) return pattern === path;
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(path);
}

/** Holds the active spec and its counters; decides which rules fire on a request. */
export class FaultEngine {
  private spec: FaultSpec = { latencyMs: 0, jitterMs: 0, rules: [] };
  private rng: Rng;
  /** Jitter has its own generator, so latency settings never shift which requests a ratio rule hits. */
  private jitterRng: Rng;
  private seq = 0;
  /** conflict rules armed by a read, per rule, with the key ids read. */
  private readonly armed = new Map<FaultRule, Set<number>>();

  constructor(private readonly seed: number, spec: string, private readonly baseLatency: { latencyMs: number; jitterMs: number }) {
    this.rng = createRng(seed + 7919);
    this.jitterRng = createRng(seed + 104729);
    this.set(spec);
  }

  set(spec: string): void {
    const parsed = parseFaultSpec(spec);
    if (!/latency=/.test(spec)) parsed.latencyMs = this.baseLatency.latencyMs;
    if (!/jitter=/.test(spec)) parsed.jitterMs = this.baseLatency.jitterMs;
    this.spec = parsed;
    this.seq = 0;
    this.rng = createRng(this.seed + 7919);
    this.jitterRng = createRng(this.seed + 104729);
    this.armed.clear();
  }

  describe(): { latencyMs: number; jitterMs: number; rules: Array<{ text: string; fired: number; times: number | null }> } {
    return {
      latencyMs: this.spec.latencyMs,
      jitterMs: this.spec.jitterMs,
      rules: this.spec.rules.map((r) => ({ text: r.text, fired: r.fired, times: r.times ?? null })),
    };
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Base latency for one request, jitter drawn from the seeded generator. */
  latency(): number {
    const { latencyMs, jitterMs } = this.spec;
    if (latencyMs <= 0 && jitterMs <= 0) return 0;
    const jitter = jitterMs > 0 ? (this.jitterRng.next() * 2 - 1) * jitterMs : 0;
    return Math.max(0, Math.round(latencyMs + jitter));
  }

  private matches(rule: FaultRule, request: FaultRequest): boolean {
    if (rule.times !== undefined && rule.fired >= rule.times) return false;
    if (rule.nth !== undefined && request.seq !== rule.nth) return false;
    if (rule.every !== undefined && request.seq % rule.every !== 0) return false;
    if (rule.after !== undefined && request.seq <= rule.after) return false;
    if (rule.path !== undefined && !pathMatches(rule.path, request.path)) return false;
    if (rule.method !== undefined && rule.method !== request.method) return false;
    if (rule.start !== undefined && request.start !== String(rule.start)) return false;
    // The ratio draw comes last, so the generator advances only for otherwise matching requests.
    if (rule.ratio !== undefined && !(this.rng.next() < rule.ratio)) return false;
    return true;
  }

  /** The request-level rules (everything but conflict) that fire on this request, in spec order. */
  fire(request: FaultRequest): FaultRule[] {
    const fired: FaultRule[] = [];
    for (const rule of this.spec.rules) {
      if (rule.action === 'conflict') continue;
      if (this.matches(rule, request)) {
        rule.fired += 1;
        fired.push(rule);
      }
    }
    return fired;
  }

  /** A read returned these key ids: arm conflict rules for them. */
  noteKeyRead(ids: number[]): void {
    for (const rule of this.spec.rules) {
      if (rule.action !== 'conflict' || (rule.times !== undefined && rule.fired >= rule.times)) continue;
      const relevant = rule.id === undefined ? ids : ids.filter((id) => id === rule.id);
      if (relevant.length === 0) continue;
      const set = this.armed.get(rule) ?? new Set<number>();
      for (const id of relevant) set.add(id);
      this.armed.set(rule, set);
    }
  }

  /** A write will touch these key ids: returns the ids someone else must modify first. */
  conflictsFor(ids: number[]): number[] {
    const out: number[] = [];
    for (const [rule, armedIds] of this.armed) {
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      const hit = ids.find((id) => armedIds.has(id));
      if (hit === undefined) continue;
      rule.fired += 1;
      armedIds.delete(hit);
      out.push(hit);
    }
    return out;
  }
}
