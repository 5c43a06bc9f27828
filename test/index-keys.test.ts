/**
 * Index keys beyond ascending columns, at the library level on every dialect: what the
 * model declares is what the database holds, read back equal (create-all, then diff).
 */
import { expect, it } from 'vitest';
import { createAll, createEngine, integer, table, toSchema, varchar } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { MigrationOp } from '../src/ops/op-api.js';
import { makeSchema } from '../src/schema/ir.js';
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
      expect(events.indexes.map((i) => [i.name, i.unique, i.keys.map((k) => `${k.column} ${k.order}`)])).toEqual([
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
