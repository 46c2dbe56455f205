// The page's own API calls, with its session cookie (same origin). Writes need the authenticity token, which
// this page load exposes by one strategy (meta tag, hidden form input, page global) or not at all — then the
// only way is GET login.api.

export class SessionEndedError extends Error {
  constructor(reason, message) {
    super(message || 'Your session has ended.');
    this.reason = reason;
  }
}

function encode(pairs) {
  return pairs.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(String(v))}`).join('&');
}

async function parse(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 401) throw new SessionEndedError(body && body.failure_reason, body && body.failure_message);
  return { status: response.status, body };
}

export async function readAll(path, params = []) {
  const rows = [];
  for (let start = 0; ; start += 100) {
    const { status, body } = await read(path, [...params, ['_start', start], ['_limit', 100]]);
    if (status !== 200 || !body || !body.success) throw new Error((body && body.errors && body.errors[0]) || `Read failed (${status})`);
    rows.push(...body.data);
    if (body.data.length < 100 || rows.length >= body.total) return rows;
  }
}

export async function read(path, params = []) {
  const query = encode([...params, ['_dc', Date.now()]]);
  return parse(await fetch(`/${path}.api?${query}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

/** Finds the token the way this page load allows. */
export async function authenticityToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) return meta.content;
  const hidden = document.querySelector('input[name="authenticity_token"]');
  if (hidden && hidden.value) return hidden.value;
  if (window.WB_SESSION && window.WB_SESSION.authenticityToken) return window.WB_SESSION.authenticityToken;
  const { body } = await parse(await fetch('/login.api', { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
  if (body && body.authenticity_token) return body.authenticity_token;
  throw new Error('No authenticity token available');
}

export async function write(path, pairs) {
  const token = await authenticityToken();
  const response = await fetch(`/${path}.api`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: encode([['_authenticity_token', token], ...pairs]),
  });
  return parse(response);
}
