/**
 * The values a column carries through a type change on the servers, by class: integers,
 * fractions, booleans, dates, timestamps, JSON documents, UUIDs and strings. A class
 * says which column types hold each of its values exactly and how each type writes it;
 * a text column holds the text form the other side's type prints (PostgreSQL's output
 * functions, MariaDB's string conversion), so that the conversion and its way back are
 * both exact.
 *
 * What the servers do on a type change (and so what is left out here):
 * - PostgreSQL (ALTER COLUMN … TYPE, type-conversion.ts): numbers convert between each
 *   other by assignment casts, rounding to the new scale and refusing out-of-range values;
 *   boolean ↔ integer by the explicit cast (0/1; to real or numeric through integer);
 *   anything ↔ text through the output/input functions: `true`, `2020-01-05 10:00:00.5`,
 *   `…+00` for timestamptz in the session's UTC, jsonb's normalized `{"a": 1, "bb": 2}`,
 *   double precision in the shortest exact form (`1e+15` from 10^15 on).
 *   https://www.postgresql.org/docs/current/sql-altertable.html (SET DATA TYPE),
 *   https://www.postgresql.org/docs/current/sql-createcast.html
 * - MariaDB (ALTER TABLE … MODIFY, strict mode): the copy converts each value as an INSERT
 *   would, failing on one that does not fit; booleans are TINYINT(1), so 0/1 and `0`/`1`;
 *   DATETIME(6) prints six decimals; JSON is LONGTEXT, kept byte for byte.
 *   https://mariadb.com/kb/en/alter-table/#modify-column, https://mariadb.com/kb/en/sql-mode/#strict-mode
 * - Both: a JSON number that becomes a decimal comes back with its decimals (`5.00`); a
 *   value with more decimals than the new scale is rounded (lint ORM003): neither is made.
 */
import type { ColumnSpec } from './arbitraries.js';

export type Server = 'postgres' | 'mysql';

/** A class of values: which column types hold one exactly, and how each type writes it. */
export interface ValueClass<V> {
  readonly values: readonly V[];
  /** Whether `column` holds `v` exactly, `other` being the type on the other side of the change (or null). */
  holds(column: ColumnSpec, v: V, server: Server, other: ColumnSpec | null): boolean;
  /** `v` as `column` stores it (for a text column: the text form of `other`'s type). */
  render(column: ColumnSpec, v: V, server: Server, other: ColumnSpec | null): unknown;
}

const isText = (c: ColumnSpec | null): boolean => c?.kind === 'text' || c?.kind === 'varchar';
const scaleOf = (c: ColumnSpec) => Math.min(c.scale, c.precision - 1);
/** Characters, not UTF-16 units: varchar(n) counts characters on both servers. */
const chars = (s: string) => [...s].length;
/** The numeric check of arbitraries.ts (`c > -100000`) on number columns. */
const numberCheck = (c: ColumnSpec) => c.check && (c.kind === 'integer' || c.kind === 'bigint' || c.kind === 'real');

/** Whether a text column holds `text`: it fits a varchar's length. */
const textFits = (c: ColumnSpec, text: string) => c.kind === 'text' || (c.kind === 'varchar' && chars(text) <= c.length);

/** Whether numeric(p, s) holds `v` exactly: no more decimals than s, no more integer digits than p - s. */
function numericHolds(c: ColumnSpec, v: number): boolean {
  const [whole, decimals = ''] = String(Math.abs(v)).split('.');
  return decimals.length <= scaleOf(c) && (whole === '0' ? 0 : whole!.length) <= c.precision - scaleOf(c);
}

/** A number as the other side's type prints it: numeric with its scale, double precision shortest. */
function numberText(v: number, other: ColumnSpec | null): string {
  return other?.kind === 'numeric' ? v.toFixed(scaleOf(other)) : String(v);
}

