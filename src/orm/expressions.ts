/**
 * Prepares a query's conditions for one model: every column must belong to the model's
 * table (a query reads one table; relations are loaded with include()), and values
 * compared with a column are encoded the way that column stores them (booleans, dates,
 * json…), so a comparison means the same on every dialect.
 */
import { UsageError, ValidationError } from '../errors.js';
import type { Expr, OrderBy } from '../query/ast.js';
import { isExpr } from '../query/ast.js';
import type { ColumnRef } from '../schema/column-ref.js';
import { isColumnRef } from '../schema/column-ref.js';
import type { MappedColumn } from './columns.js';
import type { Mapper } from './mapper.js';
import { describe } from './validate.js';

/** Checks a where() condition against the model and encodes its values by column. */
export function prepareCondition(mapper: Mapper, expr: Expr): Expr {
  if (!isExpr(expr)) throw new UsageError(`where() expects query expressions such as User.c.age.gt(20), got ${describe(expr)}`);
  return prepare(mapper, expr);
}

function prepare(mapper: Mapper, e: Expr): Expr {
  switch (e.kind) {
    case 'column':
      columnOf(mapper, e);
      return e;
    case 'param':
      return e;
    case 'compare': {
      const col = columnOf(mapper, e.left) ?? columnOf(mapper, e.right);
      const encode = e.op === 'like' || e.op === 'ilike' ? null : col;
      return Object.freeze({ ...e, left: value(mapper, e.left, encode), right: value(mapper, e.right, encode) });
    }
    case 'in': {
      const col = columnOf(mapper, e.left);
      return Object.freeze({ ...e, left: prepare(mapper, e.left), values: Object.freeze(e.values.map((v) => value(mapper, v, col))) });
    }
    case 'isNull':
      return Object.freeze({ ...e, operand: prepare(mapper, e.operand) });
    case 'between': {
      const col = columnOf(mapper, e.operand);
      return Object.freeze({ ...e, operand: prepare(mapper, e.operand), low: value(mapper, e.low, col), high: value(mapper, e.high, col) });
    }
    case 'and':
    case 'or':
      return Object.freeze({ ...e, items: Object.freeze(e.items.map((i) => prepare(mapper, i))) });
    case 'not':
      return Object.freeze({ ...e, operand: prepare(mapper, e.operand) });
  }
}

function value(mapper: Mapper, e: Expr, column: MappedColumn | null): Expr {
  if (e.kind !== 'param' || column === null || e.value === null) return prepare(mapper, e);
  const problem = comparedProblem(column, e.value);
  if (problem !== null) throw new ValidationError(`${mapper.name}.${column.prop}: ${problem} (in a query condition)`, { model: mapper.name, field: column.prop, value: e.value });
  return Object.freeze({ kind: 'param', value: column.encode(e.value) });
}

/**
 * Why a value cannot be compared with a column (NaN with an integer, a Date with a
 * number…), or null. Databases disagree on such comparisons (an error, no match, a cast),
 * so they are refused before the database. Only a string's length or precision may exceed
 * what the column stores: such a comparison just matches nothing, everywhere.
 */
function comparedProblem(column: MappedColumn, v: unknown): string | null {
  const kind = column.type.kind;
  if (typeof v === 'string' && (kind === 'varchar' || kind === 'numeric')) return null;
  return column.validate(v);
}

/** The mapped column an expression is, if it is a column; throws for another table's column. */
function columnOf(mapper: Mapper, e: Expr): MappedColumn | null {
  if (e.kind !== 'column') return null;
  if (e.table !== null && e.table !== mapper.table.name) {
    throw new UsageError(`${e.table}.${e.column} is not a column of ${mapper.table.name}; a query reads one table (load related rows with include())`);
  }
  const col = mapper.byName.get(e.column);
  if (!col) throw new UsageError(`${mapper.table.name} has no column '${e.column}'`);
  return col;
}

/** Ordering terms: `User.c.name` (ascending) or `User.c.name.desc()`. */
export function prepareOrder(mapper: Mapper, order: OrderBy | ColumnRef): OrderBy {
  const o = isColumnRef(order) ? order.asc() : order;
  if (typeof o !== 'object' || o === null || !isExpr(o.expr) || (o.direction !== 'asc' && o.direction !== 'desc')) {
    throw new UsageError(`orderBy() expects columns or column.asc()/desc(), got ${describe(order)}`);
  }
  return Object.freeze({ expr: prepare(mapper, o.expr), direction: o.direction });
}

/** The mapped columns of `select(...)`, all of this model. */
export function selectedColumns(mapper: Mapper, refs: readonly ColumnRef[]): MappedColumn[] {
  if (refs.length === 0) throw new UsageError('select() needs at least one column, e.g. select(User.c.id, User.c.name)');
  return refs.map((ref) => {
    if (!isColumnRef(ref)) throw new UsageError(`select() expects columns such as User.c.name, got ${describe(ref)}`);
    const col = columnOf(mapper, ref);
    return col!;
  });
}
