import type { Token } from '../shared/tokens.js';
import { isWord, isWordIn, matchParen, splitTopLevel, tokenize } from '../shared/tokens.js';

/**
 * What SQLite's pragmas do not tell: constraint names and CHECK expressions live only
 * in the CREATE TABLE text kept in sqlite_schema. This reads them from that text.
 */
export interface ParsedCreateTable {
  readonly primaryKey: { readonly name: string | null; readonly columns: string[] } | null;
  readonly uniques: Array<{ readonly name: string | null; readonly columns: string[] }>;
  readonly checks: Array<{ readonly name: string | null; readonly expression: string; readonly column: string | null }>;
  readonly foreignKeys: Array<{ readonly name: string | null; readonly columns: string[]; readonly refTable: string }>;
}

const COLUMN_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS']);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);
/** Words that keep a pending `CONSTRAINT name` for the constraint that follows them. */
const KEEPS_NAME = new Set(['NOT', 'NULL', 'ON', 'DEFAULT', 'COLLATE', 'ASC', 'DESC', 'AUTOINCREMENT', 'KEY', 'CONFLICT']);

export function parseCreateTable(sql: string): ParsedCreateTable {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => t.kind === 'punct' && t.value === '(');
  const close = open < 0 ? -1 : matchParen(tokens, open);
  const result: ParsedCreateTable = { primaryKey: null, uniques: [], checks: [], foreignKeys: [] };
  if (open < 0 || close < 0) return result;
  const mutable = result as { primaryKey: ParsedCreateTable['primaryKey'] };
  const text = (a: Token, b: Token): string => sql.slice(a.start, b.end);

  for (const [from, to] of splitTopLevel(tokens, open + 1, close)) {
    const part = tokens.slice(from, to);
    if (part.length === 0) continue;
    let i = 0;
    let name: string | null = null;
    const first = part[0]!;
    const isTableConstraint = isWordIn(first, TABLE_CONSTRAINT_START);
    if (isTableConstraint) {
      if (isWord(first, 'CONSTRAINT')) {
        name = part[1]?.value ?? null;
        i = 2;
      }
      const kw = part[i];
      if (isWord(kw, 'PRIMARY')) {
        mutable.primaryKey = { name, columns: parenNames(part, i + 2) };
      } else if (isWord(kw, 'UNIQUE')) {
        result.uniques.push({ name, columns: parenNames(part, i + 1) });
      } else if (isWord(kw, 'CHECK')) {
        const end = matchParen(part, i + 1);
        result.checks.push({ name, expression: text(part[i + 2]!, part[end - 1]!), column: null });
      } else if (isWord(kw, 'FOREIGN')) {
        const cols = parenNames(part, i + 2);
        const ref = part.findIndex((t) => isWord(t, 'REFERENCES'));
        result.foreignKeys.push({ name, columns: cols, refTable: part[ref + 1]?.value ?? '' });
      }
      continue;
    }
    // A column definition: name, type words, then column constraints.
    const column = first.value;
    i = 1;
    while (i < part.length && !isWordIn(part[i], COLUMN_CONSTRAINT_START)) {
      i = part[i]!.value === '(' ? matchParen(part, i) + 1 : i + 1;
    }
    name = null;
    while (i < part.length) {
      const t = part[i]!;
      const word = t.kind === 'word' ? t.value.toUpperCase() : '';
      if (word === 'CONSTRAINT') {
        name = part[i + 1]?.value ?? null;
        i += 2;
        continue;
      }
      if (word === 'PRIMARY') {
        mutable.primaryKey = { name, columns: [column] };
      } else if (word === 'UNIQUE') {
        result.uniques.push({ name, columns: [column] });
      } else if (word === 'CHECK') {
        const end = matchParen(part, i + 1);
        result.checks.push({ name, expression: text(part[i + 2]!, part[end - 1]!), column });
        i = end + 1;
        name = null;
        continue;
      } else if (word === 'REFERENCES') {
        result.foreignKeys.push({ name, columns: [column], refTable: part[i + 1]?.value ?? '' });
      } else if (t.value === '(') {
        i = matchParen(part, i) + 1;
        continue;
      }
      if (!KEEPS_NAME.has(word)) name = null;
      i++;
    }
  }
  return result;
}

/** Names inside the parenthesis that starts at `open` (`("a", b COLLATE x DESC)` → a, b). */
function parenNames(part: readonly Token[], open: number): string[] {
  if (part[open]?.value !== '(') return [];
  const end = matchParen(part, open);
  return splitTopLevel(part, open + 1, end).map(([a]) => part[a]!.value);
}

/**
 * The text of each key of `CREATE INDEX … ON t (key, …)`, without its COLLATE, ASC or DESC:
 * where SQLite keeps an expression key (pragma_index_xinfo reports it only as cid -2).
 */
export function parseIndexKeys(sql: string): string[] {
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => isWord(t, 'ON'));
  const open = tokens.findIndex((t, i) => i > on && t.kind === 'punct' && t.value === '(');
  const close = on < 0 || open < 0 ? -1 : matchParen(tokens, open);
  if (close < 0) return [];
  return splitTopLevel(tokens, open + 1, close).map(([from, to]) => {
    let end = to;
    if (isWord(tokens[end - 1], 'ASC', 'DESC')) end--;
    if (end - 2 > from && isWord(tokens[end - 2], 'COLLATE')) end -= 2;
    return sql.slice(tokens[from]!.start, tokens[end - 1]!.end).trim();
  });
}

/** The predicate of a partial index: the text after the top-level WHERE, or null. */
export function parseIndexWhere(sql: string): string | null {
  const tokens = tokenize(sql);
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.value === '(') depth++;
    else if (t.kind === 'punct' && t.value === ')') depth--;
    else if (depth === 0 && isWord(t, 'WHERE')) return sql.slice(t.end).trim();
  }
  return null;
}
