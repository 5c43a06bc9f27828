/**
 * Checks values against their column types before anything reaches the database, so a
 * wrong value fails with `Model.field` and the value instead of a driver message (or, on
 * SQLite, instead of being stored as whatever it happened to be).
 */
import type { ColumnType } from '../schema/ir.js';
import { isCalendarDay } from '../schema/calendar.js';

/** Returns what is wrong with a non-null value, or null when it fits the column. */
export type Validator = (value: unknown) => string | null;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^[+-]?(\d+)(?:\.(\d+))?$/;

/** A validator for one column type. */
export function validatorFor(type: ColumnType): Validator {
  switch (type.kind) {
    case 'integer':
      return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? null : `expected an integer, got ${describe(v)}`);
    case 'bigint':
      return (v) =>
        (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX)
          ? null
          : `expected a 64-bit integer (number or bigint), got ${describe(v)}`;
    case 'real':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? null : `expected a finite number, got ${describe(v)}`);
    case 'numeric':
      return numericValidator(type.precision, type.scale);
    case 'text':
      return (v) => (typeof v === 'string' ? null : `expected a string, got ${describe(v)}`);
    case 'varchar': {
      const max = type.length;
      return (v) => {
        if (typeof v !== 'string') return `expected a string, got ${describe(v)}`;
        // Databases count characters; a string's UTF-16 length is never below that count.
        if (max === null || v.length <= max) return null;
        const chars = [...v].length;
        return chars <= max ? null : `${describe(v)} is ${chars} characters long, more than varchar(${max}) holds`;
      };
    }
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? null : `expected a boolean, got ${describe(v)}`);
    case 'date':
      return (v) => (typeof v === 'string' && isCalendarDate(v) ? null : `expected a 'YYYY-MM-DD' date string, got ${describe(v)}`);
    case 'timestamp':
      return (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? null : `expected a valid Date, got ${describe(v)}`);
    case 'json':
      return (v) => (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint' ? `${describe(v)} cannot be stored as JSON` : null);
    case 'blob':
      return (v) => (v instanceof Uint8Array ? null : `expected a Buffer or Uint8Array, got ${describe(v)}`);
    case 'uuid':
      return (v) => (typeof v === 'string' && UUID.test(v) ? null : `expected a UUID string, got ${describe(v)}`);
    case 'enum': {
      const allowed = new Set(type.values);
      const list = type.values.map((x) => JSON.stringify(x)).join(', ');
      return (v) => (typeof v === 'string' && allowed.has(v) ? null : `expected one of ${list}, got ${describe(v)}`);
    }
    case 'custom':
      return (v) => (typeof v === 'function' || typeof v === 'symbol' ? `${describe(v)} cannot be stored` : null);
  }
}

/**
 * A JavaScript expression over `v` that is true only for values the type's validator
 * accepts: generated code tests it inline and calls the validator only when it is false
 * (rare, or where counting is needed: a varchar longer in UTF-16 units than characters).
 * Null when the type has no such shortcut.
 */
export function fastAcceptExpression(type: ColumnType): string | null {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
      return 'Number.isSafeInteger(v)';
    case 'real':
      return 'Number.isFinite(v)';
    case 'text':
      return "typeof v === 'string'";
    case 'varchar':
      return type.length === null ? "typeof v === 'string'" : `(typeof v === 'string' && v.length <= ${Number(type.length)})`;
    case 'boolean':
      return "typeof v === 'boolean'";
    default:
      return null;
  }
}

function numericValidator(precision: number | null, scale: number | null): Validator {
  const declared = precision === null ? 'numeric' : `numeric(${precision}, ${scale ?? 0})`;
  return (v) => {
    let text: string;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `expected a decimal string or finite number, got ${describe(v)}`;
      text = String(v);
      // Exponent forms (1e21) are not decimals any database parses the same way.
      if (!DECIMAL.test(text)) return `${describe(v)} cannot be written as a plain decimal; pass a string`;
    } else if (typeof v === 'string') {
      text = v;
    } else {
      return `expected a decimal string such as '9.99', got ${describe(v)}`;
    }
    const m = DECIMAL.exec(text);
    if (!m) return `expected a decimal string such as '9.99', got ${describe(v)}`;
    if (precision === null) return null;
    const s = scale ?? 0;
    const intDigits = m[1]!.replace(/^0+(?=\d)/, '').replace(/^0$/, '').length;
    const fracDigits = m[2]?.length ?? 0;
    if (intDigits > precision - s) return `${describe(v)} has more than ${precision - s} digits before the point, more than ${declared} holds`;
    // Databases round extra decimals away silently; refusing keeps data from changing unseen.
    if (fracDigits > s && /[1-9]/.test(m[2]!.slice(s))) return `${describe(v)} has more than ${s} decimal places, more than ${declared} holds`;
    return null;
  };
}

function isCalendarDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  return isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A short, safe rendering of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
    case 'number':
    case 'boolean':
      return String(v);
    case 'bigint':
      return `${v}n`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'an invalid Date' : `Date(${v.toISOString()})`;
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  if (Array.isArray(v)) return 'an array';
  return 'an object';
}
