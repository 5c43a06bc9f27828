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
  } catch {
    return canonicalExpression(sql);
  }
  return canonicalExpression(text);
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
  t = between(t);
  t = trimCalls(t);
  t = redundantParens(t);
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

/** `x BETWEEN a AND b` (single-token operands) → `x >= a AND x <= b`, as PostgreSQL prints it. */
function between(t: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if ((x.kind === 'word' || x.kind === 'ident') && boundary(t[i - 1]) && isWord(t[i + 1], 'BETWEEN') && operand(t[i + 2]) && isWord(t[i + 3], 'AND') && operand(t[i + 4]) && !isWord(x, 'NOT')) {
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
