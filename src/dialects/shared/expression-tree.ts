/**
 * SQL expressions as trees, for comparing what a model says with what a server prints
 * back. Servers reprint CHECK clauses, index predicates and defaults with their own
 * parentheses (PostgreSQL puts every operator in a pair: `((a + b) < 100)`; MySQL drops
 * the ones it does not need: `a * 2 + 1 > b`), so two texts of one expression differ.
 * Parsed with the dialect's operator precedence and printed back with only the
 * parentheses that precedence needs, both come out the same, while expressions that
 * group differently (`(a + b) * c`, `a + b * c`) stay different: the printer is
 * unambiguous for the same precedence table, so equal text means an equal tree.
 *
 * The parser knows the usual expression grammar (operators, calls, IS, IN, BETWEEN,
 * LIKE, CASE); on anything else (casts, subqueries, special call syntax) it gives up and
 * the caller keeps its text. Results are for comparison only, never executed.
 */
import type { Token } from './tokens.js';
import { isWord } from './tokens.js';

export type Expr =
  | { readonly k: 'atom'; readonly tokens: readonly Token[] }
  | { readonly k: 'call'; readonly name: Token; readonly args: readonly Expr[] }
  | { readonly k: 'prefix'; readonly op: string; readonly x: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'is'; readonly not: boolean; readonly x: Expr; readonly what: readonly Token[] }
  | { readonly k: 'in'; readonly not: boolean; readonly x: Expr; readonly list: readonly Expr[] }
  | { readonly k: 'between'; readonly not: boolean; readonly x: Expr; readonly lo: Expr; readonly hi: Expr }
  | { readonly k: 'case'; readonly operand: Expr | null; readonly whens: readonly (readonly [Expr, Expr])[]; readonly otherwise: Expr | null };

/** How tightly a dialect's operators bind (higher binds tighter); all binary operators are left-associative. */
export interface Precedence {
  /** Binary operators, keyed by upper-case word or punctuation (`AND`, `+`, `||`, `LIKE`). */
  readonly binary: ReadonlyMap<string, number>;
  /** Operators that do not chain (`a < b < c`): operands of equal precedence keep their parentheses. */
  readonly nonAssociative: ReadonlySet<number>;
  readonly not: number;
  readonly unaryMinus: number;
  readonly is: number;
  readonly in: number;
  readonly between: number;
  /** Multi-character operators the tokenizer splits (`~~*`, `@>`), rejoined when adjacent. */
  readonly compound?: readonly string[];
}

