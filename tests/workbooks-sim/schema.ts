// Schema variants. The contract (common.md) fixes ROLES and their TITLES; names, class names and controller
// paths differ per variant. Protocol code resolves everything through these specs, never through literal names.
import { readFileSync } from 'node:fs';

export type Datatype = 'string' | 'text' | 'integer' | 'date' | 'datetime' | 'boolean';
export type TableId = 'apiKeys' | 'users' | 'people' | 'organisations' | 'tasks';
export type ApiKeyRole =
  | 'name' | 'description' | 'accessAsUser' | 'validFrom' | 'until' | 'permittedIps' | 'capabilities' | 'secret';
export type UserRole = 'userName' | 'email' | 'loginEnabled' | 'edition';

export const EDITIONS = ['Workbooks CRM', 'Workbooks Business', 'Workbooks Marketing', 'No Edition (login denied)'] as const;
export const NO_EDITION = 'No Edition (login denied)';

export interface FieldSpec {
  /** Property of the stored record (a contract role for keys and users; the field name for other types). */
  role: string;
  name: string;
  title: string;
  datatype: Datatype;
  required: boolean;
  is_createable: boolean;
  is_updateable: boolean;
  is_nullable: boolean;
  is_filterable: boolean;
  default_value: string | number | boolean | null;
  max_length?: number;
  /** Closed set of values (a static picklist). */
  allowed_values?: readonly string[];
}

export interface AssociationSpec {
  name: string;
  title: string;
  /** Role of the field holding the target id. */
  foreignKeyRole: string;
  target: TableId;
  /** Name of the related value exposed as `<name>[<displayName>]`. */
  displayName: string;
}

export interface RecordTypeSpec {
  table: TableId;
  kind: 'apiKey' | 'user' | 'other';
  class_name: string;
  controller_path: string;
  human_class_name: string;
  human_class_name_plural: string;
  human_class_description: string;
  objectRefPrefix: string;
  /** Role whose value describes an instance (instances_described_by). */
  describedByRole: string;
  /** Role displayed as the related value of an association pointing at this type. */
  displayRole: string;
  fields: FieldSpec[];
  associations: AssociationSpec[];
}

export interface SimSchema {
  name: string;
  types: RecordTypeSpec[];
  apiKeyType: RecordTypeSpec;
  userType: RecordTypeSpec;
  /** The related value name used for users everywhere (`created_by_user[<this>]`). */
  userDisplayName: string;
}

interface TypeDescription {
  class_name: string;
  controller_path: string;
  human_class_name: string;
  human_class_name_plural?: string;
  object_ref_prefix?: string;
}

/** The JSON format of a schema variant (see README: "Schema variants"). */
export interface SchemaDescription {
  name: string;
  /** Related value name for users, default "person_name". */
  relatedUserDisplay?: string;
  apiKey: TypeDescription & { accessAsUserAssociation?: string; fields: Record<ApiKeyRole, string> };
  user: TypeDescription & { fields: Record<UserRole, string> };
}

type RoleTemplate = Omit<FieldSpec, 'name' | 'role'>;

function template(title: string, datatype: Datatype, extra: Partial<RoleTemplate> = {}): RoleTemplate {
  return {
    title,
    datatype,
    required: false,
    is_createable: true,
    is_updateable: true,
    is_nullable: true,
    is_filterable: true,
    default_value: null,
    ...(datatype === 'string' ? { max_length: 255 } : {}),
    ...extra,
  };
}

/** The contract's role → title/datatype table for API keys (titles are exact). */
export const API_KEY_ROLES: Record<ApiKeyRole, RoleTemplate> = {
  name: template('Name', 'string', { required: true, is_nullable: false }),
  description: template('Description', 'text'),
  accessAsUser: template('Access as User', 'integer', { required: true, is_nullable: false }),
  validFrom: template('Valid From', 'date'),
  // Required in current releases; nullable because keys from older releases have none.
  until: template('Until', 'date', { required: true }),
  permittedIps: template('Permitted IP addresses', 'text', { required: true }),
  capabilities: template('Restrict Capabilities', 'text'),
  secret: template('API Key', 'string', { is_createable: false, is_updateable: false, is_nullable: false }),
};

