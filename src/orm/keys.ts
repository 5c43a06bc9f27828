/**
 * Primary key input for `get()`: a value, or an object of values for composite keys —
 * checked like any column value, so `get(User, { id: { $gt: 0 } })` is a ValidationError
 * rather than a query.
 */
import { ValidationError } from '../errors.js';
import type { Expr } from '../query/ast.js';
import { selectByKeysSql } from '../query/dml.js';
import type { MappedColumn } from './columns.js';
import type { Mapper } from './mapper.js';
import { describe } from './validate.js';

/** A checked primary key: its identity-map key and its encoded parameters. */
export interface KeyParams {
  /** Identity-map key. */
  readonly key: unknown;
  /** Encoded values, in primary key order. */
  readonly values: unknown[];
}

/** Checks and encodes `get()` key input for a mapper; ValidationError naming `Model.field` otherwise. */
export function keyParams(mapper: Mapper, input: unknown): KeyParams {
  const pk = mapper.pk;
  const isObject = typeof input === 'object' && input !== null && !(input instanceof Date) && !(input instanceof Uint8Array);
  if (!isObject) {
    if (pk.length !== 1) {
      throw new ValidationError(`${mapper.name} has a composite primary key (${pk.map((c) => c.prop).join(', ')}); pass an object such as { ${pk.map((c) => `${c.prop}: …`).join(', ')} }`);
    }
    const c = pk[0]!;
    return { key: mapper.keyOfValue(check(mapper, c.prop, input)), values: [c.encode(input)] };
  }
  const obj = input as Record<string, unknown>;
  const extra = Object.keys(obj).find((k) => !pk.some((c) => c.prop === k));
  if (extra !== undefined) {
    throw new ValidationError(`${mapper.name}.${extra} is not part of the primary key (${pk.map((c) => c.prop).join(', ')})`, { model: mapper.name, field: extra });
  }
  const values = pk.map((c) => c.encode(check(mapper, c.prop, obj[c.prop])));
  return { key: mapper.keyOf(obj), values };
}

function check(mapper: Mapper, prop: string, value: unknown): unknown {
  const c = mapper.byProp.get(prop)!;
  const problem = value === null || value === undefined ? `the primary key needs a value, got ${describe(value)}` : c.validate(value);
  if (problem !== null) throw new ValidationError(`${mapper.name}.${prop}: ${problem}`, { model: mapper.name, field: prop, value });
  return value;
}

/** `SELECT <all columns> FROM t WHERE <key> = ?`, cached on the mapper. */
export function selectByKeySql(mapper: Mapper): string {
  return (mapper.selectByKey ??= selectByKeysSql(mapper.dialect, mapper.table.name, mapper.columns, mapper.pk.map((c) => c.name), 1));
}

/** `col IN (…)`, or OR-ed ANDs for several columns: rows whose `columns` equal one of `tuples`. */
export function matchTuples(mapper: Mapper, columns: readonly MappedColumn[], tuples: readonly (readonly unknown[])[]): Expr {
  const col = (c: MappedColumn): Expr => Object.freeze({ kind: 'column', table: mapper.table.name, column: c.name });
  const param = (c: MappedColumn, v: unknown): Expr => Object.freeze({ kind: 'param', value: c.encode(v) });
  if (columns.length === 1) {
    const c = columns[0]!;
    return Object.freeze({ kind: 'in', left: col(c), values: Object.freeze(tuples.map((t) => param(c, t[0]))), negated: false });
  }
  return Object.freeze({
    kind: 'or',
    items: Object.freeze(
      tuples.map((t) =>
        Object.freeze({ kind: 'and', items: Object.freeze(columns.map((c, i) => Object.freeze({ kind: 'compare', op: '=', left: col(c), right: param(c, t[i]) }) as Expr)) }) as Expr,
      ),
    ),
  });
}
