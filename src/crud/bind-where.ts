/**
 * Checks a parsed `--where` expression against the live table and makes its values
 * bindable: every column must exist (else a `UsageError` with the closest names and a
 * caret), every value compared with a column is coerced to that column's type and
 * encoded by the dialect. The result is a new frozen AST; values stay parameters.
 */
import type { Dialect } from '../dialects/dialect.js';
import { InputError, OrmError, closest } from '../errors.js';
import type { Expr } from '../query/ast.js';
import type { Column, ColumnType, Table } from '../schema/ir.js';
import { makeCoercer } from './coerce.js';
import { suggest } from './live-table.js';
import { whereError } from './where-error.js';
import type { ParsedWhere } from './where-parser.js';
import { parseWhere } from './where-parser.js';
import { comparisonGroup } from '../schema/comparison-groups.js';

/** Parses and binds a `--where` expression for `table` in one step. */
export function compileWhereFor(source: string, table: Table, dialect: Dialect): Expr {
  return bindWhere(parseWhere(source), table, dialect);
}

/** Binds a parsed expression to `table`: checked columns, coerced and encoded values, a new frozen AST. */
export function bindWhere(parsed: ParsedWhere, table: Table, dialect: Dialect): Expr {
  const fail = (node: Expr, problem: string, extra: Record<string, unknown> = {}) =>
    whereError(parsed.source, parsed.spans.get(node)?.start ?? 0, problem, extra);

  /** `valueLike`: the word stands where a value is expected, so it may be text missing its quotes. */
  const columnOf = (node: Expr, valueLike = false): Column | null => {
    if (node.kind !== 'column') return null;
    const column = table.columns.find((c) => c.name === node.column);
    if (column) return column;
    const names = table.columns.map((c) => c.name);
    const near = closest(node.column, names);
    const quoteIt = `quote it: '${node.column.replace(/'/g, "''")}'`;
    const hint = !valueLike ? suggest(node.column, names) : near ? ` (did you mean '${near}'? or, for the text, ${quoteIt})` : ` (for the text, ${quoteIt})`;
    throw fail(node, `no column '${node.column}' in table ${table.name} {at}${hint}`, { table: table.name, column: node.column, columns: names });
  };

  /** Two columns compared with each other must hold comparable values (see `comparable`). */
  const checkComparable = (node: Expr, a: Column | null, b: Column | null) => {
    // PostgreSQL refuses such a comparison, MySQL and SQLite convert one side: refused everywhere, here.
    if (a && b && !comparable(a.type, b.type)) throw fail(node, `${a.name} (${typeName(a.type)}) and ${b.name} (${typeName(b.type)}) cannot be compared {at}`);
  };

  /** A value compared with `column`: coerced and encoded; other operands pass through checked. */
  const operand = (node: Expr, column: Column | null, pattern = false): Expr => {
    if (node.kind === 'column') {
      columnOf(node);
      return node;
    }
    if (node.kind !== 'param' || column === null || node.value === null) return node;
    // A LIKE pattern is text whatever the column's type ('2024-%' on a date column).
    if (pattern) {
      if (typeof node.value !== 'string') throw fail(node, `${column.name}: like and ilike take a quoted text pattern {at}`);
      return node;
    }
    try {
      const value = makeCoercer(column, 'value', { checkNull: false, limits: dialect.capabilities })(node.value);
      return Object.freeze({ kind: 'param', value: dialect.encodeValue(value, column.type) });
    } catch (err) {
      if (err instanceof InputError) throw fail(node, `${err.message} {at}`, err.details);
      throw err;
    }
  };

  const visit = (node: Expr): Expr => {
    switch (node.kind) {
      case 'column':
      case 'param':
        throw fail(node, 'expected a comparison {at}');
      case 'compare': {
        const left = columnOf(node.left);
        const right = columnOf(node.right, left !== null);
        const isNullParam = (e: Expr) => e.kind === 'param' && e.value === null;
        if (isNullParam(node.left) || isNullParam(node.right)) {
          // `x = null` is never true in SQL; say what was meant instead of matching nothing.
          const other = isNullParam(node.left) ? node.right : node.left;
          if (node.op === '=' || node.op === '<>') return Object.freeze({ kind: 'isNull', operand: operand(other, null), negated: node.op === '<>' });
          throw fail(node, `comparing with null using '${node.op}' matches nothing {at}; use 'is null' or 'is not null'`);
        }
        const pattern = node.op === 'like' || node.op === 'ilike';
        if (!pattern) checkComparable(node, left, right);
        return Object.freeze({ kind: 'compare', op: node.op, left: operand(node.left, right, pattern), right: operand(node.right, left, pattern) });
      }
      case 'in': {
        const column = columnOf(node.left);
        for (const v of node.values) checkComparable(v, column, columnOf(v, column !== null));
        return Object.freeze({ kind: 'in', left: node.left, values: Object.freeze(node.values.map((v) => operand(v, column))), negated: node.negated });
      }
      case 'isNull':
        return Object.freeze({ kind: 'isNull', operand: operand(node.operand, null), negated: node.negated });
      case 'between': {
        const column = columnOf(node.operand);
        for (const bound of [node.low, node.high]) checkComparable(bound, column, columnOf(bound, column !== null));
        return Object.freeze({ kind: 'between', operand: node.operand, low: operand(node.low, column), high: operand(node.high, column) });
      }
      case 'and':
      case 'or':
        return Object.freeze({ kind: node.kind, items: Object.freeze(node.items.map(visit)) });
      case 'not':
        return Object.freeze({ kind: 'not', operand: visit(node.operand) });
    }
  };

  try {
    return visit(parsed.expr);
  } catch (err) {
    if (err instanceof OrmError) throw err;
    throw fail(parsed.expr, `${err instanceof Error ? err.message : String(err)} {at}`);
  }
}

/** Whether two columns can be compared; a custom type may compare with anything. */
function comparable(a: ColumnType, b: ColumnType): boolean {
  const [x, y] = [comparisonGroup(a), comparisonGroup(b)];
  return x === null || y === null || x === y;
}

function typeName(type: ColumnType): string {
  return type.kind === 'enum' && type.name !== '' ? `enum ${type.name}` : type.kind;
}