export const USER_ROLES: Record<UserRole, RoleTemplate> = {
  userName: template('Name', 'string', { required: true, is_nullable: false }),
  email: template('Email', 'string', { required: true, is_nullable: false }),
  loginEnabled: template('Login enabled', 'boolean', { is_nullable: false, default_value: true }),
  edition: template('Allocated Edition', 'string', {
    is_nullable: false,
    default_value: 'Workbooks CRM',
    allowed_values: EDITIONS,
  }),
};

export const DEFAULT_SCHEMA: SchemaDescription = {
  name: 'default',
  apiKey: {
    class_name: 'Private::Admin::ApiKey',
    controller_path: 'admin/api_keys',
    human_class_name: 'API Key',
    human_class_name_plural: 'API Keys',
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
  },
  user: {
    class_name: 'Private::User',
    controller_path: 'admin/users',
    human_class_name: 'User',
    human_class_name_plural: 'Users',
    fields: { userName: 'person_name', email: 'email', loginEnabled: 'login_allowed', edition: 'allocated_edition' },
  },
};

export const ALT_SCHEMA: SchemaDescription = {
  name: 'alt',
  apiKey: {
    class_name: 'Private::Integration::AccessKey',
    controller_path: 'settings/integration_keys',
    human_class_name: 'Integration Key',
    human_class_name_plural: 'Integration Keys',
    fields: {
      name: 'key_label',
      description: 'notes',
      accessAsUser: 'acting_user_id',
      validFrom: 'effective_from',
      until: 'expires_on',
      permittedIps: 'ip_allow_list',
      capabilities: 'allowed_capabilities',
      secret: 'access_key_value',
    },
  },
  user: {
    class_name: 'Private::Admin::Login',
    controller_path: 'settings/logins',
    human_class_name: 'Login',
    human_class_name_plural: 'Logins',
    fields: { userName: 'full_name', email: 'login_email', loginEnabled: 'can_log_in', edition: 'licence_edition' },
  },
};

/** Attribute names every record type has; a variant may not reuse them for its own fields. */
export const COMMON_ATTRIBUTE_NAMES = [
  'id', 'lock_version', 'created_at', 'created_by', 'updated_at', 'updated_by', 'is_deleted', 'object_ref',
  '_can_modify', '_can_delete', '_can_read', 'type',
];

function plainField(name: string, title: string, datatype: Datatype, extra: Partial<RoleTemplate> = {}): FieldSpec {
  return { role: name, name, ...template(title, datatype, extra) };
}

/**
 * Unrelated record types, so that discovery has to choose: People also have "Name" and "Email" fields and
 * Tasks have a date and a user reference.
 */
function decoyTypes(userDisplayName: string): RecordTypeSpec[] {
  return [
    {
      table: 'people',
      kind: 'other',
      class_name: 'Private::Crm::Person',
      controller_path: 'crm/people',
      human_class_name: 'Person',
      human_class_name_plural: 'People',
      human_class_description: 'People recorded in your database, e.g. a contact, an employee',
      objectRefPrefix: 'PERS',
      describedByRole: 'name',
      displayRole: 'name',
      fields: [
        plainField('name', 'Name', 'string', { required: true, is_nullable: false }),
        plainField('email', 'Email', 'string'),
        plainField('person_job_title', 'Job title', 'string'),
        plainField('employer_id', 'Employer', 'integer'),
        plainField('no_email_soliciting', 'No email soliciting', 'boolean', { is_nullable: false, default_value: false }),
      ],
      associations: [{ name: 'employer', title: 'Employer', foreignKeyRole: 'employer_id', target: 'organisations', displayName: 'name' }],
    },
    {
      table: 'organisations',
      kind: 'other',
      class_name: 'Private::Crm::Organisation',
      controller_path: 'crm/organisations',
      human_class_name: 'Organisation',
      human_class_name_plural: 'Organisations',
      human_class_description: 'Organisations recorded in your database, e.g. customers and suppliers',
      objectRefPrefix: 'ORG',
      describedByRole: 'name',
      displayRole: 'name',
      fields: [
        plainField('name', 'Name', 'string', { required: true, is_nullable: false }),
        plainField('description', 'Description', 'text'),
        plainField('industry', 'Industry', 'string'),
      ],
      associations: [],
    },
    {
      table: 'tasks',
      kind: 'other',
      class_name: 'Private::Activity::Task',
      controller_path: 'activity/tasks',
      human_class_name: 'Task',
      human_class_name_plural: 'Tasks',
      human_class_description: 'Things to do',
      objectRefPrefix: 'TASK',
      describedByRole: 'name',
      displayRole: 'name',
      fields: [
        plainField('name', 'Subject', 'string', { required: true, is_nullable: false }),
        plainField('due_date', 'Due date', 'date'),
        plainField('completed', 'Completed', 'boolean', { is_nullable: false, default_value: false }),
        plainField('assigned_to', 'Assigned to', 'integer'),
      ],
      associations: [{ name: 'assigned_to_user', title: 'Assigned to', foreignKeyRole: 'assigned_to', target: 'users', displayName: userDisplayName }],
    },
  ];
}

const NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;
const PATH_PATTERN = /^[a-z_][a-z0-9_]*(\/[a-z_][a-z0-9_]*)*$/;
const RESERVED_PATHS = ['login', 'logout', 'metadata/types', 'crm/people', 'crm/organisations', 'activity/tasks'];

function fail(message: string): never {
  throw new Error(`Invalid schema description: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(obj: Record<string, unknown>, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') fail(`${where}.${key} must be a non-empty string`);
  return value;
}

function describeType(raw: unknown, where: string, roles: readonly string[]): TypeDescription & { fields: Record<string, string> } {
  if (!isRecord(raw)) fail(`${where} must be an object`);
  const fieldsRaw = raw['fields'];
  if (!isRecord(fieldsRaw)) fail(`${where}.fields must be an object mapping roles to field names`);
  const fields: Record<string, string> = {};
  for (const role of roles) fields[role] = requireString(fieldsRaw, role, `${where}.fields`);
  for (const key of Object.keys(fieldsRaw)) if (!roles.includes(key)) fail(`${where}.fields has an unknown role "${key}"`);
  const controllerPath = requireString(raw, 'controller_path', where);
  if (!PATH_PATTERN.test(controllerPath)) fail(`${where}.controller_path "${controllerPath}" is not a path like "admin/api_keys"`);
  const optional = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') fail(`${where}.${key} must be a string`);
    return value;
  };
  return {
    class_name: requireString(raw, 'class_name', where),
    controller_path: controllerPath,
    human_class_name: requireString(raw, 'human_class_name', where),
    human_class_name_plural: optional('human_class_name_plural'),
    object_ref_prefix: optional('object_ref_prefix'),
    fields,
  };
}

/** Validates an untrusted description (from a JSON file or a test) and returns it typed. */
export function validateDescription(raw: unknown): SchemaDescription {
  if (!isRecord(raw)) fail('the top level must be an object');
  const name = requireString(raw, 'name', 'schema');
  const apiKey = describeType(raw['apiKey'], 'apiKey', Object.keys(API_KEY_ROLES));
  const user = describeType(raw['user'], 'user', Object.keys(USER_ROLES));
  const association = raw['apiKey'] && isRecord(raw['apiKey']) ? raw['apiKey']['accessAsUserAssociation'] : undefined;
  if (association !== undefined && (typeof association !== 'string' || !NAME_PATTERN.test(association))) {
    fail('apiKey.accessAsUserAssociation must be a lower-case name');
  }
  const related = raw['relatedUserDisplay'];
  if (related !== undefined && (typeof related !== 'string' || !NAME_PATTERN.test(related))) {
    fail('relatedUserDisplay must be a lower-case name');
  }
  for (const [where, type] of [['apiKey', apiKey], ['user', user]] as const) {
    const names = Object.values(type.fields);
    for (const fieldName of names) {
      if (!NAME_PATTERN.test(fieldName)) fail(`${where} field name "${fieldName}" must match ${NAME_PATTERN}`);
      if (COMMON_ATTRIBUTE_NAMES.includes(fieldName)) fail(`${where} field name "${fieldName}" is a common attribute`);
    }
    if (new Set(names).size !== names.length) fail(`${where} field names must be unique`);
    if (RESERVED_PATHS.includes(type.controller_path)) fail(`${where}.controller_path "${type.controller_path}" is taken`);
  }
  if (apiKey.controller_path === user.controller_path) fail('apiKey and user need different controller paths');
  if (apiKey.class_name === user.class_name) fail('apiKey and user need different class names');
  return {
    name,
    ...(typeof related === 'string' ? { relatedUserDisplay: related } : {}),
    apiKey: {
      ...apiKey,
      ...(typeof association === 'string' ? { accessAsUserAssociation: association } : {}),
      fields: apiKey.fields as Record<ApiKeyRole, string>,
    },
    user: { ...user, fields: user.fields as Record<UserRole, string> },
  };
}

function prefixFrom(humanName: string): string {
  const letters = humanName.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.slice(0, 4) || 'REC';
}

/** Builds the full variant from a description: the titles and datatypes always come from the contract. */
export function buildSchema(description: SchemaDescription): SimSchema {
  const userDisplayName = description.relatedUserDisplay ?? 'person_name';
  const keyFields: FieldSpec[] = (Object.keys(API_KEY_ROLES) as ApiKeyRole[]).map((role) => ({
    role,
    name: description.apiKey.fields[role],
    ...API_KEY_ROLES[role],
  }));
  const userFields: FieldSpec[] = (Object.keys(USER_ROLES) as UserRole[]).map((role) => ({
    role,
    name: description.user.fields[role],
    ...USER_ROLES[role],
  }));
  const accessField = description.apiKey.fields.accessAsUser;
  const associationName =
    description.apiKey.accessAsUserAssociation ?? (accessField.endsWith('_id') ? accessField.slice(0, -3) : `${accessField}_user`);
  const apiKeyType: RecordTypeSpec = {
    table: 'apiKeys',
    kind: 'apiKey',
    class_name: description.apiKey.class_name,
    controller_path: description.apiKey.controller_path,
    human_class_name: description.apiKey.human_class_name,
    human_class_name_plural: description.apiKey.human_class_name_plural ?? `${description.apiKey.human_class_name}s`,
    human_class_description: 'Keys that let other systems use the API as a chosen user',
    objectRefPrefix: description.apiKey.object_ref_prefix ?? prefixFrom(description.apiKey.human_class_name),
    describedByRole: 'name',
    displayRole: 'name',
    fields: keyFields,
    associations: [
      { name: associationName, title: API_KEY_ROLES.accessAsUser.title, foreignKeyRole: 'accessAsUser', target: 'users', displayName: userDisplayName },
    ],
  };
  const userType: RecordTypeSpec = {
    table: 'users',
    kind: 'user',
    class_name: description.user.class_name,
    controller_path: description.user.controller_path,
    human_class_name: description.user.human_class_name,
    human_class_name_plural: description.user.human_class_name_plural ?? `${description.user.human_class_name}s`,
    human_class_description: 'People who can log in to this database',
    objectRefPrefix: description.user.object_ref_prefix ?? prefixFrom(description.user.human_class_name),
    describedByRole: 'userName',
    displayRole: 'userName',
    fields: userFields,
    associations: [],
  };
  return {
    name: description.name,
    types: [apiKeyType, userType, ...decoyTypes(userDisplayName)],
    apiKeyType,
    userType,
    userDisplayName,
  };
}

/** Resolves the `schema` option: 'default', 'alt', a path to a JSON file, or a description object. */
export function resolveSchema(option: 'default' | 'alt' | string | SchemaDescription): SimSchema {
  if (option === 'default') return buildSchema(DEFAULT_SCHEMA);
  if (option === 'alt') return buildSchema(ALT_SCHEMA);
  if (typeof option === 'string') {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(option, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read schema file ${option}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return buildSchema(validateDescription(raw));
  }
  return buildSchema(validateDescription(option));
}

/** Field of a type by role (roles are the contract's names; for other types the field name). */
export function fieldByRole(type: RecordTypeSpec, role: string): FieldSpec {
  const field = type.fields.find((f) => f.role === role);
  if (!field) throw new Error(`${type.class_name} has no field for role ${role}`);
  return field;
}

/** Case- and space-insensitive title match, as clients are told to do. */
export function fieldByTitle(type: RecordTypeSpec, title: string): FieldSpec | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/\s+/g, '');
  return type.fields.find((f) => norm(f.title) === norm(title));
}
