/**
 * The migration property test is only as good as its pairs: this checks, on a fixed
 * sample, that they exercise what matters (rows that must survive rebuilds, declared
 * renames holding data, the indexes and constraints renamed with them, foreign key values,
 * undecided renames, values carried through type changes).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createAll, createEngine, toSchema } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { mysqlDialect } from '../src/dialects/mysql/index.js';
import { postgresDialect } from '../src/dialects/postgres/index.js';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { buildModels, generatedKeyOptions } from './support/arbitraries.js';
import { planMigration } from './support/migrate.js';
import { schemaPair } from './support/schema-pairs.js';
import { summarize, typeChanges } from './support/value-coverage.js';

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

/**
 * Carried: of the columns whose type changes (as the dialect sees it) and whose values the
 * migration keeps, those that hold a non-null value. A column in a table the migration
 * could not keep rows in (support/schema-pairs.ts) carries none on any dialect; on the
 * servers a change no value survives (uuid → timestamp) carries none either.
 * ORM_DEBUG_VALUE_COVERAGE=1 prints the counts per kind pair (carried/in a table with rows/all).
 */
it.each([
  { dialect: sqliteDialect, partialIndexes: true, carried: 0.45, ofWithRows: 0.99 },
  { dialect: postgresDialect, partialIndexes: true, carried: 0.27, ofWithRows: 0.8 },
  { dialect: mysqlDialect, partialIndexes: false, carried: 0.22, ofWithRows: 0.8 },
])('random schema pairs carry values through type changes on $dialect.name', ({ dialect, partialIndexes, carried, ofWithRows }) => {
  const samples = fc.sample(schemaPair({ partialIndexes, dialect: dialect.name }), { numRuns: 500, seed: 11 });
  const s = summarize(samples.flatMap((pair) => typeChanges(pair, dialect)));
  if (process.env.ORM_DEBUG_VALUE_COVERAGE) {
    const byKinds = [...s.byKinds].sort((x, y) => y[1].withRows - x[1].withRows).map(([k, v]) => `  ${k.padEnd(22)} ${v.carried}/${v.withRows}/${v.total}`);
    console.log(`${dialect.name}: ${s.carried}/${s.withRows}/${s.total} type-changing columns carried/in a table with rows/all\n${byKinds.join('\n')}`);
  }
  expect(s.carried / s.total).toBeGreaterThan(carried);
  expect(s.carried / s.withRows).toBeGreaterThan(ofWithRows);
});

it('PostgreSQL schema pairs carry and change NULLS FIRST/LAST and operator classes on index keys', () => {
  const options = { partialIndexes: true, dialect: 'postgres' as const, expressionIndexes: true, ...generatedKeyOptions(postgresDialect) };
  const samples = fc.sample(schemaPair(options), { numRuns: 200, seed: 7 });
  const count: Record<string, number> = {};
  const tally = (k: string, cond: boolean) => void (cond && (count[k] = (count[k] ?? 0) + 1));
  for (const pair of samples) {
    const b = postgresDialect.normalize(toSchema(buildModels(pair.b)));
    const keys = b.tables.flatMap((t) => t.indexes.flatMap((i) => i.keys));
    tally('nulls', keys.some((k) => k.nulls !== undefined));
    tally('opclass', keys.some((k) => k.opclass !== undefined));
    const created = diff(toSchema(buildModels(pair.a)), toSchema(buildModels(pair.b)), { dialect: postgresDialect, renames: pair.renames }).operations.flatMap((op) =>
      op.kind === 'createIndex' ? [op.index] : [],
    );
    tally('index created with options', created.some((i) => i.keys.some((k) => k.nulls !== undefined || k.opclass !== undefined)));
  }
  expect(count['nulls']).toBeGreaterThan(35);
  expect(count['opclass']).toBeGreaterThan(8);
  expect(count['index created with options']).toBeGreaterThan(35);
});
