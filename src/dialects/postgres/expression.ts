import type { Expr, Precedence } from '../shared/expression-tree.js';
import { canonicalTokens } from '../shared/expression-tree.js';
import type { Token } from '../shared/tokens.js';
import { memoizeText } from '../shared/memo.js';
import { canonicalExpression, isWord, matchParen, tokenize } from '../shared/tokens.js';

/**
 * PostgreSQL stores CHECK expressions, index predicates and defaults as parse trees and
 * prints them back its own way: every comparison in parentheses, casts on literals and
 * columns (`(title)::text`, `'a'::text`, `'-5'::integer`), `LIKE` as `~~`, `IN (…)` as
 * `= ANY (ARRAY[…])`, `BETWEEN` as two comparisons. This undoes those rewrites on a token
 * list, then defers to `canonicalExpression`, so that what a model says and what the
 * server prints compare equal. The result is for comparison only, never executed.
 */
export const canonicalPgExpression: (sql: string) => string = memoizeText((sql) => canonicalPg(sql));

function canonicalPg(sql: string): string {
  let text: string;
  try {
    text = render(tokenizePg(sql));
    for (let pass = 0; pass < 8; pass++) {
      const next = render(rewrite(tokenizePg(text)));
      if (next === text) break;
      text = next;
    }
    const minimal = canonicalTokens(tokenizePg(text), PG_PRECEDENCE, expandBetween);
    // Syntax the tree parser does not know keeps the token-level clean-up of parentheses.
    text = render(minimal ?? redundantParens(between(tokenizePg(text))));
  } catch {
    return canonicalExpression(sql);
  }
  return canonicalExpression(text);
}

/**
 * PostgreSQL's operator precedence (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-PRECEDENCE),
 * after the rewrites below (so no casts, `~~` already LIKE): higher binds tighter.
 */
const OTHER_OPERATORS = ['||', '~', '~*', '!~', '!~*', '@>', '<@', '&&', '->', '->>', '#>', '#>>', '@@', '<<', '>>', '&', '|', '#'];
export const PG_PRECEDENCE: Precedence = {
  binary: new Map<string, number>([
    ['OR', 1],
    ['AND', 2],
    ...['<', '>', '=', '<=', '>=', '<>', '!='].map((op) => [op, 5] as [string, number]),
    ...['LIKE', 'ILIKE'].map((op) => [op, 6] as [string, number]),
    ...OTHER_OPERATORS.map((op) => [op, 7] as [string, number]),
    ['+', 8],
    ['-', 8],
    ['*', 9],
    ['/', 9],
    ['%', 9],
    ['^', 10],
  ]),
  nonAssociative: new Set([5, 6]),
  not: 3,
  is: 4,
  in: 6,
  between: 6,
  unaryMinus: 11,
  compound: ['->>', '#>>', '!~*', '->', '#>', '@>', '<@', '&&', '@@', '!~', '~*', '||', '<<', '>>'],
};

/** `x BETWEEN a AND b` → `x >= a AND x <= b`, `NOT BETWEEN` → `x < a OR x > b`: how the server prints them. */
function expandBetween(e: Expr): Expr {
  if (e.k !== 'between') return e;
  const [lo, hi, join] = e.not ? ['<', '>', 'OR'] : ['>=', '<=', 'AND'];
  return { k: 'binary', op: join, l: { k: 'binary', op: lo, l: e.x, r: e.lo }, r: { k: 'binary', op: hi, l: e.x, r: e.hi } };
}

/**
 * The shared tokenizer reads `[…]` as a quoted identifier (SQLite, SQL Server); in
 * PostgreSQL brackets are array syntax (`ARRAY['a', 'b']`, `int[]`), so they are split
 * back into punctuation around their tokens.
 */
export function tokenizePg(sql: string): Token[] {
  const out: Token[] = [];
  for (const tok of tokenize(sql)) {
    if (tok.kind === 'ident' && sql[tok.start] === '[') {
      out.push(synth('punct', '['), ...tokenizePg(tok.value), synth('punct', ']'));
    } else out.push(tok);
  }
  return out;
}

const NUMERIC_TYPES = new Set(['integer', 'int', 'int2', 'int4', 'int8', 'smallint', 'bigint', 'numeric', 'decimal', 'real', 'float4', 'float8', 'double']);
/** Words after which `(` groups rather than calls: SQL operators and clause words. */
const GROUPING_WORDS = new Set(['AND', 'OR', 'NOT', 'WHEN', 'THEN', 'ELSE', 'CASE', 'LIKE', 'ILIKE', 'BETWEEN', 'IS', 'WHERE', 'CHECK']);

/** One pass of rewrites; each rewrite keeps the expression's meaning. */
function rewrite(input: Token[]): Token[] {
  let t = input;
  t = literalCasts(t);
  t = stripCasts(t);
  t = operators(t);
  t = anyArray(t);
  t = trimCalls(t);
  t = positionCalls(t);
  return t;
}

