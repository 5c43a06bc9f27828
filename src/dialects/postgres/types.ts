import type { ColumnType } from '../../schema/ir.js';
import { quotePg } from './identifiers.js';

/**
 * The column type as written in DDL. `real` is double precision (the portable real is
 * a JS number, which float4 cannot hold exactly), json is jsonb, enums name their type.
 */
export function postgresColumnType(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
      return 'integer';
    case 'bigint':
      return 'bigint';
    case 'real':
      return 'double precision';
    case 'numeric':
      return type.precision === null ? 'numeric' : `numeric(${type.precision},${type.scale ?? 0})`;
    case 'text':
      return 'text';
    case 'varchar':
      return type.length === null ? 'character varying' : `character varying(${type.length})`;
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      return type.withTimezone ? 'timestamp with time zone' : 'timestamp without time zone';
    case 'json':
      return 'jsonb';
    case 'blob':
      return 'bytea';
    case 'uuid':
      return 'uuid';
    case 'enum':
      return quotePg(type.name);
    case 'custom':
      return type.sql;
  }
}

const SIMPLE = /^([a-z][a-z0-9_ ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\))?(\s+(?:with|without) time zone)?$/;

/**
 * Reads a type name (as `format_type` prints it, or an alias a user wrote in
 * `customType`) into the portable vocabulary. Anything without a portable meaning stays
 * `custom`, spelled the way `format_type` spells it where we know that spelling.
 */
export function parsePostgresType(text: string): ColumnType {
  const raw = text.trim().replace(/\s+/g, ' ');
  // Quoted or schema-qualified names and arrays are taken verbatim.
  if (/[".[]/.test(raw)) return { kind: 'custom', sql: raw };
  const s = raw.toLowerCase();
  const m = SIMPLE.exec(s);
  if (!m) return { kind: 'custom', sql: raw };
  const base = m[1]!;
  const a = m[2] === undefined ? null : Number(m[2]);
  const b = m[3] === undefined ? null : Number(m[3]);
  const zone = m[4]?.trim() ?? null;
  const custom = (sql: string): ColumnType => ({ kind: 'custom', sql });
  if (zone !== null && base !== 'timestamp' && base !== 'time') return custom(s);
  switch (base) {
    case 'integer':
    case 'int':
    case 'int4':
      return a === null ? { kind: 'integer' } : custom(s);
    case 'bigint':
    case 'int8':
      return { kind: 'bigint' };
    case 'smallint':
    case 'int2':
      return custom('smallint');
    case 'double precision':
    case 'float8':
      return { kind: 'real' };
    case 'float':
      // float(p) is float4 up to 24 bits of mantissa: https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT
      return a !== null && a <= 24 ? custom('real') : { kind: 'real' };
    case 'real':
    case 'float4':
      return custom('real');
    case 'numeric':
    case 'decimal':
      return { kind: 'numeric', precision: a, scale: a === null ? null : (b ?? 0) };
    case 'text':
      return { kind: 'text' };
    case 'character varying':
    case 'varchar':
      return { kind: 'varchar', length: a };
    case 'character':
    case 'char':
    case 'bpchar':
      return custom(`character(${a ?? 1})`);
    case 'boolean':
    case 'bool':
      return { kind: 'boolean' };
    case 'date':
      return { kind: 'date' };
    case 'timestamp':
      if (a !== null) return custom(`timestamp(${a}) ${zone ?? 'without time zone'}`);
      return { kind: 'timestamp', withTimezone: zone === 'with time zone' };
    case 'timestamptz':
      return a === null ? { kind: 'timestamp', withTimezone: true } : custom(`timestamp(${a}) with time zone`);
    case 'time':
      return custom(`time${a === null ? '' : `(${a})`} ${zone ?? 'without time zone'}`);
    case 'timetz':
      return custom(`time${a === null ? '' : `(${a})`} with time zone`);
    case 'json':
    case 'jsonb':
      return { kind: 'json' };
    case 'bytea':
      return { kind: 'blob' };
    case 'uuid':
      return { kind: 'uuid' };
    default:
      return custom(s);
  }
}
