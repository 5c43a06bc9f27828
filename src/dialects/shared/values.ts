/**
 * Value conversions most dialects share; each dialect's codec calls these for the
 * types its driver does not already return in final form.
 */
import { ValidationError } from '../../errors.js';
import type { ValueCodec } from '../dialect.js';
import type { ColumnType } from '../../schema/ir.js';

/** Number when it fits in a double exactly, else bigint. */
export function toSafeInteger(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value);
  }
  return value;
}

/** 'YYYY-MM-DD' from a Date (UTC calendar day) or a date/timestamp string. */
export function toDateString(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return value;
}

/**
 * A Date from what databases return for timestamps: Date objects, ISO text, or SQLite's
 * CURRENT_TIMESTAMP text 'YYYY-MM-DD HH:MM:SS' (which is UTC).
 */
export function toDate(value: unknown): unknown {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? value : d;
  }
  if (typeof value === 'number') return new Date(value);
  return value;
}

export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function toBuffer(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

/** JSON text for a json column; strings are stored as JSON strings too, so they round-trip. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new ValidationError(`cannot store ${typeof value} in a json column`);
  return text;
}

/** A codec calling a dialect's generic `encodeValue`/`decodeValue` for one type. */
export function genericCodec(type: ColumnType, encode: (value: unknown, type: ColumnType) => unknown, decode: (value: unknown, type: ColumnType) => unknown): ValueCodec {
  return { encode: (value) => encode(value, type), decode: (value) => decode(value, type) };
}

/** Integers as most drivers return them: numbers as they are, bigints and digit strings made safe. */
export function decodeInteger(value: unknown): unknown {
  return typeof value === 'number' ? value : value === null || value === undefined ? null : toSafeInteger(value);
}

/** Doubles: numbers as they are, numeric text parsed. */
export function decodeReal(value: unknown): unknown {
  return typeof value === 'number' ? value : value === null || value === undefined ? null : typeof value === 'string' ? Number(value) : value;
}

/** A text column's value: strings as they are, anything else (a number, say) as text. */
export function decodeText(value: unknown): unknown {
  return typeof value === 'string' ? value : value === null || value === undefined ? null : String(value);
}
