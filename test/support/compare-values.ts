/**
 * How the migration tests compare a column's values before and after a migration: as
 * stored when its type stays, loosened to what survives a type change otherwise.
 */

/** Date and time text as the servers print it: `2020-01-05`, `2020-01-05 10:00:00.5+00`, `… 10:00:00.500000`. */
const TIME_TEXT = /^(\d{4}-\d\d-\d\d)(?:[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]00(?::?00)?)?)?$/;

/**
 * A value as compared across a type change: numbers and number text by value, booleans
 * as 1/0 (their text too: `true`, `1`), bytes (and bytea's `\\x00ff` text) as the UTF-8
 * text they spell or else hex, dates and times as ISO instants in UTC (the sessions'
 * zone), JSON documents (objects, arrays) parsed from their text.
 */
export function loose(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'bigint') return String(Number(v));
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Buffer.isBuffer(v)) return bytes(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return v;
  if (/^\\x([0-9a-f]{2})*$/.test(v)) return bytes(Buffer.from(v.slice(2), 'hex'));
  if (/^-?\d+(\.\d+)?$/.test(v)) return String(Number(v));
  if (v === 'true' || v === 'false') return v === 'true' ? '1' : '0';
  const time = TIME_TEXT.exec(v);
  if (time) return new Date(`${time[1]}T${time[2] ?? '00:00:00'}Z`).toISOString();
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

function bytes(v: Buffer): string {
  const text = v.toString('utf8');
  return Buffer.from(text, 'utf8').equals(v) ? text : `x${v.toString('hex')}`;
}

/** The multiset of values of `column` (sorted), strict or loosened across a type change. */
export function columnValues(rows: readonly Record<string, unknown>[], column: string, strict: boolean): string[] {
  return rows.map((r) => JSON.stringify(strict ? r[column] : loose(r[column]))).sort();
}

