import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createAll, createEngine, dropAll, toSchema } from '../src/index.js';
import { buildModels, generatedKeyOptions, generatedMethods, schemaSpec } from './support/arbitraries.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

/** Random schemas (1–4 tables each) per run; ORM_PROPERTY_RUNS changes it. */
const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 100);
/** Server DDL costs tens of milliseconds a table, more on a busy machine: the budget grows with RUNS. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 1_000);

describeDialects('create-all then introspect equals the normalized model', (dialect) => {
  const db = useTestDatabase(dialect);

  it(`holds for ${RUNS} random schemas (every column type and modifier)`, async () => {
    const engine = await createEngine(db().url);
    let tables = 0;
    try {
      await fc.assert(
        fc.asyncProperty(schemaSpec({ partialIndexes: engine.dialect.capabilities.partialIndexes, indexMethods: generatedMethods(engine.dialect), expressionIndexes: engine.dialect.capabilities.expressionIndexes, ...generatedKeyOptions(engine.dialect) }), async (specs) => {
          const models = buildModels(specs);
          const schema = toSchema(models);
          tables += schema.tables.length;
          await dropAll(engine, schema, { all: true });
          await createAll(engine, schema);
          const live = await engine.introspect();
          expect(engine.dialect.normalize(live)).toEqual(engine.dialect.normalize(schema));
        }),
        { numRuns: RUNS },
      );
      // The issue asks for at least 200 random tables per run at the default setting.
      if (RUNS >= 100) expect(tables).toBeGreaterThanOrEqual(200);
    } finally {
      await engine.close();
    }
  }, TIMEOUT_MS);
});
