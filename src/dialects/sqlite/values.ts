import type { ColumnType } from '../../schema/ir.js';
import type { ValueCodec } from '../dialect.js';
import { decodeInteger, decodeReal, decodeText, genericCodec, jsonText, parseJson, toBuffer, toDate, toDateString, toSafeInteger } from '../shared/values.js';

/**
 * A Date as the UTC text SQLite's own date functions write, `YYYY-MM-DD HH:MM:SS.SSS`
 * (https://www.sqlite.org/lang_datefunc.html): timestamps are text there, compared as
 * text, so values from JS and from CURRENT_TIMESTAMP defaults must share one form ('T'
 * sorts after ' ', so ISO text would order wrongly against them within a day).
 */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/Z$/, '');
}

/** SQLite stores booleans as 0/1, timestamps as `YYYY-MM-DD HH:MM:SS.SSS` UTC text, json as text. */
export function encodeSqlite(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'json':
      return jsonText(value);
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 1 : 0) : value;
    case 'timestamp':
      return value instanceof Date ? sqliteTimestamp(value) : value;
    case 'date':
      return toDateString(value);
    case 'numeric':
      return typeof value === 'number' ? String(value) : value;
    default:
      return value;
  }
}

/** Reads both timestamp forms (ours and ISO text written by others), and 64-bit integers read as bigint. */
export function decodeSqlite(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'integer':
    case 'bigint':
      return toSafeInteger(value);
    case 'real':
      return typeof value === 'string' ? Number(value) : value;
    case 'numeric':
      return numericText(value, type.scale);
    case 'boolean':
      return value === 1 || value === 1n || value === true || value === '1' || value === 'true';
    case 'date':
      return toDateString(value);
    case 'timestamp':
      return toDate(value);
    case 'json':
      // A JSON number is stored as an integer (the column's NUMERIC affinity); read by a
      // statement that also reads bigint columns, one past 2^53 arrives as a bigint.
      return typeof value === 'bigint' ? Number(value) : parseJson(value);
    case 'blob':
      return toBuffer(value);
    case 'text':
    case 'varchar':
    case 'uuid':
    case 'enum':
      return typeof value === 'string' ? value : String(value);
    case 'custom':
      return value;
  }
}

/**
 * A NUMERIC value as text with the column's scale, as PostgreSQL and MySQL return it.
 * SQLite's NUMERIC affinity stores '10.00' as the integer 10 and '2.50' as the real 2.5
 * (https://www.sqlite.org/datatype3.html#type_affinity), so the digits are put back:
 * shortest decimal form, zero-padded to the scale, rounded when it has more digits.
 */
function numericText(value: unknown, scale: number | null): unknown {
  if (typeof value === 'bigint') return scale ? `${value}.${'0'.repeat(scale)}` : String(value);
  if (typeof value === 'number') {
    const text = String(value);
    if (scale === null || !Number.isFinite(value)) return text;
    if (/e/i.test(text)) return Math.abs(value) < 1e21 ? value.toFixed(scale) : text;
    return padScale(text, scale) ?? value.toFixed(scale);
  }
  // Text: SQLite keeps a value as written when a number would lose digits.
  if (typeof value === 'string' && scale !== null && /^-?\d+(\.\d*)?$/.test(value)) return padScale(value, scale) ?? value;
  return value;
}

/** `text` with zeros added up to `scale` decimals, or null when it already has more. */
function padScale(text: string, scale: number): string | null {
  const dot = text.indexOf('.');
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  if (decimals > scale) return null;
  if (decimals === scale) return text;
  return (dot < 0 && scale > 0 ? `${text}.` : text) + '0'.repeat(scale - decimals);
}

/** `encodeSqlite`/`decodeSqlite` for one type (see `Dialect.valueCodec`). */
export function sqliteCodec(type: ColumnType): ValueCodec {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
      return { encode: null, decode: decodeInteger };
    case 'real':
      return { encode: null, decode: decodeReal };
    case 'text':
    case 'varchar':
    case 'uuid':
    case 'enum':
      return { encode: null, decode: decodeText };
    case 'blob':
    case 'custom':
      return { encode: null, decode: (value) => decodeSqlite(value, type) };
    default:
      return genericCodec(type, encodeSqlite, decodeSqlite);
  }
}
