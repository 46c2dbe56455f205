// Small HTTP helpers for the simulator's own integration tests (deliberately not the client under test).

export type ParamList = Array<[string, string | number]>;

export interface SimResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface ReadBody {
  success: boolean;
  total: number;
  data: Array<Record<string, unknown>>;
  errors?: string[];
}

export interface WriteBody {
  success: boolean;
  flash: string;
  errors?: string[];
  failures?: string[];
  affected_objects: Array<Record<string, unknown>>;
  affected_object_information: Array<{ success: boolean; errors: Record<string, string[]>; warnings: Record<string, string[]> }>;
  affected_object_errors?: Array<Record<string, string[]>>;
}

export interface FailureBody {
  success: false;
  failure_reason?: string;
  failure_message?: string;
  errors?: string[];
  exception_ref?: string;
}

export function encode(params: ParamList): string {
  return params.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(String(v))}`).join('&');
}

export interface CallOptions {
  method?: string;
  /** Sent in the query string for GET, in a form body otherwise (unless `query` is true). */
  params?: ParamList;
  query?: boolean;
  apiKey?: string;
  cookie?: string;
  headers?: Record<string, string>;
  /** A raw body, sent as is. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  redirect?: RequestRedirect;
}

export async function call<T = Record<string, unknown>>(base: string, path: string, options: CallOptions = {}): Promise<SimResponse<T>> {
  const method = options.method ?? 'GET';
  const params: ParamList = [...(options.params ?? [])];
  if (options.apiKey !== undefined) params.push(['api_key', options.apiKey]);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.cookie) headers['Cookie'] = options.cookie;
  let url = `${base}/${path.replace(/^\//, '')}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    if (params.length > 0) url += `?${encode(params)}`;
  } else if (method === 'GET' || options.query) {
    if (params.length > 0) url += `?${encode(params)}`;
  } else {
    body = encode(params);
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  const response = await fetch(url, { method, headers, body, redirect: options.redirect ?? 'follow' });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** Logs in with the admin key and returns the cookie header and token. */
export async function sessionFor(base: string, credentials: ParamList): Promise<{ cookie: string; token: string; userId: number }> {
  const res = await call<{ authenticity_token: string; user_id: number }>(base, 'login.api', {
    method: 'POST',
    params: [...credentials, ['client', 'api'], ['api_version', 1]],
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  if (res.status !== 200 || cookie === '') throw new Error(`login failed: ${res.status} ${res.text}`);
  return { cookie, token: res.body.authenticity_token, userId: res.body.user_id };
}

/** Square write arrays for records given as field maps (every record must have the same fields). */
export function squareWrite(
  records: Array<{ method: 'POST' | 'PUT' | 'DELETE'; id: number; lockVersion: number; fields?: Record<string, string> }>,
): ParamList {
  const params: ParamList = [];
  for (const r of records) {
    params.push(['__method[]', r.method], ['id[]', r.id], ['lock_version[]', r.lockVersion]);
    for (const [name, value] of Object.entries(r.fields ?? {})) params.push([`${name}[]`, value]);
  }
  return params;
}

/** The working-set filter for a batch: `_fm=or` over id eq filters. */
export function workingSet(ids: number[]): ParamList {
  const params: ParamList = [['_fm', 'or']];
  for (const id of ids) params.push(['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', id]);
  return params;
}
