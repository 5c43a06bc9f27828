/**
 * How one model property maps to one table column, with everything a session needs per
 * value: validation, the dialect's encoding, and the form kept in snapshots so a flush
 * can tell what changed (json as text, Dates as epoch milliseconds, blobs copied, since
 * those can be mutated in place).
 */
import type { Dialect } from '../dialects/dialect.js';
import type { Column, ColumnType, LiteralValue } from '../schema/ir.js';
import { ValidationError } from '../errors.js';
import type { Validator } from './validate.js';
import { validatorFor } from './validate.js';

/** One column as a session sees it. */
export interface MappedColumn {
  /** Position in the model's column list (and in snapshots). */
  readonly index: number;
  /** Property name on instances. */
  readonly prop: string;
  /** SQL column name. */
  readonly name: string;
  /** Result alias in generated SELECTs (`c0`, `c1`, …): driver row keys stay plain identifiers. */
  readonly alias: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** The database generates the value when none is given. */
  readonly autoIncrement: boolean;
  /** A literal default, applied client-side when an object is added. */
  readonly literalDefault: { readonly value: LiteralValue } | null;
  /** A SQL expression default: the value is read back after INSERT. */
  readonly serverDefault: boolean;
  readonly validate: Validator;
  /** JS value → driver value. */
  readonly encode: (value: unknown) => unknown;
  /** True when the driver binds every valid non-null value as it is (generated code then skips `encode`). */
  readonly encodeAsIs: boolean;
  /** Driver value → JS value. */
  readonly decode: (value: unknown) => unknown;
  /** JS value → snapshot form, when that is not the value itself. */
  readonly snap: ((value: unknown) => unknown) | null;
  /** Compares a current value with its snapshot form, when `!==` is not enough. */
  readonly same: ((value: unknown, snapshot: unknown) => boolean) | null;
  /** Snapshot form → JS value (to restore values on rollback). */
  readonly unsnap: ((snapshot: unknown) => unknown) | null;
}

/** Maps one IR column of model `owner` (for messages) on a dialect. */
export function mapColumn(index: number, prop: string, column: Column, primaryKey: boolean, dialect: Dialect, owner: string): MappedColumn {
  const { type } = column;
  const forms = snapshotForms(type);
  const codec = dialect.valueCodec(type);
  const encode =
    type.kind === 'json'
      ? (value: unknown) => {
          try {
            return dialect.encodeValue(value, type);
          } catch (err) {
            // JSON.stringify throws on bigint and cycles; name the field instead.
            throw new ValidationError(`${owner}.${prop}: cannot be stored as JSON (${(err as Error).message})`, { model: owner, field: prop });
          }
        }
      : (value: unknown) => dialect.encodeValue(value, type);
  return Object.freeze({
    index,
    prop,
    name: column.name,
    alias: `c${index}`,
    type,
    nullable: column.nullable,
    primaryKey,
    autoIncrement: column.autoIncrement,
    literalDefault: column.default?.kind === 'literal' ? { value: column.default.value } : null,
    serverDefault: column.default?.kind === 'expression',
    validate: validatorFor(type),
    encode,
    encodeAsIs: codec.encode === null,
    decode: codec.decode,
    ...forms,
  });
}

function snapshotForms(type: ColumnType): Pick<MappedColumn, 'snap' | 'same' | 'unsnap'> {
  switch (type.kind) {
    case 'json': {
      const snap = (v: unknown) => (v === null || v === undefined ? v : jsonOrToken(v));
      return { snap, same: (v, s) => snap(v) === s, unsnap: (s) => (typeof s === 'string' ? JSON.parse(s) : s) };
    }
    case 'timestamp': {
      const snap = (v: unknown) => (v instanceof Date ? v.getTime() : v);
      return { snap, same: (v, s) => snap(v) === s, unsnap: (s) => (typeof s === 'number' ? new Date(s) : s) };
    }
    case 'blob':
      return {
        snap: (v) => (v instanceof Uint8Array ? Buffer.from(v) : v),
        same: (v, s) => (v instanceof Uint8Array && s instanceof Uint8Array ? Buffer.compare(v, s) === 0 : v === s),
        unsnap: (s) => (s instanceof Uint8Array ? Buffer.from(s) : s),
      };
    default:
      return { snap: null, same: null, unsnap: null };
  }
}

/** JSON text, or a token that equals nothing when the value cannot be serialized (validation reports it). */
function jsonOrToken(v: unknown): unknown {
  try {
    return JSON.stringify(v);
  } catch {
    return Symbol('unserializable');
  }
}

/** The value a literal default gives an object, in the column's JS form. */
export function defaultValue(column: MappedColumn): unknown {
  const lit = column.literalDefault!.value;
  if (lit === null) return null;
  // Objects are copied so instances never share (and mutate) one default.
  if (column.type.kind === 'json') return typeof lit === 'object' ? structuredClone(lit) : lit;
  return column.decode(lit);
}
