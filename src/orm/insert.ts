/**
 * Batched INSERTs for the unit of work (and, without the read-back, for
 * `session.insertMany()`: insert-many.ts). Consecutive objects providing the same columns
 * share multi-row INSERT statements (at most 500 rows — SQLite's cap on compound terms —
 * and within the dialect's parameter limit). Generated keys and server defaults are read
 * back, by the cheapest way the dialect guarantees:
 *
 * - a consecutive key range from `lastInsertId` (`capabilities.insertIdRange`, unless the
 *   connection's server withdraws it), when only the auto-increment key is needed;
 * - `RETURNING` (rows matched by their key: generated keys are assigned in VALUES order,
 *   so sorting by them restores it; otherwise by the key the program gave);
 * - otherwise row-by-row INSERTs for keys, then one SELECT by key for server defaults.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { EngineConnection } from '../engine/engine.js';
import { DatabaseError, ValidationError } from '../errors.js';
import { insertSql, selectByKeysSql } from '../query/dml.js';
import type { MappedColumn } from './columns.js';
import type { InstanceState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { describe } from './validate.js';

/** SQLite refuses compound statements of more than 500 terms; no dialect gains from bigger batches. */
export const MAX_ROWS_PER_INSERT = 500;

/** Inserts `states` (all of one mapper, in order) and writes generated values onto their objects. */
export async function insertStates(conn: EngineConnection, mapper: Mapper, states: readonly InstanceState[]): Promise<void> {
  const generated = new Array<readonly string[] | null>(states.length).fill(null);
  try {
    await insertObjects(
      conn,
      mapper,
      states.map((s) => s.obj),
      generated,
    );
  } finally {
    for (let i = 0; i < states.length; i++) states[i]!.generated = generated[i]!;
  }
}

/**
 * Inserts `objs` (all of one mapper, in order) and writes generated values onto them.
 * `generated[i]` receives the properties the database fills in for `objs[i]`, before
 * its INSERT runs, so a failed flush can clear what earlier statements wrote.
 */
export async function insertObjects(conn: EngineConnection, mapper: Mapper, objs: readonly Record<string, unknown>[], generated: (readonly string[] | null)[]): Promise<void> {
  const { providedMask } = mapper;
  await eachRun(objs.length, (i) => providedMask(objs[i]!), (start, end, mask) => insertRun(conn, mapper, objs, generated, start, end, mask));
}

/** Calls `run` for each stretch of consecutive rows (of `count`) with the same provided-mask (see `Mapper.providedMask`), in order. */
export async function eachRun(count: number, maskAt: (i: number) => number | string, run: (start: number, end: number, mask: number | string) => Promise<void>): Promise<void> {
  let start = 0;
  while (start < count) {
    const mask = maskAt(start);
    let end = start + 1;
    while (end < count && maskAt(end) === mask) end++;
    await run(start, end, mask);
    start = end;
  }
}

/** A NOT NULL column that rows providing only `provided` leave empty with nothing to fill it (literal defaults count when `literalDefaults`), or undefined. */
export function missingRequired(mapper: Mapper, provided: readonly MappedColumn[], literalDefaults: boolean): MappedColumn | undefined {
  return mapper.columns.find((c) => !c.nullable && !c.autoIncrement && !c.serverDefault && !(literalDefaults && c.literalDefault) && !provided.includes(c));
}

/** Rows per multi-row INSERT of `width` columns: at most MAX_ROWS_PER_INSERT, and within the dialect's parameter limit. */
export function rowsPerInsert(dialect: Dialect, width: number): number {
  return width === 0 ? 1 : Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(dialect.capabilities.maxParameters / width)));
}

/**
 * Fills, validates and runs the multi-row INSERTs of `objs[start..end)` (all providing the
 * columns of `mask`), `perBatch` rows each: parameters from the mapper's generated filler,
 * SQL from its cache. `exec(sql, params, from, to)` runs one statement.
 */
