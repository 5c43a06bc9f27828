import type { Expr, Precedence } from '../shared/expression-tree.js';
import { canonicalTokens } from '../shared/expression-tree.js';
import type { Token } from '../shared/tokens.js';
import { canonicalExpression, isWord, matchParen, tokenize } from '../shared/tokens.js';
import { quoteMysql } from './literal.js';

/** Spellings of "now" that MySQL and MariaDB report for one another. */
const NOW_FUNCTIONS = new Set(['current_timestamp', 'now', 'localtime', 'localtimestamp']);

/** True for `CURRENT_TIMESTAMP`, `now()`, `current_timestamp(6)` and their kin. */
export function isCurrentTimestamp(sql: string): boolean {
  return /^\s*\(?\s*(current_timestamp|now|localtime|localtimestamp)\s*(\(\s*\d*\s*\))?\s*\)?\s*$/i.test(sql);
}

/**
 * A canonical text for comparing a CHECK clause or default expression as written in a
 * model with what the server reports. On top of `canonicalExpression` it undoes MySQL's
 * and MariaDB's rewrites: charset introducers (`_utf8mb4'a'`), function aliases
 * (`octet_length`, `lcase`, `ucase` for `length`, `lower`, `upper`; `MOD` for `%`), `!=`
 * for `<>`, `TRUE`/`FALSE` for 1/0, every spelling of the current timestamp whatever its
 * fractional digits, the server's own parentheses (see expression-tree.ts) and its
 * rewriting of NOT (`NOT (a > 1)` is stored as `a <= 1`, `NOT flag` as `flag = 0`).
 */
export function canonicalMysqlExpression(sql: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return canonicalExpression(sql);
  }
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.kind === 'word') {
      const w = t.value.toLowerCase();
      if (/^_[a-z0-9]+$/.test(w) && next?.kind === 'string') continue;
      if (NOW_FUNCTIONS.has(w)) {
        if (next?.kind === 'punct' && next.value === '(') {
          const close = matchParen(tokens, i + 1);
          // Only an empty or precision-only argument list: anything else is another call.
          if (close === i + 2 || (close === i + 3 && tokens[i + 2]!.kind === 'number')) i = close;
        }
        out.push(synth('word', 'current_timestamp'));
        continue;
      }
      const alias = WORD_ALIASES.get(w);
      // `x IS TRUE` is not `x IS 1` (which is no SQL at all).
      const afterIs = isWord(out[out.length - 1], 'IS') || (isWord(out[out.length - 1], 'NOT') && isWord(out[out.length - 2], 'IS'));
      if (alias !== undefined && !afterIs) {
        out.push(synth('word', alias));
        continue;
      }
      if (w === 'mod' && next?.value !== '(') {
        out.push(synth('punct', '%'));
        continue;
      }
    }
    out.push(t.kind === 'punct' && t.value === '!=' ? synth('punct', '<>') : t);
  }
  const minimal = canonicalTokens(out, MYSQL_PRECEDENCE, mysqlRewrites);
  return canonicalExpression((minimal ?? out).map(tokenText).join(' '));
}

/** Names the server prints for others (MariaDB reports `lcase` for `lower`), and TRUE/FALSE as numbers. */
const WORD_ALIASES = new Map([
  ['octet_length', 'length'],
  ['lcase', 'lower'],
  ['ucase', 'upper'],
  ['true', '1'],
  ['false', '0'],
]);

/**
 * MySQL's and MariaDB's operator precedence
 * (https://dev.mysql.com/doc/refman/8.0/en/operator-precedence.html): higher binds tighter.
 * `||` is OR (unless PIPES_AS_CONCAT, which a server then prints as `concat`).
 */
export const MYSQL_PRECEDENCE: Precedence = {
  binary: new Map<string, number>([
    ['OR', 1],
    ['||', 1],
    ['XOR', 2],
    ['AND', 3],
    ['&&', 3],
    ...['=', '<=>', '>=', '>', '<=', '<', '<>', 'LIKE', 'REGEXP', 'RLIKE'].map((op) => [op, 6] as [string, number]),
    ['|', 7],
    ['&', 8],
    ['<<', 9],
    ['>>', 9],
    ['+', 10],
    ['-', 10],
    ['*', 11],
    ['/', 11],
    ['%', 11],
    ['DIV', 11],
    ['^', 12],
  ]),
  nonAssociative: new Set([6]),
  not: 4,
  between: 5,
  is: 6,
  in: 6,
  unaryMinus: 13,
  compound: ['->>', '->', '&&', '||', '<=>', '<<', '>>'],
};

const INVERSE: Record<string, string> = { '=': '<>', '<>': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };

/** `mod(a, b)` as `a % b`, `&&` as AND, and NOT pushed down as the server stores it (see `negate`). */
function mysqlRewrites(e: Expr): Expr {
  if (e.k === 'call' && e.name.value.toLowerCase() === 'mod' && e.args.length === 2) return { k: 'binary', op: '%', l: e.args[0]!, r: e.args[1]! };
  if (e.k === 'binary' && e.op === '&&') return { ...e, op: 'AND' };
  if (e.k === 'prefix' && e.op === 'NOT') return negate(e.x);
  return e;
}

/**
 * NOT of an expression whose own NOTs are already pushed down: through AND/OR (De
 * Morgan), into comparisons (`>` becomes `<=`), IN, BETWEEN, LIKE and IS, and `NOT x`
 * for a plain value becomes `x = 0`. Each step keeps SQL's three-valued meaning.
 */
function negate(x: Expr): Expr {
  switch (x.k) {
    case 'binary':
      if (x.op === 'AND' || x.op === 'OR') return { k: 'binary', op: x.op === 'AND' ? 'OR' : 'AND', l: negate(x.l), r: negate(x.r) };
      if (INVERSE[x.op]) return { ...x, op: INVERSE[x.op]! };
      if (x.op === 'LIKE' || x.op === 'NOT LIKE') return { ...x, op: x.op === 'LIKE' ? 'NOT LIKE' : 'LIKE' };
      break;
    case 'in':
    case 'between':
    case 'is':
      return { ...x, not: !x.not };
    case 'atom':
      return { k: 'binary', op: '=', l: x, r: { k: 'atom', tokens: [synth('number', '0')] } };
  }
  return { k: 'prefix', op: 'NOT', x };
}

function synth(kind: Token['kind'], value: string): Token {
  return { kind, value, start: -1, end: -1 };
}

function tokenText(t: Token): string {
  switch (t.kind) {
    case 'ident':
      return quoteMysql(t.value);
    case 'string':
      return `'${t.value.replace(/'/g, "''")}'`;
    case 'blob':
      return `x'${t.value}'`;
    case 'punct':
      return t.value === '!=' ? '<>' : t.value;
    case 'word':
    case 'number':
    case 'param':
      return t.value;
  }
}
