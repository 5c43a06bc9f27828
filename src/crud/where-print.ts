/**
 * Writes an expression AST back as `--where` text that parses to the same AST: the
 * inverse of `parseWhere` for every tree it can produce. Used for messages and to check
 * the parser (print, parse back, compare).
 */
import type { Expr } from '../query/ast.js';
import { UsageError } from '../errors.js';
import { KEYWORDS } from './where-lexer.js';

const BARE = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** The `--where` text of an expression. Throws for nodes the language cannot express. */
export function printWhere(expr: Expr): string {
  switch (expr.kind) {
    case 'column':
      if (expr.table !== null) throw new UsageError('--where cannot name another table');
      return printColumn(expr.column);
    case 'param':
      return printValue(expr.value);
    case 'compare':
      return `${printOperand(expr.left)} ${expr.op} ${printOperand(expr.right)}`;
    case 'in':
      return `${printOperand(expr.left)} ${expr.negated ? 'not in' : 'in'} (${expr.values.map(printOperand).join(', ')})`;
    case 'isNull':
      return `${printOperand(expr.operand)} is ${expr.negated ? 'not null' : 'null'}`;
    case 'between':
      return `${printOperand(expr.operand)} between ${printOperand(expr.low)} and ${printOperand(expr.high)}`;
    case 'and':
    case 'or':
      if (expr.items.length < 2) throw new UsageError(`--where cannot express '${expr.kind}' of ${expr.items.length} item(s)`);
      // Nested and/or always get parentheses: the parser keeps them as separate nodes.
      return expr.items.map((e) => (e.kind === 'and' || e.kind === 'or' ? `(${printWhere(e)})` : printWhere(e))).join(` ${expr.kind} `);
    case 'not':
      return expr.operand.kind === 'and' || expr.operand.kind === 'or' ? `not (${printWhere(expr.operand)})` : `not ${printWhere(expr.operand)}`;
  }
}

function printOperand(expr: Expr): string {
  if (expr.kind !== 'column' && expr.kind !== 'param') throw new UsageError(`--where compares columns and values only, not '${expr.kind}' expressions`);
  return printWhere(expr);
}

/** A column name, in backticks when it is not a plain word or is a keyword. */
export function printColumn(name: string): string {
  return BARE.test(name) && !KEYWORDS.has(name.toLowerCase()) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** A literal: strings single-quoted with backslash escapes, numbers so they read back exactly. */
export function printValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'bigint':
      return value.toString();
    case 'number': {
      if (!Number.isFinite(value)) throw new UsageError(`--where cannot express the number ${value}`);
      if (Object.is(value, -0)) return '-0';
      const text = String(value);
      // An integer text beyond the safe range reads back as bigint: keep it a double.
      return Number.isSafeInteger(value) || /[.e]/.test(text) ? text : `${text}.0`;
    }
    case 'string':
      return `'${value.replace(/[\\'\u0000-\u001f\u007f]/g, escapeChar)}'`;
    default:
      throw new UsageError(`--where cannot express ${typeof value} values`);
  }
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case "'":
      return "\\'";
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}
