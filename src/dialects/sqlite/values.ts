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
      return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
    case 'boolean':
      return value === 1 || value === 1n || value === true || value === '1' || value === 'true';
    case 'date':
      return toDateString(value);
    case 'timestamp':
      return toDate(value);
    case 'json':
      return parseJson(value);
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
