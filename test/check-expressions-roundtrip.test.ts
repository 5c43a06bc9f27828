/**
 * CHECK constraints as people write them compare equal to what each server prints back,
 * so `orm check` and autogenerate stay quiet after `create-all`. PostgreSQL reprints every
 * operator in parentheses and MariaDB renames functions (`lower` → `lcase`, `%` → `MOD`);
 * a model that says `a + b < 100` must not look changed forever.
 */
import { expect, it } from 'vitest';
import { boolean, createAll, createEngine, date, dropAll, integer, numeric, table, text, toSchema, varchar } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

/** Expressions every dialect accepts in a CHECK. */
const COMMON = [
  'a > 0 AND b > 0',
  'a + b < 100',
  'a - b > -50',
  'a % 2 = 0',
  '(a * 2) + 1 > b',
  'a * (b + 1) > 3',
  'a / 2 >= 0 OR a IS NULL',
  'price >= 0',
  'price > 0.5',
  "name <> ''",
  'length(name) BETWEEN 1 AND 50',
  'a BETWEEN -5 AND 5',
  "email LIKE '%@%'",
  'lower(email) = email',
  'upper(substr(name, 1, 1)) = substr(name, 1, 1)',
  'coalesce(a, 0) >= 0',
  'abs(a - b) < 10',
  'a IS NULL OR b IS NULL',
  "d > '2000-01-01'",
  'a IN (1, 2, 3)',
  'a NOT IN (4, 5)',
  'length(trim(name)) > 0',
  'CASE WHEN a > 0 THEN b > 0 ELSE b < 0 END',
  '(a > 0 OR b > 0) AND name IS NOT NULL',
  'NOT (a > 1)',
];

describeDialects('CHECK expressions read back from the server compare equal to the model', (dialect) => {
  const db = useTestDatabase(dialect);

  it(`for ${COMMON.length} expressions written the way people write them`, async () => {
    const Checked = table(
      'checked',
      {
        id: integer().primaryKey(),
        a: integer(),
        b: integer(),
        price: numeric(10, 2),
        name: varchar(50),
        email: text(),
        d: date(),
        flag: boolean(),
      },
      (t) => COMMON.map((expression, i) => t.check(`checked_c${i}`, expression)),
    );
    const schema = toSchema([Checked]);
    const engine = await createEngine(db().url);
    try {
      await dropAll(engine, schema, { all: true });
      await createAll(engine, schema);
      const changes = diff(await engine.introspect(), schema, { dialect: engine.dialect });
      // Named, so a failure says which expressions the server reprinted differently.
      const changed = changes.operations.map((op) => JSON.stringify(op));
      expect(changed).toEqual([]);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
