/**
 * The migration property test is only as good as its pairs: this checks, on a fixed
 * sample, that they exercise what matters (rows that must survive rebuilds, declared
 * renames holding data, the indexes and constraints renamed with them, foreign key values,
 * undecided renames).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createAll, createEngine, toSchema } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { buildModels } from './support/arbitraries.js';
import { planMigration } from './support/migrate.js';
import { schemaPair } from './support/schema-pairs.js';

it('random schema pairs exercise rebuilds with rows, renames with data, renamed indexes and constraints, foreign key values and ambiguity', async () => {
  const samples = fc.sample(schemaPair({ partialIndexes: true }), { numRuns: 200, seed: 7 });
  const count: Record<string, number> = {};
  const tally = (k: string, cond: boolean) => void (cond && (count[k] = (count[k] ?? 0) + 1));
  for (const pair of samples) {
    const engine = await createEngine('sqlite://:memory:');
    await createAll(engine, toSchema(buildModels(pair.a)));
    const live = await engine.introspect();
    const result = diff(live, toSchema(buildModels(pair.b)), { dialect: engine.dialect, renames: pair.renames });
    const plan = planMigration(engine, live, result.operations);
    const withRows = [...pair.tableOrigin.values()].filter((a) => (pair.rows.get(a)?.length ?? 0) > 0);
    tally('rebuilt table with rows', plan.main.some((s) => withRows.some((t) => s.sql === `DROP TABLE "${t}"`)));
    tally('renamed column with rows', result.renames!.some((r) => r.kind === 'column' && (pair.rows.get(pair.tableOrigin.get(r.table!)!)?.length ?? 0) > 0));
    tally('renamed table', result.renames!.some((r) => r.kind === 'table'));
    tally('renamed index', result.operations.some((op) => op.kind === 'renameIndex'));
    tally('renamed constraint', result.operations.some((op) => op.kind === 'renameConstraint'));
    tally('foreign key values', [...pair.rows.values()].some((rows) => rows.some((row) => row.ref_id != null)));
    tally('ambiguity', result.ambiguities.length > 0);
    tally('native ALTER', plan.main.some((s) => /^ALTER TABLE .* (ADD|DROP) COLUMN /.test(s.sql)));
    await engine.close();
  }
  expect(count['rebuilt table with rows']).toBeGreaterThan(60);
  expect(count['renamed column with rows']).toBeGreaterThan(15);
  expect(count['renamed table']).toBeGreaterThan(30);
  expect(count['renamed index']).toBeGreaterThan(25);
  expect(count['renamed constraint']).toBeGreaterThan(25);
  expect(count['foreign key values']).toBeGreaterThan(15);
  expect(count['ambiguity']).toBeGreaterThan(30);
  expect(count['native ALTER']).toBeGreaterThan(60);
});
