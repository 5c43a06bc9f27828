/**
 * A recursive-descent parser for the `--where` language, producing the shared expression
 * AST (`src/query/ast.ts`). Precedence, loosest first: `or`, `and`, `not`, then one
 * predicate (`a = 1`, `a in (…)`, `a is null`, `a between x and y`, `a like 'x%'`) or a
 * parenthesized expression. Parsing is purely syntactic: columns are checked and values
 * coerced against the live table by `bindWhere`.
 */
import type { ComparisonOp, Expr } from '../query/ast.js';
import type { Span } from './where-error.js';
import { whereError } from './where-error.js';
import type { WhereToken } from './where-lexer.js';
import { tokenizeWhere } from './where-lexer.js';

/** A parsed expression and where each column and value node came from, for later errors. */
export interface ParsedWhere {
  readonly source: string;
  readonly expr: Expr;
  readonly spans: WeakMap<Expr, Span>;
}

/** Deepest nesting of parentheses and `not` (see `Parser.nested`). */
export const MAX_DEPTH = 100;

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = { '=': '=', '!=': '<>', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/**
 * Parses a `--where` expression. Throws a `UsageError` naming the column of the first
 * problem (`--where "age >> 3": unexpected '>' at column 6, expected a value`) with a
 * caret excerpt in `details.excerpt`.
 */
export function parseWhere(source: string): ParsedWhere {
  return new Parser(source).parse();
}

class Parser {
  private readonly tokens: WhereToken[];
  private pos = 0;
  private depth = 0;
  readonly spans = new WeakMap<Expr, Span>();

  constructor(private readonly source: string) {
    this.tokens = tokenizeWhere(source);
  }

  parse(): ParsedWhere {
    if (this.peek().kind === 'end') throw whereError(this.source, 0, 'the expression is empty {at}');
    const expr = this.orExpr();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw this.unexpected(next, next.value === ')' ? 'no ( to close' : "expected 'and', 'or' or the end of the expression");
    }
    return { source: this.source, expr, spans: this.spans };
  }

  private orExpr(): Expr {
    const items = [this.andExpr()];
    while (this.acceptKeyword('or')) items.push(this.andExpr());
    return items.length === 1 ? items[0]! : node({ kind: 'or', items: Object.freeze(items) });
  }

  private andExpr(): Expr {
    const items = [this.notExpr()];
    while (this.acceptKeyword('and')) items.push(this.notExpr());
    return items.length === 1 ? items[0]! : node({ kind: 'and', items: Object.freeze(items) });
  }

  private notExpr(): Expr {
    const not = this.peek();
    if (this.acceptKeyword('not')) return node({ kind: 'not', operand: this.nested(not, () => this.notExpr()) });
    return this.predicate();
  }

  private predicate(): Expr {
    const open = this.peek();
    if (open.kind === 'op' && open.value === '(') {
      this.pos++;
      const inner = this.nested(open, () => this.orExpr());
      const close = this.peek();
      if (!(close.kind === 'op' && close.value === ')')) throw this.unexpected(close, `expected ')' to close the '(' at column ${open.start + 1}`);
      this.pos++;
      return inner;
    }
    const left = this.operand('a column or a value');
    const t = this.peek();
    if (t.kind === 'op' && COMPARISONS[t.value]) {
      this.pos++;
      return this.spanned(node({ kind: 'compare', op: COMPARISONS[t.value]!, left, right: this.operand(`a value after '${t.value}'`) }), t);
    }
    if (t.kind === 'keyword') {
      if (t.value === 'is') {
        this.pos++;
        const negated = this.acceptKeyword('not');
        const n = this.peek();
        if (!(n.kind === 'keyword' && n.value === 'null')) throw this.unexpected(n, `expected 'null' after 'is${negated ? ' not' : ''}'`);
        this.pos++;
        return node({ kind: 'isNull', operand: left, negated });
      }
      // `a not in (…)` is its own node; `a not like x` and `a not between …` wrap in `not`.
      const negated = t.value === 'not';
      const op = negated ? this.tokens[this.pos + 1]! : t;
      if (op.kind === 'keyword' && (op.value === 'in' || op.value === 'like' || op.value === 'ilike' || op.value === 'between')) {
        this.pos += negated ? 2 : 1;
        let result: Expr;
        if (op.value === 'in') return node({ kind: 'in', left, values: this.list(), negated });
        if (op.value === 'between') {
          const low = this.operand("a value after 'between'");
          const and = this.peek();
          if (!(and.kind === 'keyword' && and.value === 'and')) throw this.unexpected(and, "expected 'and' between the two bounds of 'between'");
          this.pos++;
          result = node({ kind: 'between', operand: left, low, high: this.operand("a value after 'and'") });
        } else {
          result = this.spanned(node({ kind: 'compare', op: op.value, left, right: this.operand(`a pattern after '${op.value}'`) }), op);
        }
        return negated ? node({ kind: 'not', operand: result }) : result;
      }
    }
    throw this.unexpected(t, "expected an operator (=, !=, <, <=, >, >=, like, ilike, in, not in, is null, between)");
  }

  private list(): readonly Expr[] {
    const open = this.peek();
    if (!(open.kind === 'op' && open.value === '(')) throw this.unexpected(open, "expected '(' to start the list of 'in'");
    this.pos++;
    const values: Expr[] = [];
    if (this.acceptOp(')')) return Object.freeze(values);
    for (;;) {
      values.push(this.operand('a value in the list'));
      if (this.acceptOp(')')) return Object.freeze(values);
      if (!this.acceptOp(',')) throw this.unexpected(this.peek(), "expected ',' or ')' in the list");
    }
  }

  /** A column or a literal value. */
  private operand(expected: string): Expr {
    const t = this.peek();
    let result: Expr;
    switch (t.kind) {
      case 'column':
        result = node({ kind: 'column', table: null, column: t.value });
        break;
      case 'string':
        result = node({ kind: 'param', value: t.value });
        break;
      case 'number':
        result = node({ kind: 'param', value: parseNumber(t.value) });
        break;
      case 'keyword':
        if (t.value === 'null' || t.value === 'true' || t.value === 'false') {
          result = node({ kind: 'param', value: t.value === 'null' ? null : t.value === 'true' });
          break;
        }
        throw this.unexpected(t, `expected ${expected}`);
      default:
        throw this.unexpected(t, `expected ${expected}`);
    }
    this.pos++;
    return this.spanned(result, t);
  }

  /**
   * Parses one level deeper (a parenthesis, a `not`): past `MAX_DEPTH` a clear error, not
   * a stack overflow here or an expression too deep for the database (SQLite stops at 1000).
   */
  private nested(token: WhereToken, parse: () => Expr): Expr {
    if (++this.depth > MAX_DEPTH) throw whereError(this.source, token.start, `the expression nests more than ${MAX_DEPTH} parentheses or nots deep {at}; write it flatter`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private spanned(expr: Expr, token: WhereToken): Expr {
    this.spans.set(expr, { start: token.start, end: token.end });
    return expr;
  }

  private peek(): WhereToken {
    return this.tokens[this.pos]!;
  }

  private acceptKeyword(word: string): boolean {
    const t = this.peek();
    if (t.kind === 'keyword' && t.value === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptOp(op: string): boolean {
    const t = this.peek();
    if (t.kind === 'op' && t.value === op) {
      this.pos++;
      return true;
    }
    return false;
  }

  private unexpected(t: WhereToken, expectation: string) {
    if (t.kind === 'end') return whereError(this.source, t.start, `unexpected end of the expression {at}, ${expectation}`);
    const text = this.source.slice(t.start, Math.min(t.end, t.start + 30));
    return whereError(this.source, t.start, `unexpected ${t.kind === 'string' ? `string ${text}` : `'${text}'`} {at}, ${expectation}`);
  }
}

/**
 * A number literal: integers beyond the safe range become bigint so no digit is lost;
 * anything with a fraction or exponent is a double.
 */
export function parseNumber(text: string): number | bigint {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  return Number(text);
}

function node(expr: Expr): Expr {
  return Object.freeze(expr);
}
