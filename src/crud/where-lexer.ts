/**
 * Tokens of the `--where` language. Words (letters of any script, digits, `_`, `$`) are
 * columns unless they are one of the keywords; a column whose name is a keyword or not a plain word is written in backticks
 * (a backtick inside is doubled). Strings take single or double quotes with backslash
 * escapes; a doubled quote inside a string also stands for one quote, as in SQL.
 */
import { whereError } from './where-error.js';

/** Token kinds of the `--where` language. */
export type WhereTokenKind = 'column' | 'keyword' | 'string' | 'number' | 'op' | 'end';

/** One token, with its offsets in the source for error positions. */
export interface WhereToken {
  readonly kind: WhereTokenKind;
  /** Column name, lower-case keyword, unescaped string, number text or operator. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** Reserved words (case-insensitive); a column with one of these names needs backticks. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'true', 'false', 'like', 'ilike', 'between']);

const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>', '(', ')', ','];
const WORD_START = /[\p{L}_]/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_$]/u;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

/** Splits a `--where` expression into tokens; the last one is always `end`. */
export function tokenizeWhere(source: string): WhereToken[] {
  const tokens: WhereToken[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (WORD_START.test(ch)) {
      while (i < n && WORD_CHAR.test(source[i]!)) i++;
      const word = source.slice(start, i);
      const lower = word.toLowerCase();
      tokens.push(KEYWORDS.has(lower) ? { kind: 'keyword', value: lower, start, end: i } : { kind: 'column', value: word, start, end: i });
      continue;
    }
    if (ch === '`') {
      const [name, end] = readQuoted(source, start, '`', false);
      if (name === '') throw whereError(source, start, 'empty column name `` {at}');
      tokens.push({ kind: 'column', value: name, start, end });
      i = end;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const [value, end] = readQuoted(source, start, ch, true);
      tokens.push({ kind: 'string', value, start, end });
      i = end;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      i += number[0].length;
      // `3abc` or `1.2.3` is a typo, not a number followed by a column.
      if (i < n && (WORD_CHAR.test(source[i]!) || source[i] === '.')) throw whereError(source, i, `unexpected '${source[i]}' {at}, in the number '${number[0]}'`);
      tokens.push({ kind: 'number', value: number[0], start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', value: op, start, end: i + op.length });
      i += op.length;
      continue;
    }
    const char = String.fromCodePoint(source.codePointAt(i)!);
    const shown = /[\u0000-\u001f\u007f-\u009f]/.test(char) ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char;
    throw whereError(source, i, `unexpected '${shown}' {at}${char === '{' || char === '[' ? ': values are strings, numbers, true, false or null, never objects or lists' : ''}`);
  }
  tokens.push({ kind: 'end', value: '', start: n, end: n });
  return tokens;
}

/** Reads a quoted string or identifier starting at `start`; returns its value and the end offset. */
function readQuoted(source: string, start: number, quote: string, escapes: boolean): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === quote) {
      if (source[i + 1] === quote) {
        out += quote;
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    if (ch === '\\' && escapes) {
      const next = source[i + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const [char, length] = readUnicodeEscape(source, i);
        out += char;
        i += length;
        continue;
      }
      const replacement = ESCAPES[next];
      if (replacement === undefined) throw whereError(source, i, `unknown escape '\\${next}' {at} (use \\\\ for a backslash)`);
      out += replacement;
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  throw whereError(source, start, `unterminated ${quote === '`' ? 'quoted column name' : 'string'} starting {at}`);
}

/** A `\u` escape (four hex digits, or `\u{…}`) at `i`; returns the character and the escape's length. */
function readUnicodeEscape(source: string, i: number): [string, number] {
  const braced = /^\\u\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(i, i + 10));
  if (braced) {
    const code = parseInt(braced[1]!, 16);
    if (code <= 0x10ffff) return [String.fromCodePoint(code), braced[0].length];
  }
  const plain = /^\\u([0-9A-Fa-f]{4})/.exec(source.slice(i, i + 6));
  if (plain) return [String.fromCharCode(parseInt(plain[1]!, 16)), 6];
  throw whereError(source, i, 'invalid unicode escape {at} (expected \\u and four hex digits, or \\u{hex})');
}
