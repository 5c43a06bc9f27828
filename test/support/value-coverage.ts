/**
 * How well the rows of random schema pairs exercise type changes: for every column whose
 * type changes between A and B (as the dialect normalizes both) and whose values the
 * migration keeps, whether the rows carry a non-null value through it.
 */
import type { Dialect } from '../../src/dialects/dialect.js';
import type { ColumnType } from '../../src/schema/ir.js';
import { toSchema } from '../../src/index.js';
import { buildModels } from './arbitraries.js';
import type { SchemaPair } from './schema-pairs.js';

/** One type-changing column of one pair. */
export interface TypeChangeSample {
  /** `varchar→text`: the kinds as the dialect normalizes them. */
  readonly kinds: string;
  /** The rows carry at least one non-null value through the change. */
  readonly carried: boolean;
  /** The table holds rows (when it holds none, no domain could help). */
  readonly tableHasRows: boolean;
}

const typeKey = (t: ColumnType | undefined) => JSON.stringify(t);

/** The type-changing columns of `pair` whose values the migration keeps (not the keys `id` and `ref_id`, which hold no domain's values). */
export function typeChanges(pair: SchemaPair, dialect: Dialect): TypeChangeSample[] {
  const a = dialect.normalize(toSchema(buildModels(pair.a)));
  const b = dialect.normalize(toSchema(buildModels(pair.b)));
  const out: TypeChangeSample[] = [];
  for (const [bt, at] of pair.tableOrigin) {
    const rows = pair.rows.get(at) ?? [];
    for (const [bc, ac] of pair.columnOrigin.get(bt) ?? []) {
      if (ac === 'id' || ac === 'ref_id') continue;
      const before = a.tables.find((t) => t.name === at)?.columns.find((c) => c.name === ac)?.type;
      const after = b.tables.find((t) => t.name === bt)?.columns.find((c) => c.name === bc)?.type;
      if (!before || !after || typeKey(before) === typeKey(after)) continue;
      out.push({ kinds: `${before.kind}→${after.kind}`, carried: rows.some((r) => r[ac] != null), tableHasRows: rows.length > 0 });
    }
  }
  return out;
}

/** Carried fraction overall and per kind pair, for reading (ORM_DEBUG_VALUE_COVERAGE). */
export function summarize(samples: readonly TypeChangeSample[]): { carried: number; withRows: number; total: number; byKinds: Map<string, { carried: number; withRows: number; total: number }> } {
  const byKinds = new Map<string, { carried: number; withRows: number; total: number }>();
  for (const s of samples) {
    const k = byKinds.get(s.kinds) ?? { carried: 0, withRows: 0, total: 0 };
    byKinds.set(s.kinds, { carried: k.carried + Number(s.carried), withRows: k.withRows + Number(s.tableHasRows), total: k.total + 1 });
  }
  return {
    carried: samples.filter((s) => s.carried).length,
    withRows: samples.filter((s) => s.tableHasRows).length,
    total: samples.length,
    byKinds,
  };
}
