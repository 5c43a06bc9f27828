/**
 * The SQLite table rebuild on real databases: rows survive, children keep their rows and
 * their foreign keys, triggers and views survive, and a failed foreign key check rolls
 * the whole migration back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine, Operation } from '../src/index.js';
import { createAll, createEngine, integer, table, text, toSchema, varchar } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { ForeignKeyCheckError, executePlan, migrate, planMigration } from './support/migrate.js';

const Parent = table('parent', { id: integer().primaryKey(), name: varchar(20).notNull() });
const Child = table('child', { id: integer().primaryKey(), parent_id: integer().notNull().references(() => Parent.c.id, { onDelete: 'cascade' }).index(), note: text() });

let engine: Engine;
beforeEach(async () => {
  engine = await createEngine('sqlite://:memory:');
  await createAll(engine, toSchema([Parent, Child]));
  await engine.execute("INSERT INTO parent (id, name) VALUES (1, 'a'), (2, 'b'), (5, 'c')");
  await engine.execute("INSERT INTO child (parent_id, note) VALUES (1, 'x'), (1, 'y'), (5, 'z')");
});
afterEach(async () => {
  await engine.close();
});

const rows = async (sql: string) => (await engine.execute(sql)).rows;

/** The operations taking the live database to these models. */
async function to(...models: Parameters<typeof toSchema>[0]): Promise<readonly Operation[]> {
  return diff(await engine.introspect(), toSchema(models), { dialect: engine.dialect }).operations;
}

describe('SQLite table rebuild', () => {
  it('keeps the rows of the rebuilt table, and of ON DELETE CASCADE children, whose keys still point at it', async () => {
    const Parent2 = table('parent', { id: integer().primaryKey(), name: text().notNull().check("name <> ''") });
    const plan = await migrate(engine, await to(Parent2, Child));
    expect(plan.main.some((s) => s.sql === 'DROP TABLE "parent"')).toBe(true);
    expect(await rows('SELECT id, name FROM parent ORDER BY id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 5, name: 'c' },
    ]);
    expect(await rows('SELECT parent_id, note FROM child ORDER BY id')).toEqual([
      { parent_id: 1, note: 'x' },
      { parent_id: 1, note: 'y' },
      { parent_id: 5, note: 'z' },
    ]);
    // Enforcement is back on, and the child's key points at the new table.
    expect(await rows('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await engine.execute('DELETE FROM parent WHERE id = 1');
    expect(await rows('SELECT parent_id FROM child')).toEqual([{ parent_id: 5 }]);
    await expect(engine.execute("INSERT INTO parent (id, name) VALUES (9, '')")).rejects.toThrow(/check constraint/);
  });

  it('keeps the rowid of a table without a rowid alias across rebuilds', async () => {
    await engine.execute('CREATE TABLE plain (a INTEGER, b TEXT)');
    await engine.execute("INSERT INTO plain (rowid, a, b) VALUES (10, 1, 'x'), (20, 2, 'y')");
    const Plain = table('plain', { a: integer().notNull(), b: text() });
    await migrate(engine, await to(Parent, Child, Plain));
    expect(await rows('SELECT rowid, a, b FROM plain ORDER BY rowid')).toEqual([
      { rowid: 10, a: 1, b: 'x' },
      { rowid: 20, a: 2, b: 'y' },
    ]);
  });

  it('numbers a new auto-increment key column from the rowid', async () => {
    await engine.execute('CREATE TABLE plain (a INTEGER)');
    await engine.execute('INSERT INTO plain (rowid, a) VALUES (3, 30), (7, 70)');
    await migrate(engine, await to(Parent, Child, table('plain', { id: integer().primaryKey(), a: integer() })));
    expect(await rows('SELECT id, a FROM plain ORDER BY id')).toEqual([
      { id: 3, a: 30 },
      { id: 7, a: 70 },
    ]);
  });

  it('recreates the triggers of the rebuilt table and keeps views over it', async () => {
    await engine.execute('CREATE TABLE log (msg TEXT)');
    await engine.execute("CREATE TRIGGER parent_log AFTER INSERT ON parent BEGIN INSERT INTO log VALUES ('new ' || NEW.name); END");
    await engine.execute('CREATE VIEW parent_names AS SELECT name FROM parent');
    await migrate(engine, await to(table('parent', { id: integer().primaryKey(), name: text().notNull() }), Child, table('log', { msg: text() })));
    await engine.execute("INSERT INTO parent (id, name) VALUES (7, 'd')");
    expect(await rows('SELECT msg FROM log')).toEqual([{ msg: 'new d' }]);
    expect(await rows('SELECT count(*) AS n FROM parent_names')).toEqual([{ n: 4 }]);
  });

  it('refuses, and changes nothing, rather than drop a trigger it was not told about', async () => {
    await engine.execute("CREATE TRIGGER parent_touch AFTER UPDATE ON parent BEGIN SELECT 1; END");
    const ops = await to(table('parent', { id: integer().primaryKey(), name: text().notNull() }), Child);
    const conn = await engine.connect();
    try {
      const plan = planMigration(engine, await engine.dialect.introspect(conn.raw), ops); // no dependentObjects
      await expect(executePlan(conn, plan)).rejects.toThrow('rebuilding table "parent" would drop its trigger "parent_touch"');
    } finally {
      conn.release();
    }
    expect(await rows("SELECT name FROM sqlite_schema WHERE type = 'trigger'")).toEqual([{ name: 'parent_touch' }]);
    expect(await rows("SELECT sql FROM sqlite_schema WHERE name = 'parent'")).toEqual([{ sql: expect.stringContaining('VARCHAR(20)') }]);
  });

  it('fails the migration and rolls it back when the foreign key check finds a violation', async () => {
    await engine.execute('CREATE TABLE orphan (id INTEGER PRIMARY KEY, parent_id INTEGER)');
    await engine.execute('INSERT INTO orphan (parent_id) VALUES (1), (42)');
    const Orphan = table('orphan', { id: integer().primaryKey(), parent_id: integer().references(() => Parent.c.id).index() });
    const ops = await to(Parent, Child, Orphan);
    await expect(migrate(engine, ops)).rejects.toBeInstanceOf(ForeignKeyCheckError);
    expect(await rows("SELECT sql FROM sqlite_schema WHERE name = 'orphan'")).toEqual([{ sql: 'CREATE TABLE orphan (id INTEGER PRIMARY KEY, parent_id INTEGER)' }]);
    expect(await rows("SELECT name FROM sqlite_schema WHERE name LIKE '_orm_new_%'")).toEqual([]);
    expect(await rows('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    expect(await rows('PRAGMA legacy_alter_table')).toEqual([{ legacy_alter_table: 0 }]);
  });

  it('uses native ALTER TABLE for a plain column and a rebuild for an indexed one', async () => {
    const dropNote = await migrate(engine, await to(Parent, table('child', { id: integer().primaryKey(), parent_id: integer().notNull().references(() => Parent.c.id, { onDelete: 'cascade' }).index() })));
    expect(dropNote.main.map((s) => s.sql)).toEqual(['ALTER TABLE "child" DROP COLUMN "note"']);
    const dropKey = await migrate(engine, await to(Parent, table('child', { id: integer().primaryKey() })));
    expect(dropKey.main.some((s) => s.sql === 'DROP TABLE "child"')).toBe(true);
    expect(await rows('SELECT id FROM child ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
