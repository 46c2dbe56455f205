/**
 * Last line of defence for "secrets stay secret": everything written to IndexedDB, logs and exports passes
 * through `withoutSecrets`, which drops fields that carry credentials whatever object they sit in. The typed
 * stores never ask for such fields in the first place; this catches the mistake nobody planned.
 */
const SECRET_FIELD = /^(secret|api_?key|apiKeyValue|password|_?authenticity_?token|access_key_value|session_?id)$/i;

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD.test(name);
}

export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (isSecretFieldName(key)) continue;
      out[key] = withoutSecrets(inner);
    }
    return out as T;
  }
  return value;
}

/** Shows that a secret exists without showing it: the last four characters only. */
export function maskSecret(secret: string): string {
  const tail = secret.slice(-4);
  return secret.length <= 4 ? '••••' : `••••••••${tail}`;
}