const ATOM = Number.POSITIVE_INFINITY;
const STOP_WORDS = new Set(['AND', 'OR', 'NOT', 'IS', 'IN', 'BETWEEN', 'LIKE', 'ILIKE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'ESCAPE', 'SELECT', 'FROM', 'AS', 'DIV', 'MOD', 'XOR', 'SIMILAR', 'REGEXP', 'RLIKE']);

class GiveUp extends Error {}

/** The tree of `tokens`, or null when they use syntax this parser does not know. */
export function parseExpression(tokens: readonly Token[], prec: Precedence): Expr | null {
  if (tokens.length === 0) return null;
  try {
    const p = new Parser(tokens, prec);
    const e = p.expr(0);
    if (p.i !== tokens.length) return null;
    return e;
  } catch (err) {
    if (err instanceof GiveUp) return null;
    throw err;
  }
}

class Parser {
  i = 0;
  constructor(
    readonly t: readonly Token[],
    readonly prec: Precedence,
  ) {}

  private peek(k = 0): Token | undefined {
    return this.t[this.i + k];
  }

  private punct(v: string, k = 0): boolean {
    const tok = this.peek(k);
    return tok !== undefined && tok.kind === 'punct' && tok.value === v;
  }

  private expect(v: string): void {
    if (!this.punct(v) && !isWord(this.peek(), v)) throw new GiveUp();
    this.i++;
  }

  /** An expression whose operators all bind at least as tightly as `min`. */
  expr(min: number): Expr {
    let left = this.prefix();
    for (;;) {
      const next = this.infix(left, min);
      if (next === null) return left;
      left = next;
    }
  }

  private prefix(): Expr {
    const tok = this.peek();
    if (!tok) throw new GiveUp();
    if (isWord(tok, 'NOT')) {
      this.i++;
      return { k: 'prefix', op: 'NOT', x: this.expr(this.prec.not) };
    }
    if (tok.kind === 'punct' && (tok.value === '-' || tok.value === '+')) {
      this.i++;
      return { k: 'prefix', op: tok.value, x: this.expr(this.prec.unaryMinus) };
    }
    if (tok.kind === 'punct' && tok.value === '(') {
      this.i++;
      const inner = this.expr(0);
      this.expect(')');
      return inner;
    }
    if (isWord(tok, 'CASE')) return this.caseExpr();
    if (tok.kind === 'word' && STOP_WORDS.has(tok.value.toUpperCase())) throw new GiveUp();
    if (tok.kind === 'punct') throw new GiveUp();
    this.i++;
    if ((tok.kind === 'word' || tok.kind === 'ident') && this.punct('(')) return this.call(tok);
    const parts: Token[] = [tok];
    // Qualified names: t.col, schema.t.col.
    while (this.punct('.') && (this.peek(1)?.kind === 'word' || this.peek(1)?.kind === 'ident')) {
      parts.push(this.peek()!, this.peek(1)!);
      this.i += 2;
    }
    if (parts.length > 1 && this.punct('(')) throw new GiveUp();
    return { k: 'atom', tokens: parts };
  }

  private call(name: Token): Expr {
    return { k: 'call', name, args: this.list(true) };
  }

  /** `(a, b, …)` at the cursor; `()` only when `empty` allows it. */
  private list(empty: boolean): Expr[] {
    this.expect('(');
    const items: Expr[] = [];
    if (empty && this.punct(')')) {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.expr(0));
      if (!this.punct(',')) break;
      this.i++;
    }
    this.expect(')');
    return items;
  }

  private caseExpr(): Expr {
    this.i++;
    const operand = isWord(this.peek(), 'WHEN') ? null : this.expr(0);
    const whens: (readonly [Expr, Expr])[] = [];
    while (isWord(this.peek(), 'WHEN')) {
      this.i++;
      const when = this.expr(0);
      this.expect('THEN');
      whens.push([when, this.expr(0)]);
    }
    let otherwise: Expr | null = null;
    if (isWord(this.peek(), 'ELSE')) {
      this.i++;
      otherwise = this.expr(0);
    }
    this.expect('END');
    if (whens.length === 0) throw new GiveUp();
    return { k: 'case', operand, whens, otherwise };
  }

  /** The operator after `left` if it binds at least as tightly as `min`, applied; else null. */
  private infix(left: Expr, min: number): Expr | null {
    const tok = this.peek();
    if (!tok) return null;
    const { prec } = this;
    const negated = isWord(tok, 'NOT') && isWord(this.peek(1), 'IN', 'BETWEEN', 'LIKE', 'ILIKE');
    const word = isWord(tok, 'NOT') ? (negated ? this.peek(1)!.value.toUpperCase() : '') : tok.kind === 'word' ? tok.value.toUpperCase() : '';
    if (word === 'IS') {
      if (prec.is < min) return null;
      this.i++;
      const not = isWord(this.peek(), 'NOT');
      if (not) this.i++;
      if (isWord(this.peek(), 'NULL', 'TRUE', 'FALSE', 'UNKNOWN')) {
        const what = [this.peek()!];
        this.i++;
        return { k: 'is', not, x: left, what };
      }
      throw new GiveUp();
    }
    if (word === 'IN') {
      if (prec.in < min) return null;
      this.i += negated ? 2 : 1;
      return { k: 'in', not: negated, x: left, list: this.list(false) };
    }
    if (word === 'BETWEEN') {
      if (prec.between < min) return null;
      this.i += negated ? 2 : 1;
      const lo = this.expr(prec.between + 1);
      this.expect('AND');
      const hi = this.expr(prec.between + 1);
      return { k: 'between', not: negated, x: left, lo, hi };
    }
    const [op, width] = negated ? [`NOT ${word}`, 2] : this.operator();
    if (op === null) return null;
    const p = prec.binary.get(negated ? word : op);
    if (p === undefined) throw new GiveUp();
    if (p < min) return null;
    if (isWord(this.peek(width), 'ESCAPE')) throw new GiveUp();
    this.i += width;
    const right = this.expr(p + 1);
    if (isWord(this.peek(), 'ESCAPE')) throw new GiveUp();
    return { k: 'binary', op, l: left, r: right };
  }

  /** The binary operator at the cursor and how many tokens it spans, or [null, 0] at the end of an operand list. */
  private operator(): [string | null, number] {
    const tok = this.peek()!;
    if (tok.kind === 'word') {
      const w = tok.value.toUpperCase();
      if (w === 'THEN' || w === 'ELSE' || w === 'END' || w === 'WHEN') return [null, 0];
      return [w, 1];
    }
    if (tok.kind !== 'punct') throw new GiveUp();
    if (tok.value === ')' || tok.value === ',') return [null, 0];
    // Rejoin operators the tokenizer split into characters (`~~*`, `@>`), longest first.
    for (const op of this.prec.compound ?? []) {
      let text = '';
      let n = 0;
      while (text.length < op.length && this.peek(n)?.kind === 'punct') text += this.peek(n++)!.value;
      if (text === op) return [op, n];
    }
    return [tok.value, 1];
  }
}

/** Applies `fn` to every node, children first. */
export function mapExpr(e: Expr, fn: (e: Expr) => Expr): Expr {
  const m = (x: Expr) => mapExpr(x, fn);
  switch (e.k) {
    case 'atom':
      return fn(e);
    case 'call':
      return fn({ ...e, args: e.args.map(m) });
    case 'prefix':
      return fn({ ...e, x: m(e.x) });
    case 'binary':
      return fn({ ...e, l: m(e.l), r: m(e.r) });
    case 'is':
      return fn({ ...e, x: m(e.x) });
    case 'in':
      return fn({ ...e, x: m(e.x), list: e.list.map(m) });
    case 'between':
      return fn({ ...e, x: m(e.x), lo: m(e.lo), hi: m(e.hi) });
    case 'case':
      return fn({ ...e, operand: e.operand && m(e.operand), whens: e.whens.map(([w, t]) => [m(w), m(t)] as const), otherwise: e.otherwise && m(e.otherwise) });
  }
}

/** Tokens of `e` with only the parentheses `prec` needs. */
export function printExpression(e: Expr, prec: Precedence): Token[] {
  const out: Token[] = [];
  print(e, prec, out);
  return out;
}

function precedenceOf(e: Expr, prec: Precedence): number {
  switch (e.k) {
    case 'atom':
    case 'call':
    case 'case':
      return ATOM;
    case 'prefix':
      return e.op === 'NOT' ? prec.not : prec.unaryMinus;
    case 'binary':
      return prec.binary.get(e.op.replace(/^NOT /, ''))!;
    case 'is':
      return prec.is;
    case 'in':
      return prec.in;
    case 'between':
      return prec.between;
  }
}

/** Prints `e` in parentheses when its operator binds less tightly than `need` (or equally, when `strict`). */
function operand(e: Expr, prec: Precedence, out: Token[], need: number, strict: boolean): void {
  const p = precedenceOf(e, prec);
  const wrap = strict ? p <= need : p < need;
  if (wrap) out.push(tok('punct', '('));
  print(e, prec, out);
  if (wrap) out.push(tok('punct', ')'));
}

function print(e: Expr, prec: Precedence, out: Token[]): void {
  const p = precedenceOf(e, prec);
  switch (e.k) {
    case 'atom':
      out.push(...e.tokens);
      return;
    case 'call':
      out.push(e.name, tok('punct', '('));
      e.args.forEach((a, i) => {
        if (i > 0) out.push(tok('punct', ','));
        print(a, prec, out);
      });
      out.push(tok('punct', ')'));
      return;
    case 'prefix':
      out.push(e.op === 'NOT' ? tok('word', 'NOT') : tok('punct', e.op));
      operand(e.x, prec, out, p, false);
      return;
    case 'binary': {
      operand(e.l, prec, out, p, prec.nonAssociative.has(p));
      out.push(...e.op.split(' ').map((w) => tok(/^[A-Z]/.test(w) ? 'word' : 'punct', w)));
      operand(e.r, prec, out, p, true);
      return;
    }
    case 'is':
      operand(e.x, prec, out, p, false);
      out.push(tok('word', 'IS'), ...(e.not ? [tok('word', 'NOT')] : []), ...e.what);
      return;
    case 'in':
      operand(e.x, prec, out, p, true);
      out.push(...(e.not ? [tok('word', 'NOT')] : []), tok('word', 'IN'), tok('punct', '('));
      e.list.forEach((x, i) => {
        if (i > 0) out.push(tok('punct', ','));
        print(x, prec, out);
      });
      out.push(tok('punct', ')'));
      return;
    case 'between':
      operand(e.x, prec, out, p, true);
      out.push(...(e.not ? [tok('word', 'NOT')] : []), tok('word', 'BETWEEN'));
      operand(e.lo, prec, out, p, true);
      out.push(tok('word', 'AND'));
      operand(e.hi, prec, out, p, true);
      return;
    case 'case':
      out.push(tok('word', 'CASE'));
      if (e.operand) print(e.operand, prec, out);
      for (const [when, then] of e.whens) {
        out.push(tok('word', 'WHEN'));
        print(when, prec, out);
        out.push(tok('word', 'THEN'));
        print(then, prec, out);
      }
      if (e.otherwise) {
        out.push(tok('word', 'ELSE'));
        print(e.otherwise, prec, out);
      }
      out.push(tok('word', 'END'));
      return;
  }
}

function tok(kind: Token['kind'], value: string): Token {
  return { kind, value, start: -1, end: -1 };
}

/** Chains of AND, and of OR, grouped from the left: `a AND (b AND c)` is `a AND b AND c`. */
export function groupLogicalChains(e: Expr): Expr {
  return mapExpr(e, (x) => (x.k === 'binary' && (x.op === 'AND' || x.op === 'OR') ? chain(x.op, x.l, x.r) : x));
}

function chain(op: string, l: Expr, r: Expr): Expr {
  return r.k === 'binary' && r.op === op ? chain(op, chain(op, l, r.l), r.r) : { k: 'binary', op, l, r };
}

/**
 * `tokens` printed with only the parentheses `prec` needs, after `rewrite` (applied to
 * every node, children first) and the grouping of AND/OR chains; null when the parser
 * does not know the syntax.
 */
export function canonicalTokens(tokens: readonly Token[], prec: Precedence, rewrite?: (e: Expr) => Expr): Token[] | null {
  const tree = parseExpression(tokens, prec);
  if (tree === null) return null;
  return printExpression(groupLogicalChains(rewrite ? mapExpr(tree, rewrite) : tree), prec);
}
