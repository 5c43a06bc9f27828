/**
 * Values for the rows of the migration property test: for a column of schema A and the
 * column of B it becomes (or null when B drops it), the values that survive the
 * migration to B and back to A unchanged.
 *
 * SQLite stores any value in any column (type affinity), so there any value of A's kind
 * travels. The servers convert by type: a text 'v0' cannot become an integer, a varchar
 * holds only its length, and `1` turned into numeric(6,2) and back into text is '1.00'.
 * There a column whose type changes carries the values of support/value-classes.ts that
 * both types hold and convert exactly, or none at all (the row holds NULL, or the table
 * holds no rows).
 */
import type { DialectName } from '../../src/dialects/dialect.js';
import type { ColumnSpec, Kind } from './arbitraries.js';
import { CLASSES } from './value-classes.js';

/** The values one column can hold in every row: `value(i)` for row i, `size` distinct ones at most. */
export interface Domain {
  readonly size: number;
  value(i: number): unknown;
}

const TEXTS = new Set<Kind>(['text', 'varchar']);

const list = (values: readonly unknown[]): Domain => ({ size: values.length, value: (i) => values[i % values.length] });
const each = (value: (i: number) => unknown, size = Infinity): Domain => ({ size, value });

/**
 * The values `a` may hold when it becomes `b` (null: dropped) on `dialect`, or null when
 * none survives both types. Row i takes value i of the domain, counted from a place the
 * column's random `defaultPick` chooses, so that runs see every value of a class.
 */
export function cellDomain(a: ColumnSpec, b: ColumnSpec | null, dialect: DialectName): Domain | null {
  const enums = [a, b].filter((c): c is ColumnSpec => c?.kind === 'enum').map((c) => c.enumValues);
  if (dialect === 'sqlite') {
    // A json column stores its values as JSON text ('"a"'), which no enum holds.
    if (enums.length && a.kind === 'json') return null;
    if (enums.length) return list(enums.reduce((acc, l) => acc.filter((v) => l.includes(v))));
    return a.kind === 'boolean' ? list([0, 1]) : each((i) => looseValue(a.kind, i));
  }
  const sides = b ? [a, b] : [a];
  if (enums.length) {
    // An enum becomes text (or another enum) and back: values both sides hold, that fit.
    if (!sides.every((c) => c.kind === 'enum' || TEXTS.has(c.kind))) return null;
    const fit = Math.min(...sides.map((c) => (c.kind === 'varchar' ? c.length : Infinity)));
    const values = enums.reduce((acc, l) => acc.filter((v) => l.includes(v))).filter((v) => v.length <= fit);
    return values.length ? list(values) : null;
  }
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const cls of CLASSES) {
    for (const v of cls.values) {
      if (!cls.holds(a, v, dialect, b) || (b && !cls.holds(b, v, dialect, a))) continue;
      const value = cls.render(a, v, dialect, b);
      const key = Buffer.isBuffer(value) ? `x${value.toString('hex')}` : JSON.stringify(value);
      if (!seen.has(key)) values.push(value), seen.add(key);
    }
  }
  if (!values.length) return null;
  const start = a.defaultPick % values.length;
  return list([...values.slice(start), ...values.slice(0, start)]);
}

/** A distinct value per row index, stored the same under any SQLite column affinity. */
function looseValue(kind: Kind, i: number): unknown {
  switch (kind) {
    case 'integer':
    case 'bigint':
      return i * 7 + 1;
    case 'real':
      return i + 0.5;
    case 'numeric':
      return i + 0.25;
    case 'text':
    case 'varchar':
      return `v${i}'é`;
    case 'boolean':
      return i % 2;
    case 'date':
      return `2020-01-0${i + 1}`;
    case 'timestamp':
    case 'timestamptz':
      return `2020-01-0${i + 1}T10:00:00.000Z`;
    case 'json':
      return JSON.stringify({ n: i });
    case 'blob':
      return Buffer.from([i, 255]);
    case 'uuid':
      return `0000000${i}-0000-4000-8000-000000000000`;
    case 'enum':
      throw new Error('enum values come from the enum lists');
  }
}