/** A number class (whole or fractional values): numbers, text, and JSON (a decimal only with scale 0). */
function numbers(values: readonly number[]): ValueClass<number> {
  return {
    values,
    holds(c, v, server, other) {
      if (numberCheck(c) && v <= -100000) return false;
      // Both servers print a double of 10^15 or more with an exponent, each its own way,
      // into text, and so MariaDB into JSON (text to it; jsonb keeps the number).
      const exponent = other?.kind === 'real' && Math.abs(v) >= 1e15;
      switch (c.kind) {
        case 'integer':
          return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;
        case 'bigint':
          return Number.isSafeInteger(v);
        case 'real':
          return Number.isSafeInteger(v) || !Number.isInteger(v);
        case 'numeric':
          return numericHolds(c, v) && (other?.kind !== 'json' || scaleOf(c) === 0);
        case 'json':
          return (other?.kind !== 'numeric' || scaleOf(other) === 0) && !(exponent && server === 'mysql');
        case 'text':
        case 'varchar':
          return other !== null && !isText(other) && !exponent && textFits(c, numberText(v, other));
        default:
          return false;
      }
    },
    render: (c, v, _server, other) => (isText(c) ? numberText(v, other) : v),
  };
}

export const INTEGERS = numbers([0, 1, -1, 7, -42, 100_000, 2147483647, -2147483648, 1099511627776, -9007199254740991, 9007199254740991]);
export const FRACTIONS = numbers([0.5, -1.25, 2.75, -1234.5, 0.125, 99.875]);

/** false/true: PostgreSQL's boolean (integer 0/1 by cast); MariaDB's TINYINT(1), a number like any other. */
export const BOOLEANS: ValueClass<boolean> = {
  values: [false, true],
  holds(c, v, server, other) {
    if (c.kind === 'boolean') return true;
    // Between two other types, 0 and 1 are integers (INTEGERS).
    if (other?.kind !== 'boolean') return false;
    switch (c.kind) {
      case 'integer':
      case 'bigint':
      case 'json':
        return true;
      case 'real':
      case 'numeric':
        // PostgreSQL has no cast: ormkit converts through integer (1/0) and back with <> 0.
        return true;
      case 'text':
      case 'varchar':
        return textFits(c, booleanText(v, server));
      default:
        return false;
    }
  },
  render(c, v, server) {
    if (c.kind === 'boolean' || (c.kind === 'json' && server === 'postgres')) return v;
    return isText(c) ? booleanText(v, server) : Number(v);
  },
};

const booleanText = (v: boolean, server: Server) => (server === 'postgres' ? String(v) : String(Number(v)));

/** Dates, which a timestamp holds at midnight. */
export const DATES: ValueClass<string> = {
  values: ['2020-01-05', '1999-12-31', '2024-02-29', '1970-01-01', '2038-01-20'],
  holds: (c, v, server, other) =>
    c.kind === 'date' || c.kind === 'timestamp' || c.kind === 'timestamptz' || (other !== null && !isText(other) && textFits(c, DATES.render(c, v, server, other) as string)),
  render(c, v, server, other) {
    if (c.kind === 'timestamp' || c.kind === 'timestamptz') return `${v}T00:00:00.000Z`;
    if (isText(c) && (other?.kind === 'timestamp' || other?.kind === 'timestamptz')) return timestampText(`${v}T00:00:00.000Z`, other, server);
    return v;
  },
};

/** Instants in UTC, the servers' session time zone; milliseconds, which a JS Date keeps. */
export const TIMESTAMPS: ValueClass<string> = {
  values: ['2020-01-05T10:00:00.000Z', '1999-12-31T23:59:59.500Z', '2024-02-29T12:34:56.789Z', '1970-01-01T00:00:00.000Z', '2038-01-19T03:14:08.010Z'],
  holds: (c, v, server, other) =>
    c.kind === 'timestamp' || c.kind === 'timestamptz' || (other !== null && (other.kind === 'timestamp' || other.kind === 'timestamptz') && textFits(c, timestampText(v, other, server))),
  render: (c, v, server, other) => (isText(c) ? timestampText(v, other!, server) : v),
};

