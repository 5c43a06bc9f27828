import { describe, expect, it } from 'vitest';
import { coerceValue } from '../src/crud/coerce.js';
import { InputError } from '../src/errors.js';
import type { Column, ColumnType } from '../src/schema/ir.js';

const column = (type: ColumnType, extra: Partial<Column> = {}): Column => ({ name: 'c', type, nullable: true, default: null, autoIncrement: false, comment: null, ...extra });
const text = (type: ColumnType, value: unknown) => coerceValue(column(type), value, 'text');
const typed = (type: ColumnType, value: unknown) => coerceValue(column(type), value, 'value');
function refused(type: ColumnType, value: unknown, origin: 'text' | 'value' = 'text'): string {
  try {
    coerceValue(column(type), value, origin);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error(`expected ${String(value)} to be refused`);
}

describe('values are coerced by column type before they reach the database', () => {
  it('integers: exact digits only; beyond the safe range as bigint, beyond 64 bits refused', () => {
    expect(text({ kind: 'integer' }, ' -42 ')).toBe(-42);
    expect(text({ kind: 'bigint' }, '9007199254740993')).toBe(9007199254740993n);
    expect(typed({ kind: 'integer' }, 7)).toBe(7);
    expect(refused({ kind: 'integer' }, '0x10')).toBe("c: '0x10' is not an integer");
    expect(refused({ kind: 'integer' }, '')).toBe("c: '' is not an integer");
    expect(refused({ kind: 'integer' }, 1.5, 'value')).toBe('c: 1.5 is not an integer');
    expect(refused({ kind: 'bigint' }, '9223372036854775808')).toBe("c: '9223372036854775808' is out of range for a 64-bit integer");
    expect(refused({ kind: 'integer' }, true, 'value')).toBe('c: true is not an integer');
  });

  it('real and numeric: numeric keeps the digits as written', () => {
    expect(text({ kind: 'real' }, '1e3')).toBe(1000);
    expect(text({ kind: 'numeric', precision: 30, scale: 10 }, '12345678901234567890.0123456789')).toBe('12345678901234567890.0123456789');
    expect(typed({ kind: 'numeric', precision: null, scale: null }, 2.5)).toBe('2.5');
    expect(refused({ kind: 'real' }, 'NaN')).toBe("c: 'NaN' is not a number");
  });

  it('booleans: true/false/1/0 in any case', () => {
    for (const t of ['true', 'TRUE', '1', ' 1 ']) expect(text({ kind: 'boolean' }, t)).toBe(true);
    for (const f of ['false', 'False', '0']) expect(text({ kind: 'boolean' }, f)).toBe(false);
    expect(typed({ kind: 'boolean' }, 1)).toBe(true);
    expect(refused({ kind: 'boolean' }, 'yes')).toBe("c: 'yes' is not a boolean (use true, false, 1 or 0)");
  });

  it('dates and timestamps are validated, and timestamps without a zone are UTC', () => {
    expect(text({ kind: 'date' }, '2024-02-29')).toBe('2024-02-29');
    expect(refused({ kind: 'date' }, '2023-02-29')).toMatch(/not a valid date/);
    expect(refused({ kind: 'date' }, '2024-1-5')).toMatch(/not a valid date/);
    const ts = { kind: 'timestamp', withTimezone: false } as const;
    expect((text(ts, '2024-05-01 12:30') as Date).toISOString()).toBe('2024-05-01T12:30:00.000Z');
    expect((text(ts, '2024-05-01T12:30:45.123456+02:00') as Date).toISOString()).toBe('2024-05-01T10:30:45.123Z');
    expect((text(ts, '2024-05-01 12:30:00 +0530') as Date).toISOString()).toBe('2024-05-01T07:00:00.000Z');
    expect((text(ts, '2024-05-01') as Date).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(refused(ts, '2024-05-01 25:00')).toMatch(/not a valid timestamp/);
    expect(refused(ts, 'tomorrow')).toMatch(/not a valid timestamp/);
  });

  it('json: text is parsed, typed values are stored as they are', () => {
    expect(text({ kind: 'json' }, '{"a":[1,null]}')).toEqual({ a: [1, null] });
    expect(typed({ kind: 'json' }, 'plain string')).toBe('plain string');
    expect(typed({ kind: 'json' }, { $gt: '' })).toEqual({ $gt: '' });
    expect(refused({ kind: 'json' }, '{a:1}')).toBe("c: '{a:1}' is not valid JSON");
  });

  it('uuid, enum, blob and varchar length', () => {
    expect(text({ kind: 'uuid' }, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(refused({ kind: 'uuid' }, 'a0eebc99')).toBe("c: 'a0eebc99' is not a UUID");
    expect(refused({ kind: 'enum', name: 'e', values: ['red', 'green'] }, 'gren')).toBe("c: 'gren' is not one of 'red', 'green' (did you mean 'green'?)");
    expect(text({ kind: 'blob' }, '\\xDEADbeef')).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(refused({ kind: 'blob' }, '\\xZZ')).toMatch(/not binary data/);
    expect(text({ kind: 'varchar', length: 3 }, 'é😀a')).toBe('é😀a');
    expect(refused({ kind: 'varchar', length: 3 }, 'abcd')).toBe("c: 'abcd' is longer than 3 characters (4)");
  });

  it('objects and arrays are refused wherever a scalar belongs (knex CVE-2016-20018)', () => {
    for (const type of [{ kind: 'text' }, { kind: 'varchar', length: null }, { kind: 'integer' }, { kind: 'uuid' }, { kind: 'date' }] as ColumnType[]) {
      expect(refused(type, { $gt: '' }, 'value')).toMatch(/got an object \(only json columns take objects\)$/);
      expect(refused(type, ['a'], 'value')).toMatch(/got an array/);
    }
  });

  it('integers outside the range the database gives the integer type are refused, named by that range', () => {
    const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1, name: 'a 32-bit integer' };
    const int = (value: unknown, origin: 'text' | 'value' = 'text') => coerceValue(column({ kind: 'integer' }), value, origin, { limits: { integerRange: int32, textHoldsNul: true } });
    expect(int('2147483647')).toBe(2147483647);
    expect(int('-2147483648')).toBe(-2147483648);
    expect(() => int('2147483648')).toThrow("c: '2147483648' is out of range for a 32-bit integer");
    expect(() => int(-(2 ** 31) - 1, 'value')).toThrow('c: -2147483649 is out of range for a 32-bit integer');
    // bigint columns keep 64 bits whatever the integer range.
    expect(coerceValue(column({ kind: 'bigint' }), '2147483648', 'text', { limits: { integerRange: int32, textHoldsNul: true } })).toBe(2147483648);
    // A --where literal past 64 bits arrives as a bigint: out of range, not "not an integer".
    expect(refused({ kind: 'bigint' }, 2n ** 63n, 'value')).toBe('c: 9223372036854775808 is out of range for a 64-bit integer');
  });

  it('a JSON number past 2^53 has lost digits: refused, not stored rounded', () => {
    // JSON.parse('9007199254740993') is 9007199254740992.
    expect(refused({ kind: 'bigint' }, JSON.parse('9007199254740993'), 'value')).toMatch(/^c: 9007199254740992 is past 2\^53, .*give it as a quoted string$/);
    expect(typed({ kind: 'bigint' }, '9007199254740993')).toBe(9007199254740993n);
  });

  it('real: a well-formed number too large for a double is refused, not stored as Infinity', () => {
    expect(refused({ kind: 'real' }, '1e400')).toBe("c: '1e400' is out of range for a double");
    expect(refused({ kind: 'real' }, '-1e400')).toBe("c: '-1e400' is out of range for a double");
    expect(text({ kind: 'real' }, '1e308')).toBe(1e308);
  });

  it('numeric(p, s): more than p - s digits before the point is refused, whatever the notation', () => {
    const money = { kind: 'numeric', precision: 10, scale: 2 } as const;
    expect(text(money, '99999999.999')).toBe('99999999.999');
    expect(text(money, '-00012345678.5')).toBe('-00012345678.5');
    expect(text(money, '1e7')).toBe('1e7');
    expect(text(money, '0.000001')).toBe('0.000001');
    expect(refused(money, '123456789.1')).toBe("c: '123456789.1' has more than 8 digits before the point, more than numeric(10, 2) holds");
    expect(refused(money, '1e8')).toMatch(/more than 8 digits before the point/);
    expect(refused(money, '1e400')).toMatch(/more than 8 digits before the point/);
    expect(refused(money, 1e21, 'value')).toMatch(/more than 8 digits before the point/);
    expect(refused(money, 'abc')).toBe("c: 'abc' is not a decimal number");
  });

  it('dates and timestamps in the years 1 to 99 are valid (Date.UTC would read them as 1901 to 1999)', () => {
    expect(text({ kind: 'date' }, '0001-01-01')).toBe('0001-01-01');
    expect(text({ kind: 'date' }, '0099-12-31')).toBe('0099-12-31');
    expect(refused({ kind: 'date' }, '0000-01-01')).toMatch(/not a valid date/);
    expect(refused({ kind: 'date' }, '0004-02-30')).toMatch(/not a valid date/);
    expect((text({ kind: 'timestamp', withTimezone: true }, '0050-06-01T12:00:00Z') as Date).toISOString()).toBe('0050-06-01T12:00:00.000Z');
  });

  it('text: a lone surrogate is refused (drivers would store U+FFFD), NUL where the database cannot store it; messages escape control characters', () => {
    expect(refused({ kind: 'text' }, 'bad \ud800 here', 'value')).toBe("c: 'bad \\ud800 here' holds a lone UTF-16 surrogate, which is not Unicode text");
    expect(typed({ kind: 'varchar', length: 10 }, 'ok 😀')).toBe('ok 😀');
    const noNul = { integerRange: { min: -1, max: 1, name: 'tiny' }, textHoldsNul: false };
    expect(() => coerceValue(column({ kind: 'text' }), 'a\0b', 'text', { limits: noNul })).toThrow("c: 'a\\0b' holds the NUL character (\\0), which this database cannot store in text");
    expect(coerceValue(column({ kind: 'text' }), 'a\0b', 'text')).toBe('a\0b');
    expect(refused({ kind: 'integer' }, '1\u001b[31m')).toBe("c: '1\\u001b[31m' is not an integer");
  });

  it('null: allowed for nullable and generated columns, refused for NOT NULL ones unless the caller compares', () => {
    expect(coerceValue(column({ kind: 'text' }), null, 'text')).toBeNull();
    expect(coerceValue(column({ kind: 'integer' }, { nullable: false, autoIncrement: true }), null, 'text')).toBeNull();
    expect(() => coerceValue(column({ kind: 'text' }, { nullable: false }), null, 'text')).toThrow('c: a value is required (the column is NOT NULL)');
    expect(coerceValue(column({ kind: 'text' }, { nullable: false }), null, 'text', { checkNull: false })).toBeNull();
  });
});
