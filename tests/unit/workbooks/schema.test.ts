import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, discoverSchema, normaliseTitle, schemaCacheKey, schemaFromMetadata } from '../../../src/core/workbooks/schema';
import { WorkbooksClient } from '../../../src/core/workbooks/client';
import { decodeMetadata, type RecordTypeMetadata } from '../../../src/core/workbooks/metadata';
import { scriptedTransport, wire } from './helpers';

interface RawField {
  name: string;
  title: string;
  datatype?: string;
}

function type(className: string, controllerPath: string, human: string, fields: RawField[], associations: unknown[] = []): Record<string, unknown> {
  return {
    class_name: className,
    controller_path: controllerPath,
    human_class_name: human,
    fields: fields.map((f) => ({ datatype: 'string', ...f })),
    associations,
  };
}

const people = type('Private::Crm::Person', 'crm/people', 'Person', [
  { name: 'name', title: 'Name' },
  { name: 'email', title: 'Email' },
]);

/** An older release: different titles (synonyms), odd case and spacing, a decoy type with a date and a user. */
const olderRelease: Array<Record<string, unknown>> = [
  people,
  type('Private::Activity::Task', 'activity/tasks', 'Task', [
    { name: 'name', title: 'Subject' },
    { name: 'due_date', title: 'Due date', datatype: 'date' },
    { name: 'assigned_to', title: 'User', datatype: 'integer' },
  ]),
  type(
    'Private::Legacy::Key',
    'legacy/keys',
    'API Key',
    [
      { name: 'label', title: 'NAME' },
      { name: 'remarks', title: 'Description' },
      { name: 'owner_id', title: 'Access  As  User', datatype: 'integer' },
      { name: 'starts', title: 'valid from', datatype: 'date' },
      { name: 'expiry', title: 'Expiry Date', datatype: 'date' },
      { name: 'ips', title: 'Allowed IPs', datatype: 'text' },
      { name: 'key_value', title: 'API Key' },
    ],
    [{ name: 'owner', title: 'Access as User', class_names: ['Private::Legacy::Operator'], foreign_key_name: 'owner_id', datatype: 'belongs_to' }],
  ),
  type('Private::Legacy::Operator', 'legacy/operators', 'Operator', [
    { name: 'op_name', title: 'Name' },
    { name: 'op_email', title: 'Email Address' },
    { name: 'may_login', title: 'Can Log In', datatype: 'boolean' },
    { name: 'licence', title: 'Licence' },
  ]),
];

describe('schema discovery by titles', () => {
  it('maps every role of the default-like schema exactly', () => {
    const types = decodeMetadata([
      people,
      type(
        'Private::Admin::ApiKey',
        'admin/api_keys',
        'API Key',
        [
          { name: 'name', title: 'Name' },
          { name: 'description', title: 'Description' },
          { name: 'user_id', title: 'Access as User' },
          { name: 'valid_from', title: 'Valid From' },
          { name: 'valid_until', title: 'Until' },
          { name: 'permitted_ip_addresses', title: 'Permitted IP addresses' },
          { name: 'capability_restrictions', title: 'Restrict Capabilities' },
          { name: 'api_key', title: 'API Key' },
        ],
        [{ name: 'user', class_names: ['Private::User'], foreign_key_name: 'user_id' }],
      ),
      type('Private::User', 'admin/users', 'User', [
        { name: 'person_name', title: 'Name' },
        { name: 'email', title: 'Email' },
        { name: 'login_allowed', title: 'Login enabled' },
        { name: 'allocated_edition', title: 'Allocated Edition' },
      ]),
    ]);
    const schema = schemaFromMetadata(types);
    expect(schema.problems).toEqual([]);
    expect(schema.source).toBe('metadata');
    expect(schema.apiKey).toMatchObject({ path: 'admin/api_keys', className: 'Private::Admin::ApiKey', fields: DEFAULT_SCHEMA.apiKey.fields, accessAsUserNameColumn: 'user[person_name]' });
    expect(schema.user).toMatchObject({ path: 'admin/users', fields: DEFAULT_SCHEMA.user.fields });
  });

  it('uses synonyms of older releases, ignores case and spaces, and follows the user association', () => {
    const schema = schemaFromMetadata(decodeMetadata(olderRelease));
    expect(schema.apiKey.path).toBe('legacy/keys');
    expect(schema.apiKey.fields).toEqual({
      name: 'label',
      description: 'remarks',
      accessAsUser: 'owner_id',
      validFrom: 'starts',
      until: 'expiry',
      permittedIps: 'ips',
      capabilities: 'capability_restrictions',
      secret: 'key_value',
    });
    expect(schema.apiKey.accessAsUserNameColumn).toBe('owner[person_name]');
    expect(schema.user).toMatchObject({ path: 'legacy/operators', className: 'Private::Legacy::Operator' });
    expect(schema.user.fields).toEqual({ userName: 'op_name', email: 'op_email', loginEnabled: 'may_login', edition: 'licence' });
    expect(schema.problems).toEqual(['Could not find the field titled "Restrict Capabilities" in API Key: using capability_restrictions']);
  });

  it('falls back to the defaults and says which record types were not found', () => {
    const schema = schemaFromMetadata(decodeMetadata([people]));
    expect(schema.source).toBe('defaults');
    expect(schema.apiKey.path).toBe('admin/api_keys');
    expect(schema.user.path).toBe('admin/users');
    expect(schema.problems).toHaveLength(2);
    expect(schema.problems[0]).toMatch(/Could not find the API-key record type .*using admin\/api_keys/);
    expect(schema.problems[1]).toMatch(/Could not find the user record type .*using admin\/users/);
  });

  it('normalises titles case- and space-insensitively', () => {
    expect(normaliseTitle(' Permitted  IP\taddresses ')).toBe(normaliseTitle('permitted ip Addresses'));
  });
});

describe('discoverSchema', () => {
  const metadataAnswer = () => wire(olderRelease);

  it('caches per host and database', async () => {
    const transport = scriptedTransport(metadataAnswer);
    const client = new WorkbooksClient({ transport });
    const cache = new Map();
    const key = schemaCacheKey('https://acme.workbooks.com/', 42);
    expect(key).toBe('acme.workbooks.com|42');
    const first = await discoverSchema(client, { cache, cacheKey: key });
    const second = await discoverSchema(client, { cache, cacheKey: key });
    expect(second).toBe(first);
    expect(transport.requests).toHaveLength(1);
    await discoverSchema(client, { cache, cacheKey: schemaCacheKey('https://acme.workbooks.com/', 43) });
    expect(transport.requests).toHaveLength(2);
  });

  it('falls back to the defaults when metadata cannot be read, without caching', async () => {
    const transport = scriptedTransport(() => wire('', 404));
    const cache = new Map();
    const schema = await discoverSchema(new WorkbooksClient({ transport }), { cache, cacheKey: 'h|1' });
    expect(schema.source).toBe('defaults');
    expect(schema.problems[0]).toMatch(/Could not read metadata\/types\.api \(not-found/);
    expect(cache.size).toBe(0);
  });

  it('propagates cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    const transport = scriptedTransport(metadataAnswer);
    await expect(discoverSchema(new WorkbooksClient({ transport }), { signal: controller.signal })).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('decodes only record types with a class name', () => {
    const types: RecordTypeMetadata[] = decodeMetadata([{ controller_path: 'x' }, people]);
    expect(types).toHaveLength(1);
  });
});
