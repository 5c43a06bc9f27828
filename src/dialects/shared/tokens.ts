/**
 * A small SQL tokenizer shared by introspectors and normalizers: enough to split
 * CREATE TABLE bodies, find constraint names and compare expressions ignoring
 * whitespace, comments and identifier quoting. It never executes or rewrites SQL.
 */
import { memoizeText } from './memo.js';

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'blob' | 'punct' | 'param';

export interface Token {
  readonly kind: TokenKind;
  /** For `ident`, the unquoted name; for `string`, the unescaped value; otherwise the text. */
  readonly value: string;
  /** Offsets into the source, so callers can slice the original text. */
  readonly start: number;
  readonly end: number;
}

const PUNCT3 = new Set(['<=>', '->>']);
const PUNCT2 = new Set(['<=', '>=', '<>', '!=', '||', '::', '==', '<<', '>>', '->']);
/** First characters of the punctuation above: only these can start more than one character. */
const PUNCT_LONG_START = new Set(['<', '>', '!', '|', ':', '=', '-']);

// Sticky (`y`) patterns match at `lastIndex`: no copy of the rest of the text per token.
const NUMBER = /0x[0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?\.?/y;
const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;
const PARAM = /\?\d*|\$\d+|[:@$][A-Za-z_][A-Za-z0-9_]*/y;

const isSpace = (c: number, ch: string): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(ch));
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;

function matchAt(re: RegExp, sql: string, i: number): string | null {
  re.lastIndex = i;
  const m = re.exec(sql);
  return m ? m[0] : null;
}

/** Tokenizes `sql`; comments and whitespace are dropped. Throws on an unterminated quote. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    const code = sql.charCodeAt(i);
    if (isSpace(code, ch)) {
      i++;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    const start = i;
    if (ch === "'" || ((ch === 'x' || ch === 'X' || ch === 'E' || ch === 'e' || ch === 'N' || ch === 'n') && sql[i + 1] === "'")) {
      const isBlob = ch === 'x' || ch === 'X';
      if (ch !== "'") i++;
      const [value, end] = readQuoted(sql, i, "'", "'");
      tokens.push({ kind: isBlob ? 'blob' : 'string', value, start, end });
      i = end;
      continue;
    }
    if (ch === '"' || ch === '`') {
      const [value, end] = readQuoted(sql, i, ch, ch);
      tokens.push({ kind: 'ident', value, start, end });
      i = end;
      continue;
    }
    if (ch === '[') {
      const close = sql.indexOf(']', i + 1);
      if (close < 0) throw new SyntaxError(`unterminated [identifier] at offset ${i}`);
      tokens.push({ kind: 'ident', value: sql.slice(i + 1, close), start, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (isDigit(code) || (ch === '.' && isDigit(sql.charCodeAt(i + 1)))) {
      const m = matchAt(NUMBER, sql, i)!;
      i += m.length;
      tokens.push({ kind: 'number', value: m, start, end: i });
      continue;
    }
    if (isWordStart(code)) {
      const m = matchAt(WORD, sql, i)!;
      i += m.length;
      tokens.push({ kind: 'word', value: m, start, end: i });
      continue;
    }
    if (ch === '?' || ch === '$' || ch === ':' || ch === '@') {
      const m = matchAt(PARAM, sql, i);
      if (m) {
        i += m.length;
        tokens.push({ kind: 'param', value: m, start, end: i });
        continue;
      }
    }
    let p = ch;
    if (PUNCT_LONG_START.has(ch)) {
      const three = sql.slice(i, i + 3);
      const two = sql.slice(i, i + 2);
      p = PUNCT3.has(three) ? three : PUNCT2.has(two) ? two : ch;
    }
    i += p.length;
    tokens.push({ kind: 'punct', value: p, start, end: i });
  }
  return tokens;
}

function readQuoted(sql: string, i: number, open: string, close: string): [string, number] {
  let out = '';
  let j = i + open.length;
  for (;;) {
    const k = sql.indexOf(close, j);
    if (k < 0) throw new SyntaxError(`unterminated ${open}quoted${close} text at offset ${i}`);
    out += sql.slice(j, k);
    if (sql[k + 1] === close) {
      out += close;
      j = k + 2;
      continue;
    }
    return [out, k + 1];
  }
}

/** Index of the token closing the parenthesis opened at `open`, or -1. */
export function matchParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits tokens[from, to) on top-level commas. */
export function splitTopLevel(tokens: readonly Token[], from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    else if (t.value === ')') depth--;
    else if (t.value === ',' && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  if (start < to) parts.push([start, to]);
  return parts;
}

export function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.value.toUpperCase());
}

/** `isWord` against a set of upper-case words, for loops over every token. */
export function isWordIn(t: Token | undefined, words: ReadonlySet<string>): boolean {
  return t !== undefined && t.kind === 'word' && words.has(t.value.toUpperCase());
}

/**
 * A canonical text for comparing SQL expressions: keywords upper-cased, identifiers
 * unquoted and lower-cased where safe, whitespace collapsed, redundant outer parentheses removed.
 */
export const canonicalExpression: (sql: string) => string = memoizeText((sql) => canonicalText(sql));

function canonicalText(sql: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return sql.trim().replace(/\s+/g, ' ');
  }
  tokens = stripOuterParenTokens(tokens);
  let out = '';
  let prev: Token | undefined;
  for (const t of tokens) {
    const text =
      t.kind === 'word' ? t.value.toLowerCase()
      : t.kind === 'ident' ? t.value.toLowerCase()
      : t.kind === 'string' ? `'${t.value.replace(/'/g, "''")}'`
      : t.kind === 'blob' ? `x'${t.value.toLowerCase()}'`
      : t.value;
    if (prev && needsSpace(prev, t)) out += ' ';
    out += text;
    prev = t;
  }
  return out;
}

function needsSpace(a: Token, b: Token): boolean {
  if (a.kind === 'punct' && (a.value === '(' || a.value === '.' || a.value === '::')) return false;
  if (b.kind === 'punct' && (b.value === ')' || b.value === ',' || b.value === '.' || b.value === '::')) return false;
  if (b.kind === 'punct' && b.value === '(' && (a.kind === 'word' || a.kind === 'ident')) return false;
  return true;
}

export function stripOuterParenTokens(tokens: Token[]): Token[] {
  while (tokens.length >= 2 && tokens[0]!.value === '(' && tokens[0]!.kind === 'punct' && matchParen(tokens, 0) === tokens.length - 1) {
    tokens = tokens.slice(1, -1);
  }
  return tokens;
}

/** Removes redundant parentheses around a whole SQL expression, keeping its text otherwise. */
export function stripOuterParens(sql: string): string {
  let s = sql.trim();
  for (;;) {
    let tokens: Token[];
    try {
      tokens = tokenize(s);
    } catch {
      return s;
    }
    if (tokens.length >= 2 && tokens[0]!.value === '(' && matchParen(tokens, 0) === tokens.length - 1) {
      s = s.slice(tokens[0]!.end, tokens[tokens.length - 1]!.start).trim();
    } else {
      return s;
    }
  }
}
