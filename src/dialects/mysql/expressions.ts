import type { Token } from '../shared/tokens.js';
import { canonicalExpression, matchParen, tokenize } from '../shared/tokens.js';
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
 * and MariaDB's rewrites: charset introducers (`_utf8mb4'a'`), `octet_length` for
 * `length` (MariaDB's name for the same function), `!=` for `<>`, `TRUE`/`FALSE` for 1/0,
 * and every spelling of the current timestamp, whatever its fractional digits.
 */
export function canonicalMysqlExpression(sql: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return canonicalExpression(sql);
  }
  const out: string[] = [];
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
        out.push('current_timestamp');
        continue;
      }
      if (w === 'octet_length') {
        out.push('length');
        continue;
      }
      if (w === 'true' || w === 'false') {
        out.push(w === 'true' ? '1' : '0');
        continue;
      }
    }
    out.push(tokenText(t));
  }
  return canonicalExpression(out.join(' '));
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