/** Where the type name that starts at `start` (after `::`) ends: words, quoted names, `(n,m)`, `[]`, dots. */
export function typeEnd(t: readonly Token[], start: number): number {
  let i = start;
  if (i >= t.length || (t[i]!.kind !== 'word' && t[i]!.kind !== 'ident')) return start;
  i++;
  for (;;) {
    const tok = t[i];
    if (!tok) return i;
    if (tok.kind === 'punct' && tok.value === '.' && (t[i + 1]?.kind === 'word' || t[i + 1]?.kind === 'ident')) i += 2;
    else if (tok.kind === 'word' && /^(precision|varying|with|without|time|zone)$/i.test(tok.value)) i++;
    else if (tok.kind === 'punct' && tok.value === '(') {
      const close = matchParen(t, i);
      if (close < 0) return i;
      i = close + 1;
    } else if (tok.kind === 'punct' && tok.value === '[' && t[i + 1]?.value === ']') i += 2;
    else return i;
  }
}

/** `'-5'::integer` → `-5`: a quoted number cast to a numeric type is that number. */
function literalCasts(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    const cast = t[i + 1];
    const type = t[i + 2];
    if (tok.kind === 'string' && cast?.value === '::' && type && NUMERIC_TYPES.has(type.value.toLowerCase()) && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(tok.value.trim())) {
      const n = tok.value.trim();
      if (n.startsWith('-')) out.push(synth('punct', '-'), synth('number', n.slice(1)));
      else out.push(synth('number', n));
      i = typeEnd(t, i + 2) - 1;
      continue;
    }
    out.push(tok);
  }
  return out;
}

function stripCasts(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    if (tok.kind === 'punct' && tok.value === '::') {
      const end = typeEnd(t, i + 1);
      if (end > i + 1) {
        i = end - 1;
        continue;
      }
    }
    out.push(tok);
  }
  return out;
}

/** Operator spellings: `~~` is LIKE, `~~*` ILIKE, `!=` is `<>`. */
function operators(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const v = (k: number) => (t[i + k]?.kind === 'punct' ? t[i + k]!.value : '');
    if (v(0) === '!=') out.push(synth('punct', '<>'));
    else if (v(0) === '!' && v(1) === '~' && v(2) === '~') {
      const star = v(3) === '*';
      out.push(synth('word', 'NOT'), synth('word', star ? 'ILIKE' : 'LIKE'));
      i += star ? 3 : 2;
    } else if (v(0) === '~' && v(1) === '~') {
      const star = v(2) === '*';
      out.push(synth('word', star ? 'ILIKE' : 'LIKE'));
      i += star ? 2 : 1;
    } else out.push(t[i]!);
  }
  return out;
}

/** `x = ANY (ARRAY[a, b])` → `x IN (a, b)`; `x <> ALL (ARRAY[…])` → `x NOT IN (…)`. */
function anyArray(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const op = t[i]!;
    const quantifier = t[i + 1];
    const negated = op.value === '<>' && isWord(quantifier, 'ALL');
    if (op.kind === 'punct' && ((op.value === '=' && isWord(quantifier, 'ANY')) || negated) && t[i + 2]?.value === '(' && isWord(t[i + 3], 'ARRAY') && t[i + 4]?.value === '[') {
      const close = matchParen(t, i + 2);
      const bracketClose = findBracketClose(t, i + 4);
      if (close > 0 && bracketClose === close - 1) {
        if (negated) out.push(synth('word', 'NOT'));
        out.push(synth('word', 'IN'), synth('punct', '('), ...t.slice(i + 5, bracketClose), synth('punct', ')'));
        i = close;
        continue;
      }
    }
    out.push(op);
  }
  return out;
}

function findBracketClose(t: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i]!.kind !== 'punct') continue;
    if (t[i]!.value === '[') depth++;
    else if (t[i]!.value === ']' && --depth === 0) return i;
  }
  return -1;
}

/**
 * `x BETWEEN a AND b` (single-token operands, standing alone between AND/OR or the
 * edges) → `x >= a AND x <= b`, for expressions the tree parser does not know.
 */
function between(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    const before = t[i - 1];
    const after = t[i + 5];
    const alone = (before === undefined || before.value === '(' || isWord(before, 'AND', 'OR', 'WHERE', 'CHECK')) && (after === undefined || after.value === ')' || isWord(after, 'AND', 'OR'));
    if ((x.kind === 'word' || x.kind === 'ident') && alone && isWord(t[i + 1], 'BETWEEN') && operand(t[i + 2]) && isWord(t[i + 3], 'AND') && operand(t[i + 4]) && !isWord(x, 'NOT')) {
      out.push(x, synth('punct', '>='), t[i + 2]!, synth('word', 'AND'), x, synth('punct', '<='), t[i + 4]!);
      i += 4;
      continue;
    }
    out.push(x);
  }
  return out;
}

const TRIM_FUNCTIONS: Record<string, string> = { BOTH: 'trim', LEADING: 'ltrim', TRAILING: 'rtrim' };

