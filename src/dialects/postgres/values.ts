import type { ColumnType } from '../../schema/ir.js';
import type { ValueCodec } from '../dialect.js';
import { decodeReal, decodeText, genericCodec, jsonText, toBuffer, toDate, toDateString, toSafeInteger } from '../shared/values.js';

/**
 * JS values → what the pg driver binds. json is sent as JSON text (so a JS string is
 * stored as a JSON string), Dates as ISO-8601 UTC text (pg would otherwise render them
 * in the process's local time zone), dates as 'YYYY-MM-DD', numbers for numeric as text.
 */
export function encodePostgres(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'json':
      return jsonText(value);
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : value;
    case 'date':
      return toDateString(value);
    case 'numeric':
      return typeof value === 'number' ? String(value) : value;
    case 'bigint':
      return typeof value === 'bigint' ? value.toString() : value;
    case 'blob':
      return toBuffer(value);
    default:
      return value;
  }
}

/**
 * What our connections return → the JS value of the column's type. The per-connection
 * type parsers (see `type-parsers.ts`) already produce most final forms; this covers
 * values that arrive as text (casts, `exec` results, other drivers' rows).
 * json values are already parsed by the connection, so they pass through unchanged.
 */
export function decodePostgres(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'integer':
      return typeof value === 'string' ? Number(value) : value;
    case 'bigint':
      return toSafeInteger(value);
    case 'real':
      return typeof value === 'string' ? Number(value) : value;
    case 'numeric':
      return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
    case 'boolean':
      return typeof value === 'string' ? value === 't' || value === 'true' : value;
    case 'date':
      return toDateString(value);
    case 'timestamp':
      return typeof value === 'string' ? (parsePgTimestamp(value) ?? toDate(value)) : toDate(value);
    case 'blob':
      return toBuffer(value);
    case 'text':
    case 'varchar':
    case 'uuid':
    case 'enum':
      return typeof value === 'string' ? value : String(value);
    case 'json':
    case 'custom':
      return value;
  }
}

const PG_TIMESTAMP = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([+-])(\d{2})(?::?(\d{2}))?(?::(\d{2}))?|Z)?( BC)?$/;

/**
 * A Date from PostgreSQL's timestamp text ('2024-05-01 12:00:00.123456' or with an
 * offset, '+02', '+05:30'). Text without an offset is UTC: our sessions run with
 * TimeZone=UTC, so that is what `timestamp without time zone` holds. Microseconds past
 * the millisecond are dropped (a Date holds milliseconds). Null for anything else
 * (`infinity`, BC dates), which the caller keeps as text.
 */
export function parsePgTimestamp(text: string): Date | null {
  const m = PG_TIMESTAMP.exec(text);
  if (!m || m[12]) return null;
  const ms = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  let time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  if (m[8]) {
    const offset = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
    time -= m[8] === '+' ? offset : -offset;
  }
  // Date.UTC maps years 0–99 to 1900–1999.
  const d = new Date(time);
  if (Number(m[1]) < 100) d.setUTCFullYear(Number(m[1]));
  return d;
}

/** `encodePostgres`/`decodePostgres` for one type (see `Dialect.valueCodec`). */
export function postgresCodec(type: ColumnType): ValueCodec {
  switch (type.kind) {
    case 'integer':
    case 'real':
      return { encode: null, decode: decodeReal };
    case 'text':
    case 'varchar':
    case 'uuid':
    case 'enum':
      return { encode: null, decode: decodeText };
    case 'boolean':
      return { encode: null, decode: (value) => (typeof value === 'boolean' ? value : decodePostgres(value, type)) };
    case 'custom':
      return { encode: null, decode: (value) => decodePostgres(value, type) };
    default:
      return genericCodec(type, encodePostgres, decodePostgres);
  }
}
