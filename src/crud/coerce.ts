/**
 * Turns user input into values of a column's type before anything reaches the database,
 * so a bad value is one precise message (`age: 'abc' is not an integer`) rather than a
 * driver error or, worse, a silently stored string. Objects and arrays are accepted only
 * by json columns: an object where a scalar belongs is refused, never interpreted (the
 * object-in-where trick of knex CVE-2016-20018 has nothing to grab onto).
 */
import { InputError, closest } from '../errors.js';
import { isCalendarDay } from '../schema/calendar.js';
import type { Column, ColumnType } from '../schema/ir.js';

/**
 * Where values come from. `text`: command-line `col=value` pairs and CSV fields, parsed by
 * column type (a json column parses its text as JSON). `value`: typed values from JSON
 * documents, seed modules and `--where` literals (strings are still parsed for non-text
 * columns; a json column stores the value itself).
 */
export type ValueOrigin = 'text' | 'value';

/** A value → the JS value of the column's type; throws `InputError` naming the column. */
export type Coercer = (value: unknown) => unknown;

/** Options of `coerceValue` and `makeCoercer`. */
export interface CoerceOptions {
  /** Refuse null for NOT NULL columns that the database does not fill itself (default true). */
  readonly checkNull?: boolean;
  /**
   * What the database at hand stores (its `Capabilities`): the range of the `integer`
   * column type (default: any 64-bit integer; `bigint` columns always take 64 bits), and
   * whether text may hold NUL (default: yes).
   */
  readonly limits?: { readonly integerRange: IntegerRange; readonly textHoldsNul: boolean };
}

/** The values an integer column takes, and how messages name that range ('a 32-bit integer'). */
export interface IntegerRange {
  readonly min: number | bigint;
  readonly max: number | bigint;
  readonly name: string;
}

const INT64: IntegerRange = Object.freeze({ min: -(2n ** 63n), max: 2n ** 63n - 1n, name: 'a 64-bit integer' });

/** Coerces one value for a column. */
export function coerceValue(column: Column, value: unknown, origin: ValueOrigin, options: CoerceOptions = {}): unknown {
  return makeCoercer(column, origin, options)(value);
}

