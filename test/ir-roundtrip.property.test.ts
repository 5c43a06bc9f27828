import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createAll, createEngine, dropAll, toSchema } from '../src/index.js';
import { buildModels, schemaSpec } from './support/arbitraries.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

/** Random tables per run; ORM_PROPERTY_RUNS raises it (the issue asks for ≥ 200). */
const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 60);
/** Server DDL costs tens of milliseconds a table, more on a busy machine: the budget grows with RUNS. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 1_000);

describeDialects('create-all then introspect equals the normalized model', (dialect) => {
  const db = useTestDatabase(dialect);

  it(`holds for ${RUNS} random schemas (every column type and modifier)`, async () => {
    const engine = await createEngine(db().url);
    try {
      await fc.assert(
        fc.asyncProperty(schemaSpec({ partialIndexes: engine.dialect.capabilities.partialIndexes }), async (specs) => {
          const models = buildModels(specs);
          const schema = toSchema(models);
          await dropAll(engine, schema, { all: true });
          await createAll(engine, schema);
          const live = await engine.introspect();
          expect(engine.dialect.normalize(live)).toEqual(engine.dialect.normalize(schema));
        }),
        { numRuns: RUNS },
      );
    } finally {
      await engine.close();
    }
  }, TIMEOUT_MS);
});
