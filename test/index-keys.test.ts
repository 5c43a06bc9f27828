/**
 * Index keys beyond ascending columns: on every dialect what the model declares is what
 * the database holds, read back equal (create-all, then diff); the DSL, op.createIndex and
 * SQLite's CREATE INDEX parsing check their input.
 */
import { expect, it } from 'vitest';
import { createAll, createEngine, integer, table, toSchema, varchar } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { MigrationOp } from '../src/ops/op-api.js';
import { makeSchema } from '../src/schema/ir.js';
import { parseIndexKeys } from '../src/dialects/sqlite/parse-create-table.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

const Event = table('events', { id: integer().primaryKey(), kind: varchar(20).notNull(), at: integer().notNull() }, (t) => [
  t.index('ix_events_at', [t.c.at.desc()]),
  // A unique index with a DESC key is no plain UNIQUE constraint, even on MySQL.
  t.uniqueIndex('ux_events_kind_at', [t.c.kind, t.c.at.desc()]),
]);

describeDialects('DESC index keys', (dialect) => {
  const db = useTestDatabase(dialect);

  it('are created as declared and read back equal, unique ones included', async () => {
    const engine = await createEngine(db().url);
    try {
      const models = toSchema([Event]);
      await createAll(engine, models);
      const live = await engine.introspect();
      const events = engine.dialect.normalize(live).tables.find((t) => t.name === 'events')!;
      expect(events.indexes.map((i) => [i.name, i.unique, i.keys.map((k) => `${k.kind === 'column' ? k.column : k.sql} ${k.order}`)])).toEqual([
        ['ix_events_at', false, ['at desc']],
        ['ux_events_kind_at', true, ['kind asc', 'at desc']],
      ]);
      expect(diff(live, models, { dialect: engine.dialect }).operations).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});

it('op.createIndex takes column names and { column, order } keys, and refuses other orders', () => {
  const op = new MigrationOp(makeSchema([]));
  op.createTable('t', { a: integer(), b: integer() });
  op.createIndex('t', 'ix', ['a', { column: 'b', order: 'desc' }]);
  expect(op.schema.tables[0]!.indexes[0]!.keys).toEqual([
    { kind: 'column', column: 'a', order: 'asc' },
    { kind: 'column', column: 'b', order: 'desc' },
  ]);
  expect(() => op.createIndex('t', 'ix2', [{ column: 'a', order: 'down' as 'desc' }])).toThrow(`createIndex: key 'a' has order "down"; use 'asc' or 'desc'`);
});

it('op.createIndex takes { expression, order } keys, checked like column keys', () => {
  const op = new MigrationOp(makeSchema([]));
  op.createTable('t', { a: varchar(10) });
  op.createIndex('t', 'ix', [{ expression: ' lower(a) ', order: 'desc' }, 'a']);
  expect(op.schema.tables[0]!.indexes[0]!.keys).toEqual([
    { kind: 'expression', sql: 'lower(a)', order: 'desc' },
    { kind: 'column', column: 'a', order: 'asc' },
  ]);
  expect(() => op.createIndex('t', 'ix2', [{ expression: '' }])).toThrow('createIndex: a key must be a column name, { column, order } or { expression, order }, got {"expression":""}');
});

it('models: an expression index needs a name, an expression its SQL, and using a method name', () => {
  const model = (extras: (t: any) => any[]) => table('t', { id: integer().primaryKey(), a: varchar(10) }, extras);
  expect(() => toSchema([model((t) => [t.index([t.expr('lower(a)')])])])).toThrow(
    "table 't': an index with an expression key (t.expr) needs a name: t.index('name', [...])",
  );
  expect(() => toSchema([model((t) => [t.index('ix', [t.expr(' ')])])])).toThrow("t.expr() needs the expression's SQL");
  expect(() => toSchema([model((t) => [t.index('ix', [t.c.a], { using: 'gin; drop table t' })])])).toThrow(
    `table 't': index 'ix': using "gin; drop table t" is not an access method name (btree, hash, gin, gist, brin, …)`,
  );
  expect(toSchema([model((t) => [t.index('ix', [t.c.a], { using: 'GIN' })])]).tables[0]!.indexes[0]!.using).toBe('gin');
});

it('SQLite CREATE INDEX text splits into its keys without ASC, DESC or COLLATE', () => {
  expect(parseIndexKeys('CREATE UNIQUE INDEX "ux" ON "t" (lower("a, b") DESC, a COLLATE NOCASE ASC, (b + 1), substr(c, 1, 2)) WHERE a > 0')).toEqual([
    'lower("a, b")',
    'a',
    '(b + 1)',
    'substr(c, 1, 2)',
  ]);
});
