/**
 * "No changes detected" after create-all or after migrating up, for every type and
 * modifier combination: the diff compares through normalization only.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createAll, createEngine, dropAll, toSchema } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { makeSchema } from '../src/schema/ir.js';
import { buildModels, generatedKeyOptions, generatedMethods, schemaSpec } from './support/arbitraries.js';
import { describeDialects, useTestDatabase } from './support/databases.js';
import { migrate } from './support/migrate.js';

/** Random schemas per run; ORM_PROPERTY_RUNS raises it. */
const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 100);

describeDialects('autogenerate after create-all or upgrade finds nothing', (dialect) => {
  const db = useTestDatabase(dialect);

  it(`for ${RUNS} random schemas (every column type and modifier)`, async () => {
    const engine = await createEngine(db().url);
    try {
      await fc.assert(
        fc.asyncProperty(schemaSpec({ partialIndexes: engine.dialect.capabilities.partialIndexes, indexMethods: generatedMethods(engine.dialect), expressionIndexes: engine.dialect.capabilities.expressionIndexes, ...generatedKeyOptions(engine.dialect) }), async (specs) => {
          const models = toSchema(buildModels(specs));
          await dropAll(engine, models, { all: true });
          await createAll(engine, models);
          expect(diff(await engine.introspect(), models, { dialect: engine.dialect })).toEqual({ operations: [], ambiguities: [], renames: [] });

          await dropAll(engine, models, { all: true });
          const up = diff(makeSchema([]), models, { dialect: engine.dialect });
          await migrate(engine, up.operations);
          expect(diff(await engine.introspect(), models, { dialect: engine.dialect }).operations).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    } finally {
      await engine.close();
    }
  }, 60_000 + RUNS * 300);
});