export async function insertBatches(
  mapper: Mapper,
  objs: readonly object[],
  start: number,
  end: number,
  mask: number | string,
  perBatch: number,
  returning: readonly MappedColumn[],
  onFail: (index: number, column: MappedColumn, value: unknown) => never,
  exec: (sql: string, params: unknown[], from: number, to: number) => Promise<void>,
): Promise<void> {
  const { dialect } = mapper;
  const provided = mapper.providedColumns(mask);
  const fill = mapper.fillFor(mask, provided);
  const names = provided.map((c) => c.name);
  const tag = returning.length > 0 ? 'r' : '';
  for (let from = start; from < end; from += perBatch) {
    const to = Math.min(end, from + perBatch);
    const n = to - from;
    const params = new Array<unknown>(n * provided.length);
    fill(objs, from, to, params, onFail);
    const sql = mapper.sql(`insert:${mask}:${n}:${tag}`, () => insertSql(dialect, mapper.table.name, names, n, returning));
    await exec(sql, params, from, to);
  }
}

/** Moves the key generator past keys rows gave for the auto-increment column (where the dialect needs that). */
export async function syncGivenKeys(conn: EngineConnection, mapper: Mapper, provided: readonly MappedColumn[]): Promise<void> {
  const auto = mapper.autoIncrement;
  const given = auto !== null && provided.includes(auto) ? conn.dialect.syncKeyGenerator?.(mapper.table.name, auto.name) : undefined;
  if (given) await conn.execute(given.sql, given.params);
}

async function insertRun(
  conn: EngineConnection,
  mapper: Mapper,
  objs: readonly Record<string, unknown>[],
  generated: (readonly string[] | null)[],
  start: number,
  end: number,
  mask: number | string,
): Promise<void> {
  const { dialect } = conn;
  const provided = mapper.providedColumns(mask);
  const required = missingRequired(mapper, provided, false);
  if (required) fail(mapper, required, undefined);
  const fetch = mapper.columns.filter((c) => !provided.includes(c) && (c.autoIncrement || c.serverDefault));
  const auto = fetch.find((c) => c.autoIncrement) ?? null;
  const onFail = (i: number, column: MappedColumn, value: unknown): never => fail(mapper, column, value, objs[i]!);
  const caps = dialect.capabilities;
  const rangeOk = auto !== null && caps.insertIdRange !== undefined && conn.raw.consecutiveInsertIds !== false;
  const useReturning = fetch.length > 0 && caps.returning && (!rangeOk || fetch.length > 1);
  const useRange = rangeOk && !useReturning;
  // Without RETURNING or a guaranteed range, each row's key comes from its own INSERT.
  const perBatch = auto !== null && !useRange && !useReturning ? 1 : rowsPerInsert(dialect, provided.length);
  const returning = useReturning ? uniqueColumns([...mapper.pk, ...fetch]) : [];

  // Recorded first, so a failed flush can clear what earlier batches wrote.
  const fetchedProps = mapper.fetchedProps(mask, fetch);
  if (fetchedProps.length > 0) for (let i = start; i < end; i++) generated[i] = fetchedProps;
  await insertBatches(mapper, objs, start, end, mask, perBatch, returning, onFail, async (sql, params, from, to) => {
    if (useReturning) {
      // Rows as arrays in RETURNING order: the driver builds no object per row.
      assignReturned(mapper, objs, from, to, await conn.queryArrays(sql, params), returning, fetch, auto);
      return;
    }
    const result = await conn.execute(sql, params);
    if (auto) assignRange(mapper, objs, from, to - from, auto, result.lastInsertId, result.rowsAffected, useRange ? caps.insertIdRange! : 'last');
  });
  const rest = fetch.filter((c) => c !== auto);
  if (rest.length > 0 && !useReturning) await reselect(conn, mapper, objs.slice(start, end), rest);
  // Keys given for an auto-increment column: the generator must not hand them out again.
  await syncGivenKeys(conn, mapper, provided);
}

function uniqueColumns(columns: readonly MappedColumn[]): MappedColumn[] {
  return [...new Set(columns)];
}

function assignRange(mapper: Mapper, objs: readonly Record<string, unknown>[], from: number, n: number, auto: MappedColumn, lastInsertId: number | bigint | null, affected: number, kind: 'first' | 'last'): void {
  if (lastInsertId === null || affected !== n) {
    throw new DatabaseError(`INSERT into ${mapper.table.name} reported ${affected} row(s) and key ${String(lastInsertId)} for ${n} row(s); cannot tell the generated keys`);
  }
  const base = BigInt(lastInsertId) - (kind === 'last' ? BigInt(n - 1) : 0n);
  const prop = auto.prop;
  if (base + BigInt(n) <= BigInt(Number.MAX_SAFE_INTEGER)) {
    const b = Number(base);
    for (let j = 0; j < n; j++) objs[from + j]![prop] = b + j;
  } else {
    for (let j = 0; j < n; j++) objs[from + j]![prop] = auto.decode(base + BigInt(j));
  }
}

