import type { ColumnType } from '../../schema/ir.js';
import type { ValueCodec } from '../dialect.js';
import { decodeInteger, decodeReal, genericCodec, jsonText, parseJson, toBuffer, toDate, toDateString, toSafeInteger } from '../shared/values.js';

/**
 * A Date as DATETIME text in UTC, `YYYY-MM-DD HH:MM:SS.mmm`: MySQL rejects the ISO form's
 * `T…Z` in strict mode on older servers, and the driver's session time zone is UTC.
 */
function mysqlDateTime(value: Date): string {
  return value.toISOString().replace('T', ' ').replace('Z', '');
}

/** ISO text with a zone (`2024-01-02T03:04:05Z`, `…+02:00`): converted to UTC DATETIME text. */
const ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Booleans are TINYINT(1), json is text, timestamps are UTC DATETIME text. */
export function encodeMysql(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'json':
      return jsonText(value);
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 1 : 0) : value;
    case 'timestamp':
      if (value instanceof Date) return mysqlDateTime(value);
      if (typeof value === 'string' && ZONED.test(value)) {
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? value : mysqlDateTime(d);
      }
      return value;
    case 'date':
      return toDateString(value);
    case 'numeric':
      return typeof value === 'number' ? String(value) : value;
    default:
      return value;
  }
}

/**
 * The driver returns DECIMAL as text, BIGINT as a number or (past 2^53) text, dates and
 * times as text (`dateStrings`), JSON as text (`jsonStrings`), TINYINT(1) as 0/1.
 */
export function decodeMysql(value: unknown, type: ColumnType): unknown {
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
      // Any non-zero TINYINT is true, as in MySQL's own boolean tests.
      if (typeof value === 'number' || typeof value === 'bigint') return value != 0;
      if (typeof value === 'string') return value !== '0' && value !== '';
      return value === true;
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
      return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    case 'custom':
      return value;
  }
}

/** `encodeMysql`/`decodeMysql` for one type (see `Dialect.valueCodec`). */
export function mysqlCodec(type: ColumnType): ValueCodec {
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
      return { encode: null, decode: (value) => (typeof value === 'string' ? value : decodeMysql(value, type)) };
    case 'blob':
    case 'custom':
      return { encode: null, decode: (value) => decodeMysql(value, type) };
    default:
      return genericCodec(type, encodeMysql, decodeMysql);
  }
}
