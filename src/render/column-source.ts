/**
 * A column as model DSL source: `varchar(255).notNull().default('x')`. Shared by
 * migration files (op.addColumn, op.createTable) and pulled models.
 */
import type { Column, ColumnType, DefaultValue, LiteralValue } from '../schema/ir.js';
import { canonicalDefault } from '../dialects/shared/normalize.js';
import type { Imports } from './ts-source.js';
import { tsNumber, tsString, tsValue } from './ts-source.js';

/** The builder call for a type: `integer()`, `numeric(10, 2)`, `enumType('mood', ['a'])`. */
export function typeSource(type: ColumnType, imports: Imports): string {
  const call = (name: string, args = '') => `${imports.value(name)}(${args})`;
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'real':
    case 'text':
    case 'boolean':
    case 'date':
    case 'json':
    case 'blob':
    case 'uuid':
      return call(type.kind);
    case 'numeric':
      if (type.precision === null) return call('numeric');
      return call('numeric', type.scale ? `${tsNumber(type.precision)}, ${tsNumber(type.scale)}` : tsNumber(type.precision));
    case 'varchar':
      return call('varchar', type.length === null ? '' : tsNumber(type.length));
    case 'timestamp':
      return call('timestamp', type.withTimezone ? '{ withTimezone: true }' : '');
    case 'enum':
      return call('enumType', `${tsString(type.name)}, [${type.values.map(tsString).join(', ')}]`);
    case 'custom':
      return call('customType', tsString(type.sql));
  }
}

/**
 * `.default(…)` or `.serverDefault(…)`, or '' for none; see `renderedDefault` for what
 * the written default records.
 */
export function defaultSource(type: ColumnType, d: DefaultValue | null): string {
  const written = renderedDefault(type, d);
  if (written === null) return '';
  if (written.kind === 'expression') return `.serverDefault(${tsString(written.sql)})`;
  return `.default(${tsValue(written.value)}${fitsType(type, written.value) ? '' : ' as never'})`;
}

/**
 * The default a generated file writes, as the model DSL will read it back. The value
 * as it is, when `.default()` takes it; otherwise the same default in the column's type
 * as normalization reads it (SQLite reports a boolean default as 0/1: written `true`);
 * otherwise the value with a cast, when the model DSL accepts it; otherwise the same
 * literal in SQL, as a server default. Every step compares equal after normalization.
 */
export function renderedDefault(type: ColumnType, d: DefaultValue | null): DefaultValue | null {
  if (d === null || d.kind === 'expression' || fitsType(type, d.value)) return d;
  const canonical = canonicalDefault(d, type);
  if (canonical?.kind === 'literal' && fitsType(type, canonical.value)) return canonical;
  if (acceptedByModel(type, d.value)) return d;
  return { kind: 'expression', sql: sqlLiteral(d.value) };
}

/** Whether `.default(value)` type-checks on a column of this type. */
function fitsType(type: ColumnType, value: LiteralValue): boolean {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'real':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && type.values.includes(value);
    case 'numeric':
    case 'text':
    case 'varchar':
    case 'uuid':
    case 'date':
    case 'timestamp':
      return typeof value === 'string';
    case 'json':
    case 'custom':
      return true;
    case 'blob':
      return false;
  }
}

/** The literals `toSchema` accepts as a default of this type (its own checkLiteral rules). */
function acceptedByModel(type: ColumnType, value: LiteralValue): boolean {
  if (value === null) return true;
  switch (type.kind) {
    case 'json':
    case 'custom':
      return true;
    case 'integer':
    case 'bigint':
      return typeof value === 'number' && Number.isInteger(value);
    case 'real':
    case 'numeric':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
    case 'boolean':
      return typeof value === 'boolean';
    case 'text':
    case 'varchar':
    case 'uuid':
    case 'enum':
    case 'date':
    case 'timestamp':
      return typeof value === 'string';
    case 'blob':
      return false;
  }
}

/** A literal as plain SQL (strings quoted, JSON values as JSON text). */
function sqlLiteral(value: LiteralValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A column definition for op.addColumn / op.alterColumn: type, NOT NULL, default,
 * comment. `.primaryKey()` is how the DSL says auto-increment: in op.addColumn it makes
 * the column numbered like a key, the primary key itself being its own operation.
 */
export function columnDefinitionSource(c: Column, imports: Imports, options: { autoIncrement: boolean }): string {
  let s = typeSource(c.type, imports);
  if (options.autoIncrement && c.autoIncrement) s += '.primaryKey()';
  else if (!c.nullable) s += '.notNull()';
  s += defaultSource(c.type, c.default);
  if (c.comment !== null) s += `.comment(${tsString(c.comment)})`;
  return s;
}
