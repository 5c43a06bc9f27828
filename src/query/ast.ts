/**
 * The expression AST shared by typed queries (`User.c.age.gt(20)`), the CLI's
 * `--where` language and bulk updates. Values are always carried as `param` nodes and
 * compiled to bound parameters; nothing here is ever pasted into SQL text.
 */

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'like' | 'ilike';

export type Expr =
  | { readonly kind: 'column'; readonly table: string | null; readonly column: string }
  | { readonly kind: 'param'; readonly value: unknown }
  | { readonly kind: 'compare'; readonly op: ComparisonOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'in'; readonly left: Expr; readonly values: readonly Expr[]; readonly negated: boolean }
  | { readonly kind: 'isNull'; readonly operand: Expr; readonly negated: boolean }
  | { readonly kind: 'between'; readonly operand: Expr; readonly low: Expr; readonly high: Expr }
  | { readonly kind: 'and'; readonly items: readonly Expr[] }
  | { readonly kind: 'or'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly operand: Expr };

export type ExprKind = Expr['kind'];

export type OrderDirection = 'asc' | 'desc';

export interface OrderBy {
  readonly expr: Expr;
  readonly direction: OrderDirection;
}

export function and_(...items: Expr[]): Expr {
  return Object.freeze({ kind: 'and', items: Object.freeze(items.map(assertExpr)) });
}

export function or_(...items: Expr[]): Expr {
  return Object.freeze({ kind: 'or', items: Object.freeze(items.map(assertExpr)) });
}

export function not_(operand: Expr): Expr {
  return Object.freeze({ kind: 'not', operand: assertExpr(operand) });
}

const EXPR_KINDS: ReadonlySet<string> = new Set<ExprKind>(['column', 'param', 'compare', 'in', 'isNull', 'between', 'and', 'or', 'not']);

/** True for AST nodes built by this module or by column references. */
export function isExpr(value: unknown): value is Expr {
  return typeof value === 'object' && value !== null && EXPR_KINDS.has((value as { kind?: unknown }).kind as string) && Object.isFrozen(value);
}

function assertExpr(value: Expr): Expr {
  if (!isExpr(value)) {
    throw new TypeError(`Expected a query expression (such as User.c.age.gt(20)), got ${describeValue(value)}`);
  }
  return value;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
