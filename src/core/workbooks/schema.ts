/**
 * Schema discovery: which record types hold API keys and users, and which field plays which role, found in
 * `metadata/types.api` by field TITLES (names differ between databases and releases; the README recommends
 * discovering fields through metadata). Titles match case- and space-insensitively, with the synonyms older
 * releases used. Whatever cannot be mapped falls back to the default schema's names, and says so.
 */
import { CancelledError, isWorkbooksError } from './errors';
import type { AssociationMetadata, FieldMetadata, RecordTypeMetadata } from './metadata';
import type { WorkbooksClient } from './client';
import { msg } from '../i18n/index';

export type ApiKeyRole = 'name' | 'description' | 'accessAsUser' | 'validFrom' | 'until' | 'permittedIps' | 'capabilities' | 'secret';
export type UserRole = 'userName' | 'email' | 'loginEnabled' | 'edition';

export const API_KEY_ROLES: readonly ApiKeyRole[] = ['name', 'description', 'accessAsUser', 'validFrom', 'until', 'permittedIps', 'capabilities', 'secret'];
export const USER_ROLES: readonly UserRole[] = ['userName', 'email', 'loginEnabled', 'edition'];

/** Current title first, then titles seen in older releases, most specific first. */
export const API_KEY_ROLE_TITLES: Readonly<Record<ApiKeyRole, readonly string[]>> = {
  name: ['Name', 'Key Name', 'API Key Name'],
  description: ['Description', 'Notes'],
  accessAsUser: ['Access as User', 'Access As User', 'Acting User', 'Run as User', 'User'],
  validFrom: ['Valid From', 'Effective From', 'Start Date', 'Starts'],
  until: ['Until', 'Valid Until', 'Expiry Date', 'Expires On', 'Expires'],
  permittedIps: ['Permitted IP addresses', 'Permitted IPs', 'IP Addresses', 'Allowed IPs', 'Allowed IP Addresses', 'IP Allow List', 'IP Restrictions'],
  capabilities: ['Restrict Capabilities', 'Capability Restrictions', 'Allowed Capabilities', 'Capabilities'],
  secret: ['API Key', 'Key', 'Key Value', 'Access Key', 'Secret'],
};

export const USER_ROLE_TITLES: Readonly<Record<UserRole, readonly string[]>> = {
  userName: ['Name', 'Person Name', 'Full Name', 'User Name'],
  email: ['Email', 'Email Address', 'Login Email', 'Login Name'],
  loginEnabled: ['Login enabled', 'Login Allowed', 'Can Log In', 'Can Login', 'Enabled'],
  edition: ['Allocated Edition', 'Edition', 'Licence', 'License', 'Licensed Edition', 'Licence Edition'],
};

export interface ApiKeySchema {
  /** Controller path without extension, e.g. 'admin/api_keys'. */
  path: string;
  className: string;
  humanName: string;
  fields: Record<ApiKeyRole, string>;
  /** The related column holding the Access-as-User's name, e.g. 'user[person_name]'; null if unknown. */
  accessAsUserNameColumn: string | null;
  /** The related column naming who last updated a key, e.g. 'updated_by_user[person_name]'; null if unknown. */
  updatedByNameColumn: string | null;
  /** Field metadata per role where metadata described it (required, updateable …). */
  fieldInfo: Partial<Record<ApiKeyRole, FieldMetadata>>;
}

export interface UserSchema {
  path: string;
  className: string;
  humanName: string;
  fields: Record<UserRole, string>;
  fieldInfo: Partial<Record<UserRole, FieldMetadata>>;
}

export interface DiscoveredSchema {
  apiKey: ApiKeySchema;
  user: UserSchema;
  /** Human-readable, one per fallback, e.g. 'Could not find the field titled "Until" in API Key: using valid_until'. */
  problems: string[];
  source: 'metadata' | 'defaults';
}

