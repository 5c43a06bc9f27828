import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mysqlDialect } from '../src/dialects/mysql/index.js';
import { toSchema } from '../src/index.js';
import { buildModels, schemaSpec } from './support/arbitraries.js';

const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 60);

describe('mysql normalize (no server needed)', () => {
  it(`is idempotent, so normalized IR can be planned and normalized again (${RUNS} random schemas)`, () => {
    fc.assert(
      fc.property(schemaSpec({ partialIndexes: false }), (specs) => {
        const once = mysqlDialect.normalize(toSchema(buildModels(specs)));
        expect(mysqlDialect.normalize(once)).toEqual(once);
      }),
      { numRuns: RUNS },
    );
  }, Math.max(60_000, RUNS * 500));
});
