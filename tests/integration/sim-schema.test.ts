import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALT_SCHEMA, DEFAULT_SCHEMA, startSimulator, type SchemaDescription } from '../workbooks-sim';
import { resolveSchema } from '../workbooks-sim/schema';
import { call, squareWrite, workingSet, type ReadBody, type WriteBody } from '../workbooks-sim/testing';

const THIRD = join(dirname(fileURLToPath(import.meta.url)), '..', 'workbooks-sim', 'schemas', 'third.json');

describe.each([
  ['alt', 'alt' as const],
  ['third (JSON file)', THIRD],
])('schema variant %s', (_label, option) => {
  it('serves metadata, reads and writes under its own paths and names, with the contract titles', async () => {
    const sim = await startSimulator({ quiet: true, seed: 2, keys: 30, users: 12, schema: option, today: '2027-03-10' });
    try {
      const keyType = sim.schema.apiKeyType;
      const userType = sim.schema.userType;
      const name = (role: string): string => keyType.fields.find((f) => f.role === role)?.name ?? '';
      expect(keyType.controller_path).not.toBe('admin/api_keys');
      const meta = await call<ReadBody>(sim.url, 'metadata/types.api', { apiKey: sim.admin.apiKey, params: [['class_names[]', keyType.class_name]] });
      const fields = (meta.body.data[0]?.['fields'] ?? []) as Array<{ name: string; title: string }>;
      for (const [role, title] of [['permittedIps', 'Permitted IP addresses'], ['until', 'Until'], ['accessAsUser', 'Access as User'], ['secret', 'API Key']]) {
        expect(fields.find((f) => f.title === title && !f.name.includes('['))?.name).toBe(name(role as string));
      }
      expect((await call(sim.url, 'admin/api_keys.api', { apiKey: sim.admin.apiKey })).status).toBe(404);
      const related = `${keyType.associations[0]?.name}[${keyType.associations[0]?.displayName}]`;
      const read = await call<ReadBody>(sim.url, `${keyType.controller_path}.api`, { apiKey: sim.admin.apiKey, params: [['_ff[]', 'id'], ['_ft[]', 'eq'], ['_fc[]', 1]] });
      expect(read.body.data[0]).toMatchObject({ [name('name')]: 'Simulator admin – local tools', [name('secret')]: sim.admin.apiKey, [related]: 'Alex Morgan' });
      const users = await call<ReadBody>(sim.url, `${userType.controller_path}.api`, { apiKey: sim.admin.apiKey, params: [['_sort', 'id'], ['_start', 0], ['_limit', 1]] });
      const userName = userType.fields.find((f) => f.role === 'userName')?.name ?? '';
      expect(users.body.data[0]?.[userName]).toBe('Alex Morgan');
      const fieldsToWrite = { [name('name')]: 'Variant key', [name('accessAsUser')]: '2', [name('until')]: '2027-05-01', [name('permittedIps')]: '81.2.69.10' };
      const created = await call<WriteBody>(sim.url, `${keyType.controller_path}.api`, { method: 'PUT', apiKey: sim.admin.apiKey, params: [...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: fieldsToWrite }])] });
      expect(created.body.success, created.text).toBe(true);
      expect(sim.state.apiKeys.get(31)).toMatchObject({ name: 'Variant key', accessAsUser: 2, until: '2027-05-01', permittedIps: '81.2.69.10' });
      const defaultNames = await call<WriteBody>(sim.url, `${keyType.controller_path}.api`, { method: 'PUT', apiKey: sim.admin.apiKey, params: [...workingSet([0]), ...squareWrite([{ method: 'POST', id: 0, lockVersion: 0, fields: { permitted_ip_addresses: '1.2.3.4' } }])] });
      expect(defaultNames.body.affected_object_information[0]?.errors['permitted_ip_addresses']).toEqual(['is not a known attribute']);
    } finally {
      await sim.stop();
    }
  });
});

describe('schema descriptions', () => {
  it('accepts the default and alt descriptions as objects', () => {
    expect(resolveSchema(DEFAULT_SCHEMA).apiKeyType.controller_path).toBe('admin/api_keys');
    expect(resolveSchema(ALT_SCHEMA).apiKeyType.associations[0]?.name).toBe('acting_user');
  });

  it.each([
    ['a missing role', (d: SchemaDescription) => { delete (d.apiKey.fields as Partial<Record<string, string>>)['until']; }, /fields.until/],
    ['duplicate names', (d: SchemaDescription) => { d.apiKey.fields.until = d.apiKey.fields.name; }, /unique/],
    ['a common attribute', (d: SchemaDescription) => { d.user.fields.email = 'lock_version'; }, /common attribute/],
    ['a reserved path', (d: SchemaDescription) => { d.user.controller_path = 'crm/people'; }, /taken/],
    ['a bad name', (d: SchemaDescription) => { d.apiKey.fields.name = 'Name With Spaces'; }, /must match/],
    ['an unknown role', (d: SchemaDescription) => { (d.apiKey.fields as Record<string, string>)['colour'] = 'colour'; }, /unknown role/],
  ])('refuses %s', (_what, mutate, message) => {
    const description = structuredClone(DEFAULT_SCHEMA);
    mutate(description);
    expect(() => resolveSchema(description)).toThrow(message);
  });

  it('reports an unreadable file', () => {
    expect(() => resolveSchema('/nonexistent/schema.json')).toThrow(/Cannot read schema file/);
  });
});
