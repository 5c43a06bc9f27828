/**
 * Normalization steps every dialect shares. A dialect's `normalize` composes these with
 * its own rules; the aim is that a model and the database it created become deep-equal.
 */
import { createHash } from 'node:crypto';
import type { Column, ColumnType, DefaultValue, IndexKey, LiteralValue, Schema, Table } from '../../schema/ir.js';
import { makeSchema } from '../../schema/ir.js';
import { memoizeText } from './memo.js';
import { canonicalExpression, stripOuterParens, tokenize } from './tokens.js';

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Sorts a table's named parts, so that order of declaration never makes a difference. */
export function sortTableParts(t: Table): Table {
  return {
    ...t,
    indexes: sortedByName(t.indexes),
    uniques: sortedByName(t.uniques),
    checks: sortedByName(t.checks),
    foreignKeys: sortedByName(t.foreignKeys),
  };
}

/** The parts sorted by name: the same array when they already are (the common case). */
function sortedByName<T extends { name: string }>(parts: readonly T[]): readonly T[] {
  for (let i = 1; i < parts.length; i++) if (byName(parts[i - 1]!, parts[i]!) > 0) return [...parts].sort(byName);
  return parts;
}

/** Applies `fn` to every table and rebuilds a sorted, frozen schema. */
export function mapTables(schema: Schema, fn: (t: Table) => Table): Schema {
  return makeSchema(schema.tables.map((t) => sortTableParts(fn(t))));
}

/**
 * Reads a SQL literal (`18`, `-1.5`, `'it''s'`, `TRUE`, `NULL`) into a value; returns
 * `undefined` for anything that is an expression rather than a literal.
 */
export const parseSqlLiteral: (sql: string) => LiteralValue | undefined = memoizeText((sql) => readSqlLiteral(sql));

function readSqlLiteral(sql: string): LiteralValue | undefined {
  const s = stripOuterParens(sql);
  let tokens;
  try {
    tokens = tokenize(s);
  } catch {
    return undefined;
  }
  if (tokens.length === 2 && tokens[0]!.kind === 'punct' && (tokens[0]!.value === '-' || tokens[0]!.value === '+') && tokens[1]!.kind === 'number') {
    const n = Number(tokens[1]!.value);
    return Number.isFinite(n) ? (tokens[0]!.value === '-' ? -n : n) : undefined;
  }
  if (tokens.length !== 1) return undefined;
  const t = tokens[0]!;
  if (t.kind === 'number') {
    const n = Number(t.value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (t.kind === 'string') return t.value;
  if (t.kind === 'word') {
    const w = t.value.toUpperCase();
    if (w === 'NULL') return null;
    if (w === 'TRUE') return true;
    if (w === 'FALSE') return false;
  }
  return undefined;
}

/**
 * Canonical form of a default for comparison: literals coerced to the column's kind
 * (0/1 on a boolean column become false/true, JSON text on a json column is parsed),
 * expressions that are really literals become literals, `NULL` becomes no default,
 * remaining expressions get a canonical spelling.
 */
export function canonicalDefault(def: DefaultValue | null, type: ColumnType): DefaultValue | null {
  if (def === null) return null;
  const value = def.kind === 'literal' ? def.value : parseSqlLiteral(def.sql);
  if (value === undefined) {
    const sql = canonicalExpression(def.kind === 'expression' ? def.sql : '');
    return def.kind === 'expression' && def.sql === sql ? def : { kind: 'expression', sql };
  }
  if (value === null) return null;
  const coerced = coerceLiteral(value, type);
  // Already canonical: the same object, so an unchanged column need not be copied.
  return def.kind === 'literal' && def.value === coerced ? def : { kind: 'literal', value: coerced };
}

function coerceLiteral(value: LiteralValue, type: ColumnType): LiteralValue {
  switch (type.kind) {
    case 'boolean':
      if (value === 1 || value === '1' || value === 't' || value === 'true' || value === 'TRUE') return true;
      if (value === 0 || value === '0' || value === 'f' || value === 'false' || value === 'FALSE') return false;
      return value;
    case 'integer':
    case 'bigint':
    case 'real':
    case 'numeric':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      return value;
    case 'json':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value) as LiteralValue;
        } catch {
          return value;
        }
      }
      return value;
    case 'text':
    case 'varchar':
    case 'uuid':
    case 'enum':
    case 'date':
    case 'timestamp':
      return typeof value === 'number' ? String(value) : value;
    case 'blob':
    case 'custom':
      return value;
  }
}

/** Column normalization common to all dialects. */
export function normalizeColumnCommon(c: Column): Column {
  const def = c.autoIncrement ? null : canonicalDefault(c.default, c.type);
  const comment = c.comment === '' ? null : c.comment;
  if (def === c.default && comment === c.comment) return c;
  return { ...c, default: def, comment };
}

/**
 * Deterministic shortening for identifiers past a dialect's limit: keeps a readable
 * prefix and appends 8 hex digits of a hash of the full name.
 */
export function shortenIdentifier(name: string, maxBytes: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short names need no counting.
  if (maxBytes <= 0 || name.length * 3 <= maxBytes || Buffer.byteLength(name) <= maxBytes) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  let prefix = name;
  while (Buffer.byteLength(prefix) > maxBytes - 9) prefix = prefix.slice(0, -1);
  return `${prefix}_${hash}`;
}

/** A SQL string literal with embedded quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * An index expression key in a dialect's canonical spelling (`canonical`); an expression
 * that is only a column of `t` is that column, as the servers store it. `spell` gives the
 * column name as the dialect keeps it. The order is the caller's (see `mapKeyExpressions`).
 */
export function expressionKeyOf(sql: string, t: Table, canonical: (sql: string) => string, spell: (name: string) => string = (n) => n): IndexKey {
  const text = canonical(sql);
  const column = t.columns.find((c) => c.name === text || c.name.toLowerCase() === text);
  return column ? { kind: 'column', column: spell(column.name), order: 'asc' } : { kind: 'expression', sql: text, order: 'asc' };
}