/** How a timestamp prints: `2020-01-05 10:00:00.5` (+00 with time zone) on PostgreSQL, six decimals on MariaDB. */
function timestampText(iso: string, type: ColumnSpec, server: Server): string {
  const [day, time] = [iso.slice(0, 10), iso.slice(11, 19)];
  const ms = iso.slice(20, 23);
  if (server === 'mysql') return `${day} ${time}.${ms}000`;
  const fraction = ms.replace(/0+$/, '');
  return `${day} ${time}${fraction ? `.${fraction}` : ''}${type.kind === 'timestamptz' ? '+00' : ''}`;
}

/** JSON documents: in text as jsonb prints them on PostgreSQL, as stored (JSON.stringify) on MariaDB. */
export const DOCUMENTS: ValueClass<unknown> = {
  values: [{ n: 1, s: `v'é\\"` }, [1, 'a b', null, true], { b: 'x', ab: [-1.5, {}] }, {}],
  holds: (c, v, server, other) => c.kind === 'json' || (other?.kind === 'json' && textFits(c, documentText(v, server))),
  render: (c, v, server) => (isText(c) ? documentText(v, server) : v),
};

function documentText(v: unknown, server: Server): string {
  return server === 'postgres' ? jsonbText(v) : JSON.stringify(v);
}

/** jsonb's output: keys by length then bytes, `", "` and `": "` between items. */
function jsonbText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((v as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** UUIDs in lower case, as PostgreSQL prints them. */
export const UUIDS: ValueClass<string> = {
  values: ['0a1b2c3d-0000-4000-8000-00000000000f', 'ffffffff-ffff-4fff-bfff-ffffffffffff', '00000000-0000-0000-0000-000000000000', '12345678-9abc-4def-8123-456789abcdef'],
  holds: (c, v, _server, other) => c.kind === 'uuid' || (other?.kind === 'uuid' && textFits(c, v)),
  render: (_c, v) => v,
};

/**
 * Text between text types: quotes, backslashes (MariaDB escapes them), non-ASCII and a
 * 4-byte character, a trailing space. Each begins differently, so that none equals
 * another under MariaDB's case- and accent-insensitive collation (unique indexes).
 */
export const STRINGS: ValueClass<string> = {
  values: [`v0'é`, `w1\\"`, `x2 😀`, `y3\\\\n`, `z4''`, `u5%_`, `é`, `'`, `\\`, `a`, `b"`, `c `, `Ω`],
  holds: (c, v, _server, other) => isText(c) && (other === null || isText(other)) && textFits(c, v),
  render: (_c, v) => v,
};

/**
 * Blobs, and text as the blob's type prints it: PostgreSQL's bytea output (`\\x00ff`, which
 * bytea's input reads back); on MariaDB the bytes themselves, so only valid UTF-8 ones.
 */
export const BLOBS: ValueClass<Buffer> = {
  values: [Buffer.from([0, 255]), Buffer.from(`é\\'`, 'utf8'), Buffer.alloc(0), Buffer.from([39, 92, 10]), Buffer.from([0xc3])],
  holds: (c, v, server, other) => c.kind === 'blob' || (other?.kind === 'blob' && (server === 'postgres' || isUtf8(v)) && textFits(c, blobText(v, server))),
  render: (c, v, server) => (isText(c) ? blobText(v, server) : v),
};

const blobText = (v: Buffer, server: Server) => (server === 'postgres' ? `\\x${v.toString('hex')}` : v.toString('utf8'));
const isUtf8 = (v: Buffer) => Buffer.from(v.toString('utf8'), 'utf8').equals(v);

export const CLASSES: readonly ValueClass<any>[] = [INTEGERS, FRACTIONS, BOOLEANS, DATES, TIMESTAMPS, DOCUMENTS, UUIDS, STRINGS, BLOBS];