/** The simulator's and our default assumption (workbooks-api.md "Not public"). */
export const DEFAULT_SCHEMA: Readonly<{ apiKey: Omit<ApiKeySchema, 'fieldInfo'>; user: Omit<UserSchema, 'fieldInfo'> }> = {
  apiKey: {
    path: 'admin/api_keys',
    className: 'Private::Admin::ApiKey',
    humanName: 'API Key',
    fields: {
      name: 'name',
      description: 'description',
      accessAsUser: 'user_id',
      validFrom: 'valid_from',
      until: 'valid_until',
      permittedIps: 'permitted_ip_addresses',
      capabilities: 'capability_restrictions',
      secret: 'api_key',
    },
    accessAsUserNameColumn: 'user[person_name]',
    updatedByNameColumn: 'updated_by_user[person_name]',
  },
  user: {
    path: 'admin/users',
    className: 'Private::User',
    humanName: 'User',
    fields: { userName: 'person_name', email: 'email', loginEnabled: 'login_allowed', edition: 'allocated_edition' },
  },
};

/** Case- and space-insensitive title comparison key. */
export function normaliseTitle(title: string): string {
  return title.toLowerCase().replace(/\s+/g, '');
}

interface RoleMatch<Role extends string> {
  fields: Partial<Record<Role, FieldMetadata>>;
}

function matchRoles<Role extends string>(type: RecordTypeMetadata, roles: readonly Role[], titles: Readonly<Record<Role, readonly string[]>>): RoleMatch<Role> {
  const byTitle = new Map<string, FieldMetadata[]>();
  for (const field of type.fields) {
    const key = normaliseTitle(field.title);
    if (!key) continue;
    const list = byTitle.get(key) ?? [];
    list.push(field);
    byTitle.set(key, list);
  }
  const taken = new Set<string>();
  const fields: Partial<Record<Role, FieldMetadata>> = {};
  // Pass 1: every role's current title; pass 2: older synonyms. A current title always wins over a synonym
  // (e.g. "API Key" is the secret's title, never a fallback for something else).
  for (const pass of [0, 1] as const) {
    for (const role of roles) {
      if (fields[role]) continue;
      const candidates = pass === 0 ? titles[role].slice(0, 1) : titles[role].slice(1);
      for (const title of candidates) {
        // Related values (`user[person_name]`) share their association's title: a field of the type itself wins.
        const candidatesForTitle = (byTitle.get(normaliseTitle(title)) ?? []).filter((f) => !taken.has(f.name));
        const field = candidatesForTitle.find((f) => !f.name.includes('[')) ?? candidatesForTitle[0];
        if (field) {
          fields[role] = field;
          taken.add(field.name);
          break;
        }
      }
    }
  }
  return { fields };
}

const API_KEY_DISTINCTIVE: readonly ApiKeyRole[] = ['accessAsUser', 'validFrom', 'until', 'permittedIps', 'capabilities', 'secret'];
const USER_DISTINCTIVE: readonly UserRole[] = ['loginEnabled', 'edition'];

function score<Role extends string>(match: RoleMatch<Role>, roles: readonly Role[]): number {
  return roles.filter((role) => match.fields[role] !== undefined).length;
}

function pickApiKeyType(types: RecordTypeMetadata[]): { type: RecordTypeMetadata; match: RoleMatch<ApiKeyRole> } | null {
  let best: { type: RecordTypeMetadata; match: RoleMatch<ApiKeyRole>; score: number } | null = null;
  for (const type of types) {
    const match = matchRoles(type, API_KEY_ROLES, API_KEY_ROLE_TITLES);
    let typeScore = score(match, API_KEY_DISTINCTIVE) * 2;
    if (/\b(api|access|integration)\s*key\b/i.test(type.humanClassName) || /ApiKey|AccessKey/.test(type.className)) typeScore += 1;
    if (score(match, API_KEY_DISTINCTIVE) >= 3 && (!best || typeScore > best.score)) best = { type, match, score: typeScore };
  }
  return best;
}

