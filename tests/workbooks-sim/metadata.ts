// metadata/types.api: record types with their fields and associations (README, "Metadata").
import { columnsOf } from './columns';
import { grantFor, json, type ApiResponse, type SimContext } from './context';
import { ParamError, rejectUnknownUnderscore, type Params } from './params';
import type { RecordTypeSpec } from './schema';

const ACTIONS = ['index', 'show', 'new', 'create', 'edit', 'update', 'destroy'];

function describeType(ctx: SimContext, type: RecordTypeSpec, grants: Set<string>): Record<string, unknown> {
  const permitted = grants.has(grantFor(type));
  const columns = columnsOf(ctx.schema, ctx.state, type);
  const fields = [...columns.values()].map((column) => {
    const field = column.field;
    const base: Record<string, unknown> = {
      name: column.name,
      title: column.title,
      datatype: column.datatype,
      required: field?.required ?? false,
      is_createable: field?.is_createable ?? false,
      is_updateable: field?.is_updateable ?? false,
      is_nullable: field?.is_nullable ?? column.kind === 'related',
      is_filterable: field?.is_filterable ?? true,
      default_value: field?.default_value ?? null,
    };
    if (field?.max_length !== undefined) base['max_length'] = field.max_length;
    if (field?.allowed_values) {
      base['picklist'] = {
        name: field.title,
        picklist_id: null,
        class_name: 'Private::PicklistEntry',
        display_field: 'value',
        value_field: 'value',
        auto_create: false,
        unrestricted: false,
        values: [...field.allowed_values],
      };
    }
    return base;
  });
  const associations = type.associations.map((a) => {
    const target = ctx.schema.types.find((t) => t.table === a.target);
    const fk = type.fields.find((f) => f.role === a.foreignKeyRole);
    return {
      name: a.name,
      title: a.title,
      class_names: target ? [target.class_name] : [],
      datatype: 'belongs_to',
      description: `The ${target?.human_class_name ?? 'record'} this ${type.human_class_name} refers to`,
      foreign_key_name: fk?.name ?? null,
      maximum_n: 1,
      minimum_n: fk?.required ? 1 : 0,
      polymorphic: false,
      through: null,
    };
  });
  return {
    class_name: type.class_name,
    base_class_name: 'ActiveRecord::Base',
    controller_path: type.controller_path,
    human_class_name: type.human_class_name,
    human_class_name_plural: type.human_class_name_plural,
    human_class_description: type.human_class_description,
    help_url: `https://www.workbooks.com/help/${type.controller_path.replace(/\//g, '-')}`,
    icon: type.controller_path.split('/').pop() ?? '',
    instances_described_by: type.fields.find((f) => f.role === type.describedByRole)?.name ?? 'id',
    actions: ACTIONS.map((name) => ({ name, permitted })),
    fields,
    associations,
  };
}

const TYPE_KEYS = [
  'class_name', 'base_class_name', 'controller_path', 'human_class_name', 'human_class_name_plural',
  'human_class_description', 'help_url', 'icon', 'instances_described_by', 'actions', 'fields', 'associations',
];

export function handleMetadata(ctx: SimContext, params: Params, grants: Set<string>): ApiResponse {
  rejectUnknownUnderscore(params);
  const classNames = params.list('class_names[]');
  const selected = params.list('_select_columns[]');
  for (const key of selected) if (!TYPE_KEYS.includes(key)) throw new ParamError(`Unknown column in _select_columns[]: ${key}`);
  const types = ctx.schema.types.filter((t) => classNames.length === 0 || classNames.includes(t.class_name));
  const data = types.map((t) => {
    const full = describeType(ctx, t, grants);
    if (selected.length === 0) return full;
    return Object.fromEntries(selected.map((key) => [key, full[key]]));
  });
  return json(200, { success: true, total: data.length, data, flash: '', updates: {} });
}
