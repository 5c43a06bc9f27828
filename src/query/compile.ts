/**
 * Compiles the expression AST and simple statements to SQL text plus bound parameters.
 * Identifiers are quoted by the dialect; every value is a parameter. Shared by typed
 * queries, sessions, the CRUD commands and seeding.
 */
import type { Dialect } from '../dialects/dialect.js';
import { UsageError } from '../errors.js';
import type { Expr, OrderBy } from './ast.js';
import { isExpr } from './ast.js';

export interface CompiledQuery {
  readonly sql: string;
  readonly params: unknown[];
}

/** Accumulates parameters while compiling; placeholders are numbered by the dialect. */
export class ParamSink {
  readonly params: unknown[] = [];
  constructor(readonly dialect: Dialect) {}
  add(value: unknown): string {
    this.params.push(value);
    return this.dialect.placeholder(this.params.length);
  }
}

export function compileExpr(expr: Expr, sink: ParamSink): string {
  const d = sink.dialect;
  switch (expr.kind) {
    case 'column':
      return expr.table ? `${d.quoteIdentifier(expr.table)}.${d.quoteIdentifier(expr.column)}` : d.quoteIdentifier(expr.column);
    case 'param':
      return sink.add(expr.value);
    case 'compare': {
      const left = compileExpr(expr.left, sink);
      const right = compileExpr(expr.right, sink);
      if (expr.op === 'ilike') return d.ilike(left, right);
      if (expr.op === 'like') return d.like(left, right);
      return `${left} ${expr.op} ${right}`;
    }
    case 'in': {
      // An empty list matches nothing (IN) or everything (NOT IN); SQL has no empty list.
      if (expr.values.length === 0) return expr.negated ? '1 = 1' : '1 = 0';
      const left = compileExpr(expr.left, sink);
      return `${left} ${expr.negated ? 'NOT IN' : 'IN'} (${expr.values.map((v) => compileExpr(v, sink)).join(', ')})`;
    }
    case 'isNull':
      return `${compileExpr(expr.operand, sink)} IS ${expr.negated ? 'NOT NULL' : 'NULL'}`;
    case 'between':
      return `${compileExpr(expr.operand, sink)} BETWEEN ${compileExpr(expr.low, sink)} AND ${compileExpr(expr.high, sink)}`;
    case 'and':
    case 'or':
      if (expr.items.length === 0) return expr.kind === 'and' ? '1 = 1' : '1 = 0';
      if (expr.items.length === 1) return compileExpr(expr.items[0]!, sink);
      return `(${expr.items.map((e) => compileExpr(e, sink)).join(expr.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `NOT (${compileExpr(expr.operand, sink)})`;
  }
}

export interface SelectSpec {
  readonly table: string;
  /** Column names; all columns when omitted. */
  readonly columns?: readonly string[];
  readonly where?: Expr | null;
  readonly orderBy?: readonly OrderBy[];
  readonly limit?: number | null;
  readonly offset?: number | null;
}

export function compileSelect(dialect: Dialect, spec: SelectSpec): CompiledQuery {
  const sink = new ParamSink(dialect);
  const q = dialect.quoteIdentifier;
  const cols = spec.columns && spec.columns.length > 0 ? spec.columns.map(q).join(', ') : '*';
  let sql = `SELECT ${cols} FROM ${q(spec.table)}`;
  sql += whereClause(spec.where, sink);
  if (spec.orderBy && spec.orderBy.length > 0) {
    sql += ` ORDER BY ${spec.orderBy.map((o) => `${compileExpr(o.expr, sink)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ')}`;
  }
  const limit = dialect.limitClause(checkCount(spec.limit, 'limit'), checkCount(spec.offset, 'offset'));
  if (limit) sql += ` ${limit}`;
  return { sql, params: sink.params };
}

export function compileCount(dialect: Dialect, table: string, where?: Expr | null): CompiledQuery {
  const sink = new ParamSink(dialect);
  const sql = `SELECT COUNT(*) AS ${dialect.quoteIdentifier('count')} FROM ${dialect.quoteIdentifier(table)}${whereClause(where, sink)}`;
  return { sql, params: sink.params };
}

/** A multi-row INSERT. Callers batch rows so `rows × columns` stays under `maxParameters`. */
export function compileInsert(dialect: Dialect, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], returning?: readonly string[]): CompiledQuery {
  if (columns.length === 0) {
    // A row of defaults only.
    return { sql: `INSERT INTO ${dialect.quoteIdentifier(table)} ${dialect.defaultValuesClause}${returningClause(dialect, returning)}`, params: [] };
  }
  const sink = new ParamSink(dialect);
  const q = dialect.quoteIdentifier;
  const values = rows.map((row) => `(${row.map((v) => sink.add(v)).join(', ')})`).join(', ');
  return { sql: `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${values}${returningClause(dialect, returning)}`, params: sink.params };
}

function returningClause(dialect: Dialect, returning: readonly string[] | undefined): string {
  if (!returning || returning.length === 0) return '';
  if (!dialect.capabilities.returning) throw new UsageError('this database has no INSERT … RETURNING');
  return ` RETURNING ${returning.map(dialect.quoteIdentifier).join(', ')}`;
}

/** UPDATE with values (bound) or expressions for the new values. */
export function compileUpdate(dialect: Dialect, table: string, set: Readonly<Record<string, unknown>>, where?: Expr | null): CompiledQuery {
  const entries = Object.entries(set);
  if (entries.length === 0) throw new UsageError('an update needs at least one column to set');
  const sink = new ParamSink(dialect);
  const q = dialect.quoteIdentifier;
  const assignments = entries.map(([col, v]) => `${q(col)} = ${isExpr(v) ? compileExpr(v, sink) : sink.add(v)}`).join(', ');
  return { sql: `UPDATE ${q(table)} SET ${assignments}${whereClause(where, sink)}`, params: sink.params };
}

export function compileDelete(dialect: Dialect, table: string, where?: Expr | null): CompiledQuery {
  const sink = new ParamSink(dialect);
  return { sql: `DELETE FROM ${dialect.quoteIdentifier(table)}${whereClause(where, sink)}`, params: sink.params };
}

function whereClause(where: Expr | null | undefined, sink: ParamSink): string {
  if (!where) return '';
  if (!isExpr(where)) throw new UsageError('where() expects a query expression such as User.c.age.gt(20)');
  return ` WHERE ${compileExpr(where, sink)}`;
}

function checkCount(n: number | null | undefined, what: string): number | null {
  if (n === null || n === undefined) return null;
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${what} must be a non-negative integer, got ${String(n)}`);
  return n;
}
