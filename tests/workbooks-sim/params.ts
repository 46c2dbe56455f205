// Form/query parameter decoding that never throws anything but ParamError, and ordered access to the pairs.

export class ParamError extends Error {
  constructor(message: string, readonly status = 406) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** Decodes one x-www-form-urlencoded component given as raw bytes: '+' is a space, %XX a byte, UTF-8 strict. */
function decodeComponent(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x2b) {
      out[n++] = 0x20;
    } else if (b === 0x25) {
      const hi = hexValue(bytes[i + 1] ?? -1);
      const lo = hexValue(bytes[i + 2] ?? -1);
      if (hi < 0 || lo < 0) throw new ParamError('Malformed percent-encoding in the request parameters');
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  try {
    return utf8.decode(out.subarray(0, n));
  } catch {
    throw new ParamError('Request parameters must be UTF-8');
  }
}

/** Parses `a=1&b=2` from bytes into ordered [name, value] pairs. */
export function parseFormBytes(bytes: Uint8Array): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x26) {
      if (i > start) {
        const part = bytes.subarray(start, i);
        const eq = part.indexOf(0x3d);
        const name = decodeComponent(eq < 0 ? part : part.subarray(0, eq));
        const value = eq < 0 ? '' : decodeComponent(part.subarray(eq + 1));
        if (name !== '') pairs.push([name, value]);
      }
      start = i + 1;
    }
  }
  return pairs;
}

/** Ordered parameters with the access rules of the service: scalars once, arrays as `name[]`. */
export class Params {
  constructor(readonly pairs: Array<[string, string]>) {}

  has(name: string): boolean {
    return this.pairs.some(([n]) => n === name);
  }

  /** A scalar parameter; given twice is an error (the service cannot know which one you meant). */
  get(name: string): string | undefined {
    let found: string | undefined;
    let count = 0;
    for (const [n, v] of this.pairs) {
      if (n === name) {
        found = v;
        count++;
      }
    }
    if (count > 1) throw new ParamError(`Parameter ${name} was given ${count} times`);
    return found;
  }

  /** All values of `name` (usually `something[]`), in order. */
  list(name: string): string[] {
    return this.pairs.filter(([n]) => n === name).map(([, v]) => v);
  }

  names(): string[] {
    return [...new Set(this.pairs.map(([n]) => n))];
  }

  /** Truthy per the README's boolean rule: "true", "t", "on", "1", "yes", "y". */
  flag(name: string): boolean {
    const value = this.get(name);
    return value !== undefined && isTruthy(value);
  }
}

export function isTruthy(value: string): boolean {
  return ['true', 't', 'on', '1', 'yes', 'y'].includes(value.trim().toLowerCase());
}

/** Underscore parameters the service documents or the official bindings send; any other `_x` is refused. */
export const KNOWN_UNDERSCORE_PARAMS = new Set([
  '_dc', '_start', '_limit', '_sort', '_dir', '_sort[]', '_dir[]', '_ff', '_ft', '_fc', '_ff[]', '_ft[]', '_fc[]',
  '_fm', '_fm[]', '_filter_json', '_select_columns[]', '_method', '_authenticity_token', '_per_object_transactions',
  '_strict_attribute_checking', '_application_name', '_time_zone', '_json_output_date_format',
  '_json_output_time_format', '_json_output_datetime_format', '_api_version', '_fast_login', '_audit_lifetime_days',
  '_max_request_duration', '__skip_total_rows', '__method[]',
]);

/** Throws ParamError for an underscore parameter the service does not know. */
export function rejectUnknownUnderscore(params: Params, extra: readonly string[] = []): void {
  for (const name of params.names()) {
    if (name.startsWith('_') && !KNOWN_UNDERSCORE_PARAMS.has(name) && !extra.includes(name)) {
      throw new ParamError(`Unknown parameter ${name}`);
    }
  }
}
