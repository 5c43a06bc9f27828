import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../src/index.js';
import { loadDialect } from '../src/dialects/index.js';
import { describe as show, fastAcceptExpression, validatorFor } from '../src/orm/validate.js';

// The per-type codecs the ORM resolves once per column must convert exactly as the
// dialect's generic encodeValue/decodeValue do, and an encoder reported as "as is" must
// really bind every valid value unchanged.
const TYPES: ColumnType[] = [
  { kind: 'integer' },
  { kind: 'bigint' },
  { kind: 'real' },
  { kind: 'numeric', precision: 10, scale: 2 },
  { kind: 'text' },
  { kind: 'varchar', length: 5 },
  { kind: 'varchar', length: null },
  { kind: 'boolean' },
  { kind: 'date' },
  { kind: 'timestamp', withTimezone: false },
  { kind: 'json' },
  { kind: 'blob' },
  { kind: 'uuid' },
  { kind: 'enum', name: 'mood', values: ['ok', 'sad'] },
  { kind: 'custom', sql: 'point' },
];

/** Anything a driver or a program might hand over. */
const anyValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.string(),
  fc.stringMatching(/^-?\d{1,20}$/),
  fc.constantFrom('t', 'f', 'true', '0', '1', '2024-05-01', '2024-05-01 12:00:00', '2024-05-01T12:00:00Z', '{"a":1}', 'ok'),
  fc.boolean(),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 8 }),
  fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

/** Same result, treating equal Dates, buffers and NaN alike. */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime() || (Number.isNaN(a.getTime()) && Number.isNaN(b.getTime()));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0 && a.constructor === b.constructor;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return Object.is(a, b);
}

describe('value codecs', () => {
  for (const name of ['sqlite', 'postgres', 'mysql'] as const) {
    it(`${name}: valueCodec converts exactly as encodeValue/decodeValue`, async () => {
      const dialect = await loadDialect(name);
      for (const type of TYPES) {
        const codec = dialect.valueCodec(type);
        const valid = validatorFor(type);
        fc.assert(
          fc.property(anyValue, (v) => {
            const generic = (() => {
              try {
                return { ok: dialect.decodeValue(v, type) };
              } catch (err) {
                return { err };
              }
            })();
            if ('ok' in generic) expect(same(codec.decode(v), generic.ok), `${type.kind} decode ${show(v)}`).toBe(true);
            else expect(() => codec.decode(v)).toThrow();
            if (v === null || v === undefined || valid(v) !== null) return;
            if (codec.encode === null) expect(same(dialect.encodeValue(v, type), v), `${type.kind} encodes ${show(v)} as is`).toBe(true);
            else expect(same(codec.encode(v), dialect.encodeValue(v, type))).toBe(true);
          }),
          { numRuns: 300 },
        );
      }
    });
  }

  it('the inline validation shortcut accepts only values the validator accepts', () => {
    for (const type of TYPES) {
      const expression = fastAcceptExpression(type);
      if (expression === null) continue;
      const fast = new Function('v', `return ${expression};`) as (v: unknown) => boolean;
      const valid = validatorFor(type);
      fc.assert(
        fc.property(fc.oneof(anyValue, fc.string({ maxLength: 8 })), (v) => {
          if (fast(v)) expect(valid(v), `${type.kind}: ${show(v)}`).toBeNull();
        }),
        { numRuns: 500 },
      );
    }
  });
});
