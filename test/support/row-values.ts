/**
 * Values for the rows of the migration property test: for a column of schema A and the
 * column of B it becomes (or null when B drops it), the values that survive the
 * migration to B and back to A unchanged.
 *
 * SQLite stores any value in any column (type affinity), so there any value of A's kind
 * travels. The servers convert by type: a text 'v0' cannot become an integer, a varchar
 * holds only its length, and `1` turned into numeric(6,2) and back into text is '1.00'.
 * There (`strictTypes`) a column whose type changes carries values both types hold and
 * convert exactly, or none at all (the row holds NULL, or the table holds no rows).
 */
import type { ColumnSpec, Kind } from './arbitraries.js';

/** The values one column can hold in every row: `value(i)` for row i, `size` distinct ones at most. */
export interface Domain {
  readonly size: number;
  value(i: number): unknown;
}

const NUMBERS = new Set<Kind>(['integer', 'bigint', 'real', 'numeric']);
const TEXTS = new Set<Kind>(['text', 'varchar']);

const list = (values: readonly unknown[]): Domain => ({ size: values.length, value: (i) => values[i % values.length] });
const each = (value: (i: number) => unknown, size = Infinity): Domain => ({ size, value });

/** The values `a` may hold when it becomes `b` (null: dropped), or null when none survives both types. */
export function cellDomain(a: ColumnSpec, b: ColumnSpec | null, strictTypes: boolean): Domain | null {
  const enums = [a, b].filter((c): c is ColumnSpec => c?.kind === 'enum').map((c) => c.enumValues);
  if (!strictTypes) {
    // A json column stores its values as JSON text ('"a"'), which no enum holds.
    if (enums.length && a.kind === 'json') return null;
    if (enums.length) return list(enums.reduce((acc, l) => acc.filter((v) => l.includes(v))));
    return a.kind === 'boolean' ? list([0, 1]) : each((i) => looseValue(a.kind, i));
  }
  const sides = b ? [a, b] : [a];
  const fit = Math.min(...sides.map((c) => (c.kind === 'varchar' ? c.length : Infinity)));
  if (enums.length) {
    // An enum becomes text (or another enum) and back: values both sides hold, that fit.
    if (!sides.every((c) => c.kind === 'enum' || TEXTS.has(c.kind))) return null;
    const values = enums.reduce((acc, l) => acc.filter((v) => l.includes(v))).filter((v) => v.length <= fit);
    return values.length ? list(values) : null;
  }
  if (!b || b.kind === a.kind) return sameKind(a, b, fit);
  if (TEXTS.has(a.kind) && TEXTS.has(b.kind)) return sameKind({ ...a, kind: 'varchar' }, null, fit);
  const kinds = new Set([a.kind, b.kind]);
  const numeric = sides.find((c) => c.kind === 'numeric');
  if ([...kinds].every((k) => NUMBERS.has(k) || TEXTS.has(k))) {
    // Small integers convert between every number type and text; text holds them in the
    // form the number type gives back ('1.00' for numeric(p, 2)), so the way back is exact.
    const text = (i: number) => (numeric && numeric.scale > 0 ? (i + 1).toFixed(numeric.scale) : String(i + 1));
    if (text(0).length > fit) return null;
    return each((i) => (TEXTS.has(a.kind) ? text(i) : i + 1));
  }
  if (kinds.has('date') && [...kinds].every((k) => k === 'date' || TEXTS.has(k)) && fit >= 10) return each((i) => looseValue('date', i));
  if (kinds.has('uuid') && [...kinds].every((k) => k === 'uuid' || TEXTS.has(k)) && fit >= 36) return each((i) => looseValue('uuid', i));
  if ([...kinds].every((k) => k === 'timestamp' || k === 'timestamptz')) return each((i) => looseValue('timestamp', i));
  return null;
}

/** A column that keeps its kind (its length, precision or values may change). */
function sameKind(a: ColumnSpec, b: ColumnSpec | null, fit: number): Domain {
  switch (a.kind) {
    case 'varchar':
      return each((i) => (fit >= 4 ? `v${i}'é` : String.fromCharCode(97 + i).repeat(Math.min(fit, 3))));
    case 'numeric':
      return b && (b.precision !== a.precision || b.scale !== a.scale) ? each((i) => i + 1) : each((i) => i + 0.25);
    case 'boolean':
      return list([false, true]);
    case 'json':
      return each((i) => ({ n: i, s: `v${i}'é` }));
    default:
      return each((i) => looseValue(a.kind, i));
  }
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