/** A coercer for one column, built once and reused for every row (the seed's hot path). */
export function makeCoercer(column: Column, origin: ValueOrigin, options: CoerceOptions = {}): Coercer {
  const range = column.type.kind === 'integer' ? (options.limits?.integerRange ?? INT64) : INT64;
  const convert = checkText(converter(column.type, origin, range), column.type, origin, options.limits?.textHoldsNul ?? true);
  const nullAllowed = options.checkNull === false || column.nullable || column.autoIncrement;
  return (value) => {
    if (value === null || value === undefined) {
      if (nullAllowed) return null;
      throw problem(column, 'a value is required (the column is NOT NULL)', value);
    }
    const result = convert(value);
    if (result === INVALID) throw problem(column, (TEXT_KINDS.has(column.type.kind) ? textProblem(value, options.limits?.textHoldsNul ?? true) : null) ?? describeProblem(column.type, value, range), value);
    return result;
  };
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const TEXT_KINDS: ReadonlySet<ColumnType['kind']> = new Set(['text', 'varchar', 'enum', 'custom']);

/**
 * Refuses text no database would store as given: a lone UTF-16 surrogate (only a JSON
 * document's `"\ud800"` or a module can make one; every driver would write U+FFFD
 * instead) and, where the database cannot store it, NUL.
 */
function checkText(convert: Converter, type: ColumnType, origin: ValueOrigin, nulAllowed: boolean): Converter {
  if (!TEXT_KINDS.has(type.kind) || (origin === 'text' && nulAllowed)) return convert;
  return (v) => (typeof v === 'string' && textProblem(v, nulAllowed) !== null ? INVALID : convert(v));
}

/** What is wrong with a string as text (see `checkText`), or null. */
function textProblem(v: unknown, nulAllowed: boolean): string | null {
  if (typeof v !== 'string') return null;
  if (!nulAllowed && v.includes('\0')) return `${showValue(v)} holds the NUL character (\\0), which this database cannot store in text`;
  if (LONE_SURROGATE.test(v)) return `${showValue(v.replace(/[\uD800-\uDFFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`))} holds a lone UTF-16 surrogate, which is not Unicode text`;
  return null;
}

/** Marks a value the converter refused; the message is built only on that slow path. */
const INVALID: unique symbol = Symbol('invalid');
type Converter = (value: unknown) => unknown;

const INTEGER = /^\s*[+-]?\d+\s*$/;
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function converter(type: ColumnType, origin: ValueOrigin, range: IntegerRange): Converter {
  switch (type.kind) {
    case 'integer':
    case 'bigint': {
      // Numbers compare with numbers (exact for safe integers), bigints with bigints.
      const [min, max, minN, maxN] = [BigInt(range.min), BigInt(range.max), Number(range.min), Number(range.max)];
      return (v) => {
        const n = toInteger(v);
        if (n === INVALID) return n;
        return (typeof n === 'number' ? n >= minN && n <= maxN : n >= min && n <= max) ? n : INVALID;
      };
    }
    case 'real':
      return toReal;
    case 'numeric':
      return type.precision === null ? toNumeric : withPrecision(type.precision, type.scale ?? 0);
    case 'boolean':
      return toBoolean;
    case 'date':
      return toDate;
    case 'timestamp':
      return toTimestamp;
    case 'json':
      return origin === 'text' ? toJsonFromText : toJsonValue;
    case 'blob':
      return toBlob;
    case 'uuid':
      return (v) => (typeof v === 'string' && UUID.test(v.trim()) ? v.trim().toLowerCase() : INVALID);
    case 'enum': {
      const values = new Set(type.values);
      return (v) => (typeof v === 'string' && values.has(v) ? v : INVALID);
    }
    case 'varchar': {
      const max = type.length;
      return (v) => {
        const s = toText(v);
        // Lengths count characters (code points), as the databases do.
        return s === INVALID || max === null || s.length <= max || [...s].length <= max ? s : INVALID;
      };
    }
    case 'text':
    case 'custom':
      return toText;
  }
}

/**
 * An integer as a number when safe, else a bigint; range checks are the caller's. A
 * number past 2^53 (a JSON document's 9007199254740993) has already lost digits: refused.
 */
function toInteger(v: unknown): number | bigint | typeof INVALID {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : INVALID;
  if (typeof v === 'bigint') return v;
  if (typeof v !== 'string' || !INTEGER.test(v)) return INVALID;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : BigInt(v.trim());
}

function toReal(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : INVALID;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'string' || !DECIMAL.test(v)) return INVALID;
  // '1e400' is well-formed but no double holds it: Infinity would be stored (or refused by MySQL).
  const n = Number(v);
  return Number.isFinite(n) ? n : INVALID;
}

function toNumeric(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : INVALID;
  if (typeof v === 'bigint') return v.toString();
  // Kept as text: every digit the user wrote reaches the database.
  return typeof v === 'string' && DECIMAL.test(v) ? v.trim() : INVALID;
}

/** numeric(p, s): at most p − s digits before the point, as the databases refuse (SQLite would store it). */
function withPrecision(precision: number, scale: number): Converter {
  return (v) => {
    const text = toNumeric(v);
    return text === INVALID || integerDigits(text as string) <= precision - scale ? text : INVALID;
  };
}

/** Digits before the point of a decimal text such as '-0012.5e3' (leading zeros not counted). */
function integerDigits(text: string): number {
  const m = /^[+-]?0*(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) return Infinity;
  const [, whole = '', fraction = '', exponent = '0'] = m;
  const digits = (whole + fraction).replace(/^0+/, '');
  // Where the point lands after the exponent, counted from the first significant digit.
  return digits === '' ? 0 : Math.max(0, digits.length - (whole + fraction).length + whole.length + Number(exponent));
}

function toBoolean(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v !== 'string') return INVALID;
  switch (v.trim().toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return INVALID;
  }
}

function toDate(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? INVALID : v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return INVALID;
  const m = DATE.exec(v.trim());
  return m && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) ? v.trim() : INVALID;
}

function toTimestamp(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? INVALID : v;
  if (typeof v !== 'string') return INVALID;
  const m = TIMESTAMP.exec(v.trim());
  if (!m) return INVALID;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', fraction = '', zone] = m;
  if (!isCalendarDay(Number(y), Number(mo), Number(d)) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return INVALID;
  // A timestamp without a zone is UTC, as SQLite's CURRENT_TIMESTAMP writes it.
  const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const date = new Date(`${y}-${mo}-${d}T${hh}:${mi}:${ss}${fraction.slice(0, 4)}${offset}`);
  return Number.isNaN(date.getTime()) ? INVALID : date;
}

function toJsonFromText(v: unknown): unknown {
  if (typeof v !== 'string') return toJsonValue(v);
  try {
    return JSON.parse(v);
  } catch {
    return INVALID;
  }
}

function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') return INVALID;
  return v;
}

function toBlob(v: unknown): unknown {
  if (v instanceof Uint8Array) return v;
  if (typeof v !== 'string') return INVALID;
  // PostgreSQL's bytea hex form (`\xDEADBEEF`); other text is stored as its UTF-8 bytes.
  if (/^\\x/i.test(v)) return /^\\x(?:[0-9a-f]{2})*$/i.test(v) ? Buffer.from(v.slice(2), 'hex') : INVALID;
  return Buffer.from(v, 'utf8');
}

function toText(v: unknown): string | typeof INVALID {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  return INVALID;
}

function describeProblem(type: ColumnType, value: unknown, range: IntegerRange): string {
  const shown = showValue(value);
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return `expected ${expectation(type)}, got ${Array.isArray(value) ? 'an array' : 'an object'} (only json columns take objects)`;
  }
  switch (type.kind) {
    case 'integer':
    case 'bigint': {
      const whole = typeof value === 'number' ? Number.isInteger(value) : typeof value === 'bigint' || (typeof value === 'string' && INTEGER.test(value));
      if (!whole) return `${shown} is not an integer`;
      if (toInteger(value) !== INVALID) return `${shown} is out of range for ${range.name}`;
      // A JSON number past 2^53: its digits are gone before we see it.
      return `${shown} is past 2^53, where a JSON or JavaScript number loses digits; give it as a quoted string`;
    }
    case 'real':
      return typeof value === 'string' && DECIMAL.test(value) ? `${shown} is out of range for a double` : `${shown} is not a number`;
    case 'numeric':
      if (type.precision !== null && toNumeric(value) !== INVALID) {
        return `${shown} has more than ${type.precision - (type.scale ?? 0)} digits before the point, more than numeric(${type.precision}, ${type.scale ?? 0}) holds`;
      }
      return `${shown} is not a decimal number`;
    case 'boolean':
      return `${shown} is not a boolean (use true, false, 1 or 0)`;
    case 'date':
      return `${shown} is not a valid date (YYYY-MM-DD)`;
    case 'timestamp':
      return `${shown} is not a valid timestamp (ISO 8601, e.g. 2024-05-01T12:30:00Z)`;
    case 'json':
      return typeof value === 'string' ? `${shown} is not valid JSON` : `${shown} cannot be stored as JSON`;
    case 'blob':
      return `${shown} is not binary data (use \\x followed by hex digits, or text)`;
    case 'uuid':
      return `${shown} is not a UUID`;
    case 'enum': {
      const hint = typeof value === 'string' ? closest(value, type.values) : undefined;
      return `${shown} is not one of ${type.values.map((v) => `'${v}'`).join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}`;
    }
    case 'varchar':
      return typeof value === 'string' ? `${shown} is longer than ${type.length} characters (${[...value].length})` : `expected a string, got ${shown}`;
    case 'text':
    case 'custom':
      return `expected a string, got ${shown}`;
  }
}

function expectation(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
      return 'an integer';
    case 'real':
    case 'numeric':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'date':
      return 'a date';
    case 'timestamp':
      return 'a timestamp';
    case 'blob':
      return 'binary data';
    default:
      return 'a string';
  }
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value as shown in messages: strings quoted and cut at 60 characters. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    // Control characters escaped: a message must not carry a NUL or a terminal escape sequence.
    const shown = (value.length > 60 ? `${value.slice(0, 60)}…` : value).replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return `'${shown}'`;
  }
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function problem(column: Column, text: string, value: unknown): InputError {
  return new InputError(`${column.name}: ${text}`, { column: column.name, problem: text, value: showValue(value) });
}
