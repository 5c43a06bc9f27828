import fc from 'fast-check';
import { expect, it } from 'vitest';
import { withSession } from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { useOrm } from './support/orm.js';
import { expectSame, sample, Sample } from './support/orm-samples.js';

/** Runs per property; ORM_PROPERTY_RUNS raises it. */
const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 60);

describeDialects('values survive add, commit and a read in a new session', (dialect) => {
  const orm = useOrm(dialect, [Sample]);

  it(`for every column type (${RUNS} random batches)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 8 }), async (values) => {
        const originals = values.map((v) => structuredClone(v));
        const objects = values.map((v) => new Sample(v));
        await withSession(orm.engine(), async (s) => s.addAll(objects));
        await withSession(orm.engine(), async (s) => {
          for (const [i, obj] of objects.entries()) {
            const back = await s.get(Sample, obj.id);
            expect(back).not.toBeNull();
            expectSame(back!, originals[i]!);
          }
          // And through a query, in order.
          const listed = await s.query(Sample).where(Sample.c.id.in(objects.map((o) => o.id))).orderBy(Sample.c.id).all();
          listed.forEach((row, i) => expectSame(row, originals[i]!));
          await s.query(Sample).delete();
        });
      }),
      { numRuns: RUNS },
    );
  });
});