function pickUserType(
  types: RecordTypeMetadata[],
  linkedClassName: string | null,
): { type: RecordTypeMetadata; match: RoleMatch<UserRole> } | null {
  if (linkedClassName) {
    const linked = types.find((t) => t.className === linkedClassName);
    if (linked) return { type: linked, match: matchRoles(linked, USER_ROLES, USER_ROLE_TITLES) };
  }
  let best: { type: RecordTypeMetadata; match: RoleMatch<UserRole>; score: number } | null = null;
  for (const type of types) {
    const match = matchRoles(type, USER_ROLES, USER_ROLE_TITLES);
    const distinctive = score(match, USER_DISTINCTIVE);
    if (distinctive === 0) continue;
    const typeScore = distinctive * 2 + score(match, ['email'] as const);
    if (!best || typeScore > best.score) best = { type, match, score: typeScore };
  }
  return best;
}

/** Workbooks' name for a user's display value in related columns (`updated_by_user[person_name]`). */
export const USER_RELATED_DISPLAY = 'person_name';

/**
 * The related column `<relation>[<display>]` of a type. Metadata lists related columns among the fields when it
 * knows them: then that exact name is used (selecting a column the service does not have is refused with 406).
 * When metadata lists no related columns at all, Workbooks' convention `<relation>[person_name]` is assumed;
 * when it lists some but not this one, there is none.
 */
/** `user_id` → `user`: Workbooks names a belongs_to relation after its foreign key. */
function relationFromForeignKey(field: string): string | null {
  return /_id$/.test(field) ? field.replace(/_id$/, '') : null;
}

function relatedColumn(type: RecordTypeMetadata, relation: string | null): string | null {
  if (!relation) return null;
  const listed = type.fields.find((f) => f.name.startsWith(`${relation}[`) && f.name.endsWith(']'));
  if (listed) return listed.name;
  const listsRelatedColumns = type.fields.some((f) => /\[[^\]]+\]$/.test(f.name));
  return listsRelatedColumns ? null : `${relation}[${USER_RELATED_DISPLAY}]`;
}

function accessAsUserAssociation(type: RecordTypeMetadata, accessAsUserField: string): AssociationMetadata | null {
  return type.associations.find((a) => a.foreignKeyName === accessAsUserField) ?? null;
}

function resolveRoles<Role extends string>(
  roles: readonly Role[],
  titles: Readonly<Record<Role, readonly string[]>>,
  match: RoleMatch<Role> | null,
  defaults: Readonly<Record<Role, string>>,
  humanName: string,
  problems: string[],
): { fields: Record<Role, string>; fieldInfo: Partial<Record<Role, FieldMetadata>> } {
  const fields = {} as Record<Role, string>;
  const fieldInfo: Partial<Record<Role, FieldMetadata>> = {};
  for (const role of roles) {
    const found = match?.fields[role];
    if (found) {
      fields[role] = found.name;
      fieldInfo[role] = found;
    } else {
      fields[role] = defaults[role];
      if (match) problems.push(msg('engineSchemaFieldMissing', titles[role][0] ?? role, humanName, defaults[role]));
    }
  }
  return { fields, fieldInfo };
}

function defaultsWith(problems: string[]): DiscoveredSchema {
  return {
    apiKey: { ...DEFAULT_SCHEMA.apiKey, fields: { ...DEFAULT_SCHEMA.apiKey.fields }, fieldInfo: {} },
    user: { ...DEFAULT_SCHEMA.user, fields: { ...DEFAULT_SCHEMA.user.fields }, fieldInfo: {} },
    problems,
    source: 'defaults',
  };
}

