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
 * `.default(…)` or `.serverDefault(…)`, or '' for none. A literal is written in the
 * column's TypeScript type where the database reported it otherwise (SQLite keeps a
 * boolean default as 0/1: written `true`/`false`, which it stores the same); a literal
 * the type cannot hold is kept as it is, cast, so the operation stays exact.
 */
export function defaultSource(type: ColumnType, d: DefaultValue | null): string {
  if (d === null) return '';
  if (d.kind === 'expression') return `.serverDefault(${tsString(d.sql)})`;
  let value = d.value;
  if (type.kind === 'boolean' && typeof value !== 'boolean') {
    const canonical = canonicalDefault(d, type);
    if (canonical?.kind === 'literal' && typeof canonical.value === 'boolean') value = canonical.value;
  }
  return `.default(${tsValue(value)}${fitsType(type, value) ? '' : ' as never'})`;
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
