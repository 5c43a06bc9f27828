import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import type { Expr, OrderBy } from '../query/ast.js';
import { describeValue } from '../query/ast.js';
import { compileCount, compileSelect } from '../query/compile.js';
import type { Table } from '../schema/ir.js';
import { compileWhereFor } from './bind-where.js';
import { findColumnOrThrow, liveTable } from './live-table.js';

/** Options of `selectRows`, as the `orm select` flags give them. */
export interface SelectOptions {
  /** A `--where` expression; all rows when omitted. */
  readonly where?: string | null;
  /** Column names; all columns, in table order, when omitted or empty. */
  readonly columns?: readonly string[];
  /** `col` or `col:desc` / `col:asc` items, applied in order. */
  readonly order?: readonly string[];
  readonly limit?: number | null;
  readonly offset?: number | null;
}

/** What `selectRows` read. */
export interface SelectResult {
  readonly table: string;
  /** The columns of each row, in order. */
  readonly columns: readonly string[];
  /** Rows decoded to JS values by the dialect (timestamps → Date, json → parsed, …). */
  readonly rows: Record<string, unknown>[];
  /** The json columns among `columns`: their values are JSON, a string included, when written as text (CSV). */
  readonly jsonColumns: readonly string[];
}

/** Reads rows of a live table (no model files needed). */
export async function selectRows(engine: Engine, tableName: string, options: SelectOptions = {}): Promise<SelectResult> {
  const table = await liveTable(engine, tableName);
  const columns = options.columns && options.columns.length > 0 ? options.columns.map((c) => findColumnOrThrow(table, c, '--columns: ')) : table.columns;
  const orderBy = (options.order ?? []).map((item) => parseOrder(table, item));
  const query = compileSelect(engine.dialect, {
    table: table.name,
    columns: columns.map((c) => c.name),
    where: whereFor(engine, table, options.where),
    orderBy,
    limit: checkCount(options.limit, '--limit'),
    offset: checkCount(options.offset, '--offset'),
    positionalNames: true,
  });
  // Rows as arrays, result columns named by position: a column named like an object's own
  // machinery (`__proto__`) is then just a position, for the driver (mysql2 refuses such a
  // field name) and for us.
  const conn = await engine.connect();
  let arrays: unknown[][];
  try {
    arrays = await conn.queryArrays(query.sql, query.params);
  } finally {
    conn.release();
  }
  const { dialect } = engine;
  const rows = arrays.map((raw) => Object.fromEntries(columns.map((c, i) => [c.name, dialect.decodeValue(raw[i], c.type)])) as Record<string, unknown>);
  return { table: table.name, columns: columns.map((c) => c.name), rows, jsonColumns: columns.filter((c) => c.type.kind === 'json').map((c) => c.name) };
}

/** What `countRows` counted. */
export interface CountResult {
  readonly table: string;
  readonly count: number;
}

/** Counts rows of a live table, all or those matching a `--where` expression. */
export async function countRows(engine: Engine, tableName: string, options: { readonly where?: string | null } = {}): Promise<CountResult> {
  const table = await liveTable(engine, tableName);
  const query = compileCount(engine.dialect, table.name, whereFor(engine, table, options.where));
  const result = await engine.execute(query.sql, query.params);
  const value = result.rows[0]?.count;
  // Servers return COUNT(*) as bigint or numeric text.
  return { table: table.name, count: Number(value ?? 0) };
}

/** The bound WHERE expression, or null for none. */
export function whereFor(engine: Pick<Engine, 'dialect'>, table: Table, where: string | null | undefined): Expr | null {
  if (where === undefined || where === null) return null;
  // Only text is parsed: an object here (the knex CVE-2016-20018 shape) is refused, not read.
  if (typeof where !== 'string') throw new UsageError(`where must be a --where expression string, got ${describeValue(where)}`);
  return compileWhereFor(where, table, engine.dialect);
}

function parseOrder(table: Table, item: string): OrderBy {
  const m = /^(.*?)(?::(asc|desc))?$/i.exec(item.trim());
  const name = m?.[1] ?? '';
  if (name === '') throw new UsageError(`--order '${item}': expected column or column:desc`);
  // `age:up`: a column with a direction that is neither asc nor desc (unless a column has that name).
  const direction = /^(.+):([^:]*)$/.exec(name);
  if (direction && !table.columns.some((c) => c.name === name) && table.columns.some((c) => c.name === direction[1])) {
    throw new UsageError(`--order '${item}': '${direction[2]}' is not a direction; use ${direction[1]}:asc or ${direction[1]}:desc`);
  }
  const column = findColumnOrThrow(table, name, '--order: ');
  return Object.freeze({
    // Qualified: a bare name could mean one of the result columns (c1, c2, …) instead.
    expr: Object.freeze({ kind: 'column', table: table.name, column: column.name }),
    direction: m?.[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc',
  });
}

function checkCount(n: number | null | undefined, flag: string): number | null {
  if (n === null || n === undefined) return null;
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} must be a non-negative integer, got ${String(n)}`);
  return n;
}
