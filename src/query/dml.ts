/**
 * Statement text for sessions: multi-row INSERT templates, SELECTs with result aliases,
 * and UPDATE/DELETE by primary key. Templates depend only on shape (table, columns, row
 * count), so callers cache them and bind fresh parameters each time. Dialect-neutral:
 * quoting, placeholders and LIMIT come from the dialect.
 */
import type { Dialect } from '../dialects/dialect.js';
import { UsageError } from '../errors.js';
import type { Expr, OrderBy } from './ast.js';
import { isExpr } from './ast.js';
import type { CompiledQuery } from './compile.js';
import { ParamSink, compileExpr } from './compile.js';

/** A column read under an alias, so driver row keys are plain identifiers whatever the column is called. */
export interface AliasedColumn {
  readonly name: string;
  readonly alias: string;
}

const selectList = (d: Dialect, columns: readonly AliasedColumn[]): string =>
  columns.map((c) => `${d.quoteIdentifier(c.name)} AS ${d.quoteIdentifier(c.alias)}`).join(', ');

/** `INSERT INTO t (a, b) VALUES (?, ?), (?, ?) [RETURNING …]` for `rows` rows. */
export function insertSql(d: Dialect, table: string, columns: readonly string[], rows: number, returning: readonly AliasedColumn[] = []): string {
  const tail = returning.length > 0 ? ` RETURNING ${selectList(d, returning)}` : '';
  if (columns.length === 0) return `INSERT INTO ${d.quoteIdentifier(table)} ${d.defaultValuesClause}${tail}`;
  let n = 0;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map(() => d.placeholder(++n)).join(', ')})`);
  return `INSERT INTO ${d.quoteIdentifier(table)} (${columns.map(d.quoteIdentifier).join(', ')}) VALUES ${tuples.join(', ')}${tail}`;
}

/** `UPDATE t SET a = ?, b = ? WHERE k = ?`: parameters are the new values, then the key. */
export function updateByKeySql(d: Dialect, table: string, set: readonly string[], key: readonly string[]): string {
  let n = 0;
  const assignments = set.map((c) => `${d.quoteIdentifier(c)} = ${d.placeholder(++n)}`).join(', ');
  const where = key.map((c) => `${d.quoteIdentifier(c)} = ${d.placeholder(++n)}`).join(' AND ');
  return `UPDATE ${d.quoteIdentifier(table)} SET ${assignments} WHERE ${where}`;
}

/** `DELETE FROM t WHERE k IN (?, …)` (or OR-ed tuples for composite keys) for `count` keys. */
export function deleteByKeysSql(d: Dialect, table: string, key: readonly string[], count: number): string {
  return `DELETE FROM ${d.quoteIdentifier(table)} WHERE ${keysMatch(d, key, count, 0)}`;
}

/** `SELECT … FROM t WHERE k IN (…)` for `count` keys. */
export function selectByKeysSql(d: Dialect, table: string, columns: readonly AliasedColumn[], key: readonly string[], count: number): string {
  return `SELECT ${selectList(d, columns)} FROM ${d.quoteIdentifier(table)} WHERE ${keysMatch(d, key, count, 0)}`;
}

function keysMatch(d: Dialect, key: readonly string[], count: number, start: number): string {
  let n = start;
  if (key.length === 1) {
    const list: string[] = [];
    for (let i = 0; i < count; i++) list.push(d.placeholder(++n));
    return `${d.quoteIdentifier(key[0]!)} ${count === 1 ? `= ${list[0]}` : `IN (${list.join(', ')})`}`;
  }
  const tuples: string[] = [];
  for (let i = 0; i < count; i++) tuples.push(`(${key.map((c) => `${d.quoteIdentifier(c)} = ${d.placeholder(++n)}`).join(' AND ')})`);
  return tuples.length === 1 ? tuples[0]! : `(${tuples.join(' OR ')})`;
}

/** A SELECT of aliased columns with optional clauses. */
export interface AliasedSelect {
  readonly table: string;
  readonly columns: readonly AliasedColumn[];
  readonly where?: Expr | null;
  readonly orderBy?: readonly OrderBy[];
  readonly limit?: number | null;
  readonly offset?: number | null;
}

/** A SELECT of aliased columns with the usual clauses. */
export function compileAliasedSelect(d: Dialect, spec: AliasedSelect): CompiledQuery {
  const sink = new ParamSink(d);
  let sql = `SELECT ${selectList(d, spec.columns)} FROM ${d.quoteIdentifier(spec.table)}`;
  sql += where(spec.where, sink);
  if (spec.orderBy && spec.orderBy.length > 0) {
    sql += ` ORDER BY ${spec.orderBy.map((o) => `${compileExpr(o.expr, sink)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ')}`;
  }
  sql += limitOffset(d, spec.limit, spec.offset);
  return { sql, params: sink.params };
}

