import type { ComparisonOp, Expr, OrderBy } from '../query/ast.js';
import { describeValue, isExpr } from '../query/ast.js';

/** Anything accepted where a value is compared: a scalar, or another expression. */
export type Operand<T> = T | ColumnRef<T> | Expr;

/**
 * A column of a model, used in queries: `User.c.age.gt(20)`. Every operator returns a
 * frozen AST node; values become bound parameters and must be scalars.
 */
const BRAND = Symbol.for('ormkit.ColumnRef');

/** True for column references, even ones made by another loaded copy of ormkit. */
export function isColumnRef(value: unknown): value is ColumnRef {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export class ColumnRef<T = unknown, P extends string = string> {
  /** Phantom marker carrying the column's TypeScript value type. */
  declare readonly __type: T;
  readonly kind = 'column' as const;
  readonly [BRAND] = true;

  constructor(
    /** SQL table name. */
    readonly table: string,
    /** SQL column name. */
    readonly column: string,
    /** Property name on the model (its literal type lets `select()` type its rows). */
    readonly property: P,
  ) {
    Object.freeze(this);
  }

  eq(value: Operand<T>): Expr {
    return value === null ? this.isNull() : compare('=', this, value);
  }
  ne(value: Operand<T>): Expr {
    return value === null ? this.isNotNull() : compare('<>', this, value);
  }
  lt(value: Operand<T>): Expr {
    return compare('<', this, value);
  }
  le(value: Operand<T>): Expr {
    return compare('<=', this, value);
  }
  gt(value: Operand<T>): Expr {
    return compare('>', this, value);
  }
  ge(value: Operand<T>): Expr {
    return compare('>=', this, value);
  }
  like(pattern: Operand<string>): Expr {
    return compare('like', this, pattern);
  }
  /** Case-insensitive LIKE (ILIKE on PostgreSQL, lower() LIKE lower() elsewhere). */
  ilike(pattern: Operand<string>): Expr {
    return compare('ilike', this, pattern);
  }
  in(values: readonly Operand<T>[]): Expr {
    return inList(this, values, false);
  }
  notIn(values: readonly Operand<T>[]): Expr {
    return inList(this, values, true);
  }
  isNull(): Expr {
    return Object.freeze({ kind: 'isNull', operand: this, negated: false });
  }
  isNotNull(): Expr {
    return Object.freeze({ kind: 'isNull', operand: this, negated: true });
  }
  between(low: Operand<T>, high: Operand<T>): Expr {
    return Object.freeze({ kind: 'between', operand: this, low: operand(low), high: operand(high) });
  }
  asc(): OrderBy {
    return Object.freeze({ expr: this, direction: 'asc' });
  }
  desc(): OrderBy {
    return Object.freeze({ expr: this, direction: 'desc' });
  }
}

function compare(op: ComparisonOp, left: Expr, right: unknown): Expr {
  return Object.freeze({ kind: 'compare', op, left, right: operand(right) });
}

function inList(left: Expr, values: readonly unknown[], negated: boolean): Expr {
  if (!Array.isArray(values)) {
    throw new TypeError(`${negated ? 'notIn' : 'in'}() expects an array of values, got ${describeValue(values)}`);
  }
  return Object.freeze({ kind: 'in', left, values: Object.freeze(values.map(operand)), negated });
}

/** Wraps a scalar as a bound parameter; expressions pass through; objects are refused. */
export function operand(value: unknown): Expr {
  if (isColumnRef(value) || isExpr(value)) return value as Expr;
  if (!isScalar(value)) {
    throw new TypeError(
      `Expected a scalar value (string, number, bigint, boolean, Date, Buffer or null) in a query condition, got ${describeValue(value)}`,
    );
  }
  return Object.freeze({ kind: 'param', value });
}

export function isScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return true;
    case 'object':
      return value === null || value instanceof Date || value instanceof Uint8Array;
    default:
      return false;
  }
}