/**
 * `TRIM(BOTH FROM x)` → `trim(x)`, `TRIM(LEADING 'c' FROM x)` → `ltrim(x, 'c')`: the
 * server prints every trim in the SQL-standard form, whichever way the model wrote it.
 */
function trimCalls(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const fn = TRIM_FUNCTIONS[t[i + 2]?.kind === 'word' ? t[i + 2]!.value.toUpperCase() : ''];
    const close = isWord(t[i], 'TRIM') && t[i + 1]?.value === '(' && fn ? matchParen(t, i + 1) : -1;
    const from = close > 0 ? topLevelWord(t, i + 3, close, 'FROM') : -1;
    if (from < 0) {
      out.push(t[i]!);
      continue;
    }
    const chars = t.slice(i + 3, from);
    out.push(synth('word', fn!), synth('punct', '('), ...t.slice(from + 1, close), ...(chars.length ? [synth('punct', ','), ...chars] : []), synth('punct', ')'));
    i = close;
  }
  return out;
}

/** `POSITION(a IN b)` → `strpos(b, a)`: one call syntax for both spellings (the server prints the first). */
function positionCalls(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const close = isWord(t[i], 'POSITION') && t[i + 1]?.value === '(' ? matchParen(t, i + 1) : -1;
    const inAt = close > 0 ? topLevelWord(t, i + 2, close, 'IN') : -1;
    if (inAt < 0) {
      out.push(t[i]!);
      continue;
    }
    out.push(synth('word', 'strpos'), synth('punct', '('), ...t.slice(inAt + 1, close), synth('punct', ','), ...t.slice(i + 2, inAt), synth('punct', ')'));
    i = close;
  }
  return out;
}

/** The index of `word` outside any parentheses in t[from, to), or -1. */
function topLevelWord(t: readonly Token[], from: number, to: number, word: string): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const tok = t[i]!;
    if (tok.kind === 'punct' && tok.value === '(') depth++;
    else if (tok.kind === 'punct' && tok.value === ')') depth--;
    else if (depth === 0 && isWord(tok, word)) return i;
  }
  return -1;
}

const boundary = (tok: Token | undefined): boolean => tok === undefined || tok.value === '(' || isWord(tok, 'AND', 'OR', 'NOT', 'WHERE', 'CHECK');
const operand = (tok: Token | undefined): boolean => tok !== undefined && (tok.kind === 'number' || tok.kind === 'string' || tok.kind === 'ident' || (tok.kind === 'word' && !GROUPING_WORDS.has(tok.value.toUpperCase())));

/**
 * Drops parentheses that change nothing: around a single token, and around an
 * expression without top-level AND/OR that stands between AND/OR/NOT or the edges
 * (comparisons bind tighter than those). Parentheses after a function name stay.
 */
function redundantParens(input: Token[]): Token[] {
  let t = input;
  for (let changed = true; changed; ) {
    changed = false;
    const next = dropOneParen(t);
    if (next !== t) {
      t = next;
      changed = true;
    }
  }
  return t;
}

function dropOneParen(t: Token[]): Token[] {
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.kind !== 'punct' || t[i]!.value !== '(') continue;
    const before = t[i - 1];
    const grouping = before === undefined || before.kind === 'punct' ? before?.value !== ')' && before?.value !== ']' : before.kind === 'word' && GROUPING_WORDS.has(before.value.toUpperCase());
    if (!grouping) continue;
    const close = matchParen(t, i);
    if (close < 0) continue;
    const inner = t.slice(i + 1, close);
    const after = t[close + 1];
    // A negative number is one operand: unary minus binds tighter than any binary operator.
    const single = inner.length === 1 || (inner.length === 2 && inner[0]!.value === '-' && inner[1]!.kind === 'number');
    const boundaryBefore = boundary(before);
    const boundaryAfter = after === undefined || after.value === ')' || isWord(after, 'AND', 'OR');
    if (single || (boundaryBefore && boundaryAfter && !hasTopLevelAndOr(inner) && inner.length > 0)) {
      return [...t.slice(0, i), ...inner, ...t.slice(close + 1)];
    }
  }
  return t;
}

function hasTopLevelAndOr(t: readonly Token[]): boolean {
  let depth = 0;
  for (const tok of t) {
    if (tok.kind === 'punct' && tok.value === '(') depth++;
    else if (tok.kind === 'punct' && tok.value === ')') depth--;
    else if (depth === 0 && isWord(tok, 'AND', 'OR')) return true;
  }
  return false;
}

function synth(kind: Token['kind'], value: string): Token {
  return { kind, value, start: -1, end: -1 };
}

/** Re-serializes tokens (strings re-quoted, identifiers quoted) so they tokenize back the same. */
function render(t: readonly Token[]): string {
  return t
    .map((tok) => {
      switch (tok.kind) {
        case 'string':
          return `'${tok.value.replace(/'/g, "''")}'`;
        case 'ident':
          return `"${tok.value.replace(/"/g, '""')}"`;
        case 'blob':
          return `x'${tok.value}'`;
        default:
          return tok.value;
      }
    })
    .join(' ');
}
