/** Typed view of `metadata/types.api` (README "Metadata"). Unknown attributes are kept in `raw`. */
import { ProtocolError, type RequestDescription } from './errors';
import { isObject } from './decode';
import { msg } from '../i18n/index';

export interface FieldMetadata {
  name: string;
  title: string;
  datatype: string;
  required: boolean;
  isCreateable: boolean;
  isUpdateable: boolean;
  isNullable: boolean;
  raw: Record<string, unknown>;
}

export interface AssociationMetadata {
  name: string;
  title: string;
  datatype: string;
  classNames: string[];
  foreignKeyName: string | null;
  raw: Record<string, unknown>;
}

export interface RecordTypeMetadata {
  className: string;
  /** e.g. 'admin/api_keys' (no leading slash, no extension). */
  controllerPath: string;
  humanClassName: string;
  fields: FieldMetadata[];
  associations: AssociationMetadata[];
  raw: Record<string, unknown>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const flag = (value: unknown, fallback: boolean): boolean => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return /^(true|t|on|1|yes|y)$/i.test(value.trim());
  if (typeof value === 'number') return value !== 0;
  return fallback;
};

/** `fields`/`associations` are documented as arrays of hashes; a hash keyed by name is tolerated too. */
function entries(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.filter(isObject);
  if (isObject(value)) {
    return Object.entries(value)
      .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]))
      .map(([name, hash]) => ({ name, ...hash }));
  }
  return [];
}

function decodeField(raw: Record<string, unknown>): FieldMetadata | null {
  const name = text(raw.name);
  if (!name) return null;
  return {
    name,
    title: text(raw.title),
    datatype: text(raw.datatype),
    required: flag(raw.required, false),
    isCreateable: flag(raw.is_createable, true),
    isUpdateable: flag(raw.is_updateable, true),
    isNullable: flag(raw.is_nullable, true),
    raw,
  };
}

function decodeAssociation(raw: Record<string, unknown>): AssociationMetadata | null {
  const name = text(raw.name);
  if (!name) return null;
  const classNames = Array.isArray(raw.class_names) ? raw.class_names.map(text).filter(Boolean) : text(raw.class_name) ? [text(raw.class_name)] : [];
  const foreignKey = text(raw.foreign_key_name);
  return { name, title: text(raw.title), datatype: text(raw.datatype), classNames, foreignKeyName: foreignKey || null, raw };
}

function decodeType(raw: Record<string, unknown>): RecordTypeMetadata | null {
  const className = text(raw.class_name);
  if (!className) return null;
  return {
    className,
    controllerPath: text(raw.controller_path).replace(/^\/+/, '').replace(/\.api$/, ''),
    humanClassName: text(raw.human_class_name),
    fields: entries(raw.fields).map(decodeField).filter((f): f is FieldMetadata => f !== null),
    associations: entries(raw.associations).map(decodeAssociation).filter((a): a is AssociationMetadata => a !== null),
    raw,
  };
}

/** Accepts the documented array of hashes, bare or wrapped in the usual `{success, data}` envelope. */
export function decodeMetadata(body: unknown, request?: RequestDescription): RecordTypeMetadata[] {
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.data) ? body.data : null;
  if (list === null) throw new ProtocolError(msg('engineClientMetadataShape'), 200, request);
  return list.filter(isObject).map(decodeType).filter((t): t is RecordTypeMetadata => t !== null);
}