/** COUNT(*), over a limited subquery when a limit or offset is given. */
export function compileCountQuery(d: Dialect, table: string, whereExpr: Expr | null, limit: number | null, offset: number | null): CompiledQuery {
  const sink = new ParamSink(d);
  const count = d.quoteIdentifier('count');
  const from = d.quoteIdentifier(table);
  if (limit === null && offset === null) return { sql: `SELECT COUNT(*) AS ${count} FROM ${from}${where(whereExpr, sink)}`, params: sink.params };
  const inner = `SELECT 1 AS ${d.quoteIdentifier('one')} FROM ${from}${where(whereExpr, sink)}${limitOffset(d, limit, offset)}`;
  return { sql: `SELECT COUNT(*) AS ${count} FROM (${inner}) ${d.quoteIdentifier('counted')}`, params: sink.params };
}

/** `SELECT 1 … LIMIT 1`: one row when any row matches. */
export function compileExistsQuery(d: Dialect, table: string, whereExpr: Expr | null, offset: number | null): CompiledQuery {
  const sink = new ParamSink(d);
  const sql = `SELECT 1 AS ${d.quoteIdentifier('one')} FROM ${d.quoteIdentifier(table)}${where(whereExpr, sink)}${limitOffset(d, 1, offset)}`;
  return { sql, params: sink.params };
}

/** UPDATE … SET … WHERE …, optionally returning aliased columns of the updated rows. */
export function compileBulkUpdate(d: Dialect, table: string, set: ReadonlyMap<string, unknown>, whereExpr: Expr | null, returning: readonly AliasedColumn[]): CompiledQuery {
  if (set.size === 0) throw new UsageError('update() needs at least one column to set');
  const sink = new ParamSink(d);
  const assignments = [...set].map(([col, v]) => `${d.quoteIdentifier(col)} = ${isExpr(v) ? compileExpr(v, sink) : sink.add(v)}`).join(', ');
  const tail = returning.length > 0 ? ` RETURNING ${selectList(d, returning)}` : '';
  return { sql: `UPDATE ${d.quoteIdentifier(table)} SET ${assignments}${where(whereExpr, sink)}${tail}`, params: sink.params };
}

/** DELETE … WHERE …, optionally returning aliased columns of the deleted rows. */
export function compileBulkDelete(d: Dialect, table: string, whereExpr: Expr | null, returning: readonly AliasedColumn[]): CompiledQuery {
  const sink = new ParamSink(d);
  const tail = returning.length > 0 ? ` RETURNING ${selectList(d, returning)}` : '';
  return { sql: `DELETE FROM ${d.quoteIdentifier(table)}${where(whereExpr, sink)}${tail}`, params: sink.params };
}

function where(expr: Expr | null | undefined, sink: ParamSink): string {
  if (!expr) return '';
  if (!isExpr(expr)) throw new UsageError('where() expects a query expression such as User.c.age.gt(20)');
  return ` WHERE ${compileExpr(expr, sink)}`;
}

function limitOffset(d: Dialect, limit: number | null | undefined, offset: number | null | undefined): string {
  const clause = d.limitClause(count(limit, 'limit'), count(offset, 'offset'));
  return clause ? ` ${clause}` : '';
}

function count(n: number | null | undefined, what: string): number | null {
  if (n === null || n === undefined) return null;
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${what} must be a non-negative integer, got ${String(n)}`);
  return n;
}