/** Writes RETURNING rows (arrays, in `returning` order) onto the objects they belong to. */
function assignReturned(
  mapper: Mapper,
  objs: readonly Record<string, unknown>[],
  from: number,
  to: number,
  rows: readonly unknown[][],
  returning: readonly MappedColumn[],
  fetch: readonly MappedColumn[],
  auto: MappedColumn | null,
): void {
  const n = to - from;
  if (rows.length !== n) throw new DatabaseError(`INSERT into ${mapper.table.name} returned ${rows.length} row(s) for ${n}`);
  const at = fetch.map((c) => returning.indexOf(c));
  const write = (obj: Record<string, unknown>, row: readonly unknown[]): void => {
    for (let k = 0; k < fetch.length; k++) obj[fetch[k]!.prop] = fetch[k]!.decode(row[at[k]!]);
  };
  if (auto) {
    // Keys are generated in VALUES order; RETURNING order itself is not guaranteed (though usual).
    const a = returning.indexOf(auto);
    const keys = rows.map((row) => auto.decode(row[a]) as number | bigint);
    let order: number[] | null = null;
    for (let j = 1; j < n; j++) {
      if (keys[j - 1]! > keys[j]!) {
        order = keys.map((_k, i) => i).sort((x, y) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : 0));
        break;
      }
    }
    for (let j = 0; j < n; j++) write(objs[from + j]!, rows[order ? order[j]! : j]!);
    return;
  }
  const byKey = new Map<unknown, readonly unknown[]>();
  for (const row of rows) {
    const key: Record<string, unknown> = {};
    returning.forEach((c, k) => (key[c.prop] = c.decode(row[k])));
    byKey.set(mapper.keyOf(key), row);
  }
  for (let j = from; j < to; j++) {
    const row = byKey.get(mapper.keyOf(objs[j]!));
    if (!row) throw new DatabaseError(`INSERT into ${mapper.table.name} returned no row for ${mapper.describe(objs[j]!)}`);
    write(objs[j]!, row);
  }
}

function writeFetched(obj: Record<string, unknown>, row: Record<string, unknown>, fetch: readonly MappedColumn[]): void {
  for (const c of fetch) obj[c.prop] = c.decode(row[c.alias]);
}

/** Reads server defaults back by key, for dialects without RETURNING. */
async function reselect(conn: EngineConnection, mapper: Mapper, objs: readonly Record<string, unknown>[], columns: readonly MappedColumn[]): Promise<void> {
  const select = uniqueColumns([...mapper.pk, ...columns]);
  const perQuery = Math.max(1, Math.floor(conn.dialect.capabilities.maxParameters / mapper.pk.length));
  for (let i = 0; i < objs.length; i += perQuery) {
    const chunk = objs.slice(i, i + perQuery);
    const sql = selectByKeysSql(conn.dialect, mapper.table.name, select, mapper.pk.map((c) => c.name), chunk.length);
    const params = chunk.flatMap((o) => mapper.pk.map((c) => c.encode(o[c.prop])));
    const { rows } = await conn.execute(sql, params);
    const byKey = new Map(rows.map((r) => [mapper.keyOfRow(r), r]));
    for (const o of chunk) {
      const row = byKey.get(mapper.keyOf(o));
      if (row) writeFetched(o, row, columns);
    }
  }
}

/** Throws the ValidationError for one value of one object. */
export function fail(mapper: Mapper, column: MappedColumn, value: unknown, obj?: Record<string, unknown>): never {
  const where = obj && mapper.pk.some((c) => obj[c.prop] !== undefined) ? ` (${mapper.describe(obj)})` : '';
  throw invalidValue(mapper, column, value, where);
}

/** The ValidationError for one value of `Model.field`; `where` (such as ` (rows[3])`) ends the message. */
export function invalidValue(mapper: Mapper, column: MappedColumn, value: unknown, where: string, details: Record<string, unknown> = {}): ValidationError {
  const problem =
    value === undefined
      ? 'is required (NOT NULL, no default) but was not given'
      : value === null
        ? 'is NOT NULL but got null'
        : (column.validate(value) ?? `cannot store ${describe(value)}`);
  return new ValidationError(`${mapper.name}.${column.prop}: ${problem}${where}`, { model: mapper.name, field: column.prop, value, ...details });
}