/** Maps metadata to roles (pure: exposed for tests and for callers that already hold metadata). */
export function schemaFromMetadata(types: RecordTypeMetadata[]): DiscoveredSchema {
  const problems: string[] = [];
  const apiKeyPick = pickApiKeyType(types);
  if (!apiKeyPick) {
    problems.push(msg('engineSchemaApiKeyTypeMissing', DEFAULT_SCHEMA.apiKey.path));
  }
  const apiKeyHuman = apiKeyPick?.type.humanClassName || DEFAULT_SCHEMA.apiKey.humanName;
  const apiKeyRoles = resolveRoles(API_KEY_ROLES, API_KEY_ROLE_TITLES, apiKeyPick?.match ?? null, DEFAULT_SCHEMA.apiKey.fields, apiKeyHuman, problems);
  const association = apiKeyPick ? accessAsUserAssociation(apiKeyPick.type, apiKeyRoles.fields.accessAsUser) : null;

  const userPick = pickUserType(types, association?.classNames[0] ?? null);
  if (!userPick) {
    problems.push(msg('engineSchemaUserTypeMissing', DEFAULT_SCHEMA.user.path));
  }
  const userHuman = userPick?.type.humanClassName || DEFAULT_SCHEMA.user.humanName;
  const userRoles = resolveRoles(USER_ROLES, USER_ROLE_TITLES, userPick?.match ?? null, DEFAULT_SCHEMA.user.fields, userHuman, problems);

  const apiKeyType = apiKeyPick?.type ?? null;
  return {
    apiKey: {
      path: apiKeyType?.controllerPath || DEFAULT_SCHEMA.apiKey.path,
      className: apiKeyType?.className ?? DEFAULT_SCHEMA.apiKey.className,
      humanName: apiKeyHuman,
      fields: apiKeyRoles.fields,
      accessAsUserNameColumn: apiKeyType ? relatedColumn(apiKeyType, association?.name ?? relationFromForeignKey(apiKeyRoles.fields.accessAsUser)) : DEFAULT_SCHEMA.apiKey.accessAsUserNameColumn,
      updatedByNameColumn: apiKeyType ? relatedColumn(apiKeyType, 'updated_by_user') : DEFAULT_SCHEMA.apiKey.updatedByNameColumn,
      fieldInfo: apiKeyRoles.fieldInfo,
    },
    user: {
      path: userPick?.type.controllerPath || DEFAULT_SCHEMA.user.path,
      className: userPick?.type.className ?? DEFAULT_SCHEMA.user.className,
      humanName: userHuman,
      fields: userRoles.fields,
      fieldInfo: userRoles.fieldInfo,
    },
    problems,
    source: apiKeyPick || userPick ? 'metadata' : 'defaults',
  };
}

/** Map-like store for discovered schemas (a Map, or a wrapper over extension storage). */
export interface SchemaCache {
  get(key: string): DiscoveredSchema | undefined;
  set(key: string, value: DiscoveredSchema): unknown;
}

/** One cache entry per service host and database. */
export function schemaCacheKey(baseUrl: string, database: string | number): string {
  return `${new URL(baseUrl).host}|${database}`;
}

export interface DiscoverSchemaOptions {
  /** From `schemaCacheKey(host, database)`; without it nothing is cached. */
  cacheKey?: string;
  cache?: SchemaCache;
  signal?: AbortSignal;
}

/**
 * Reads `metadata/types.api` once and maps roles. When metadata cannot be read (permission, network), returns
 * the defaults with the reason in `problems` (not cached, so a later call retries). Cancellation propagates.
 */
export async function discoverSchema(client: WorkbooksClient, options: DiscoverSchemaOptions = {}): Promise<DiscoveredSchema> {
  const { cacheKey, cache } = options;
  if (cacheKey && cache) {
    const cached = cache.get(cacheKey);
    if (cached) return cached;
  }
  let types: RecordTypeMetadata[];
  try {
    types = await client.getMetadata([], options.signal ? { signal: options.signal } : {});
  } catch (error) {
    if (error instanceof CancelledError || options.signal?.aborted) throw error instanceof CancelledError ? error : new CancelledError();
    const reason = isWorkbooksError(error) ? `${error.kind}: ${error.message}` : String(error);
    return defaultsWith([msg('engineSchemaMetadataUnreadable', reason)]);
  }
  const schema = schemaFromMetadata(types);
  if (cacheKey && cache) cache.set(cacheKey, schema);
  return schema;
}
