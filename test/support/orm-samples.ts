/**
 * A model with a column of every kind the ORM maps, random rows for it (values every
 * dialect stores exactly), and the comparison of a row read back with what went in.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { InferRow } from '../../src/index.js';
import { bigint, blob, boolean, date, enumType, integer, json, numeric, real, table, text, timestamp, uuid, varchar } from '../../src/index.js';

export const Sample = table('samples', {
  id: integer().primaryKey(),
  i: integer(),
  big: bigint(),
  r: real(),
  n: numeric(14, 4),
  t: text(),
  v: varchar(20),
  flag: boolean(),
  d: date(),
  ts: timestamp(),
  j: json(),
  bytes: blob(),
  u: uuid(),
  mood: enumType('sample_mood', ['happy', 'sad', 'meh']),
});
export type SampleRow = InferRow<typeof Sample>;

// Text every database stores: no NUL (PostgreSQL refuses it), no lone surrogates.
const safeText = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength }).filter((s) => !s.includes('\u0000'));
const chars = (s: string) => [...s].length;
const noNegativeZero = (x: number) => (Object.is(x, -0) ? 0 : x);
const jsonValue = fc
  .jsonValue({ maxDepth: 3 })
  .map((v) => JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'number' ? noNegativeZero(x) : x)) as unknown)
  .filter((v) => !JSON.stringify(v).includes('\\u0000'));

export const sample = fc.record({
  i: fc.option(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  // Safe integers: the SQLite driver reads 64-bit integers as doubles.
  big: fc.option(fc.maxSafeInteger()),
  r: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero)),
  n: fc.option(fc.tuple(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}.${String(b).padStart(4, '0')}`)),
  t: fc.option(safeText(200)),
  v: fc.option(safeText(20).filter((s) => chars(s) <= 20)),
  flag: fc.option(fc.boolean()),
  d: fc.option(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((x) => x.toISOString().slice(0, 10))),
  // Whole seconds within TIMESTAMP range: every dialect keeps those exactly.
  ts: fc.option(fc.integer({ min: 0, max: 2_000_000_000 }).map((sec) => new Date(sec * 1000))),
  j: fc.option(jsonValue.filter((v) => v !== null)),
  bytes: fc.option(fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a))),
  u: fc.option(fc.uuid()),
  mood: fc.option(fc.constantFrom('happy' as const, 'sad' as const, 'meh' as const)),
});

/** Compares what came back with what went in, per type. */
export function expectSame(back: SampleRow, original: Omit<SampleRow, 'id'>): void {
  for (const [k, want] of Object.entries(original)) {
    const got = (back as Record<string, unknown>)[k];
    if (want === null) expect(got, k).toBeNull();
    // Numeric comes back as text with the column's scale on every dialect ('12.5000', not '12.5').
    else if (k === 'n') expect(got, k).toBe(want);
    else if (k === 'big') expect(Number(got), k).toBe(Number(want));
    else if (want instanceof Date) expect((got as Date).getTime(), k).toBe(want.getTime());
    else if (want instanceof Uint8Array) expect(Buffer.compare(got as Buffer, want), k).toBe(0);
    else expect(got, k).toEqual(want);
  }
}
