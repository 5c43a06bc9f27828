/**
 * The values of support/value-classes.ts, pair by pair: for every two column types (a few
 * lengths, precisions and enum lists among them), a column of the first holding every
 * value the classes say survives the change is migrated to the second and back, and keeps
 * them. The migration property test meets these pairs only by chance; this meets each one,
 * and names the pair that loses or changes data, or whose migration fails.
 */
import { expect, it } from 'vitest';
import type { DialectName } from '../src/dialects/dialect.js';
import type { Engine } from '../src/index.js';
import { createAll, createEngine, dropAll, toSchema } from '../src/index.js';
import { makeSchema } from '../src/schema/ir.js';
import { diff } from '../src/diff/diff.js';
import { invertAll } from '../src/ops/invert.js';
import type { ColumnSpec, Kind, TableSpec } from './support/arbitraries.js';
import { buildModels } from './support/arbitraries.js';
import { columnValues } from './support/compare-values.js';
import { describeDialects, useTestDatabase } from './support/databases.js';
import { migrate } from './support/migrate.js';
import { cellDomain } from './support/row-values.js';

const plain: ColumnSpec = {
  name: 'c_v',
  kind: 'integer',
  notNull: false,
  unique: false,
  index: false,
  withDefault: false,
  check: false,
  length: 190,
  precision: 18,
  scale: 3,
  enumValues: ['a', 'b_c'],
  defaultPick: 0,
  text: '',
};
const KINDS: Kind[] = ['integer', 'bigint', 'real', 'text', 'boolean', 'date', 'timestamp', 'timestamptz', 'json', 'blob', 'uuid', 'enum'];
const SPECS: ColumnSpec[] = [
  ...KINDS.map((kind) => ({ ...plain, kind })),
  { ...plain, kind: 'varchar', length: 190 },
  { ...plain, kind: 'varchar', length: 6 },
  { ...plain, kind: 'numeric', precision: 18, scale: 3 },
  { ...plain, kind: 'numeric', precision: 10, scale: 0 },
  { ...plain, kind: 'numeric', precision: 6, scale: 2 },
  { ...plain, kind: 'enum', enumValues: ['b_c', 'zz'] },
];

const label = (c: ColumnSpec) =>
  c.kind === 'varchar' ? `varchar(${c.length})` : c.kind === 'numeric' ? `numeric(${c.precision},${c.scale})` : c.kind === 'enum' ? `enum(${c.enumValues.join(',')})` : c.kind;
const tableOf = (c: ColumnSpec): TableSpec => ({ name: 't_v', pk: 'serial', columns: [c], compositeIndex: false, compositeOrder: [], method: null, expression: null, partialIndex: false, referencesPrevious: false, onDelete: 'no action', refTarget: null });

const RESET: Record<DialectName, (engine: Engine) => Promise<unknown>> = {
  sqlite: (engine) => engine.execute('DROP TABLE IF EXISTS t_v'),
  // Enum types outlive their tables.
  postgres: async (engine) => (await engine.execute('DROP SCHEMA public CASCADE'), await engine.execute('CREATE SCHEMA public')),
  mysql: (engine) => dropAll(engine, makeSchema([]), { all: true }),
};

/** `a` with its values → `b` → `a`: what went wrong, or null. */
async function roundTrip(engine: Engine, a: ColumnSpec, b: ColumnSpec, values: readonly unknown[]): Promise<string | null> {
  const schemaA = toSchema(buildModels([tableOf(a)]));
  await RESET[engine.dialect.name](engine);
  await createAll(engine, schemaA);
  const rows = [...values.map((v) => ({ c_v: v })), { c_v: null }];
  for (const s of engine.dialect.plan({ kind: 'bulkInsert', table: 't_v', rows }, { schema: schemaA })) await engine.execute(s.sql, s.params ?? []);
  const read = async () => (await engine.execute('SELECT c_v FROM t_v')).rows;
  const before = await read();
  const up = diff(await engine.introspect(), toSchema(buildModels([tableOf(b)])), { dialect: engine.dialect }).operations;
  await migrate(engine, up);
  const [got, want] = [columnValues(await read(), 'c_v', false), columnValues(before, 'c_v', false)];
  if (JSON.stringify(got) !== JSON.stringify(want)) return `upgrade turned ${want.join(' ')} into ${got.join(' ')}`;
  await migrate(
    engine,
    invertAll(up).map((x) => {
      if (!x.ok) throw new Error(x.reason);
      return x.operation;
    }),
  );
  const [back, original] = [columnValues(await read(), 'c_v', true), columnValues(before, 'c_v', true)];
  return JSON.stringify(back) === JSON.stringify(original) ? null : `downgrade turned ${original.join(' ')} into ${back.join(' ')}`;
}

describeDialects('type changes keep the values both types hold', (dialect) => {
  const db = useTestDatabase(dialect);

  it(`every pair of ${SPECS.length} column types keeps its values up and down`, async () => {
    const engine = await createEngine(db().url);
    const failures: string[] = [];
    let pairs = 0;
    try {
      for (const a of SPECS) {
        for (const b of SPECS) {
          const domain = a === b ? null : cellDomain(a, b, dialect);
          if (!domain) continue;
          pairs++;
          // SQLite's domains are endless (any value of A's kind): a few rows of each.
          const values = Array.from({ length: Number.isFinite(domain.size) ? domain.size : 4 }, (_, i) => domain.value(i));
          try {
            const problem = await roundTrip(engine, a, b, values);
            if (problem) failures.push(`${label(a)} → ${label(b)}: ${problem}`);
          } catch (e) {
            failures.push(`${label(a)} → ${label(b)}: ${(e as Error).message.split('\n')[0]}`);
          }
        }
      }
    } finally {
      await engine.close();
    }
    expect(failures).toEqual([]);
    // The classes must keep finding values for most pairs; a change that empties them fails here.
    expect(pairs).toBeGreaterThan(dialect === 'sqlite' ? 250 : 120);
  }, 300_000);
});
