/**
 * NULLS FIRST/LAST and operator classes on index keys. On PostgreSQL what the model
 * declares is what the database holds, read back equal, and a declared default (NULLS LAST
 * ascending, a type's default operator class) is no option on either side, so it never
 * shows as a difference. SQLite and MySQL/MariaDB keep the NULLs placement they have anyway
 * and refuse the other, and any operator class, with one line naming table and index.
 */
import { expect, it } from 'vitest';
import { createAll, createEngine, dropAll, integer, table, text, toSchema, varchar } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { defaultOpclasses } from '../src/dialects/postgres/index-keys.js';
import { postgresDialect } from '../src/dialects/postgres/index.js';
import { keyLabel } from '../src/schema/index-keys.js';
import { MigrationOp } from '../src/ops/op-api.js';
import { makeSchema } from '../src/schema/ir.js';
import type { Schema } from '../src/schema/ir.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

const columns = { id: integer().primaryKey(), name: varchar(100), code: varchar(20), body: text(), at: integer() };
const keysOf = (schema: Schema, name: string) => schema.tables.flatMap((t) => t.indexes).find((i) => i.name === name)!.keys.map(keyLabel);

/** Keys PostgreSQL keeps and SQLite/MySQL cannot build. */
const Options = table('docs', columns, (t) => [
  t.index('ix_docs_name', [t.key(t.c.name).opclass('text_pattern_ops'), t.key(t.c.code).desc().opclass('varchar_pattern_ops')]),
  t.index('ix_docs_at', [t.key(t.c.at).nullsFirst(), t.key(t.c.id).desc().nullsLast()]),
  t.uniqueIndex('ux_docs_body', [t.expr('lower(body)').opclass('text_pattern_ops').nullsFirst()]),
]);

/** Every option the same as saying nothing, on PostgreSQL. */
const Defaults = table('docs', columns, (t) => [
  t.index('ix_docs_name', [t.key(t.c.name).opclass('TEXT_OPS').nullsLast(), t.key(t.c.at).desc().nullsFirst().opclass('int4_ops')]),
  t.index('ix_docs_hash', [t.key(t.c.code).opclass('text_ops')], { using: 'hash' }),
]);

/** The NULLs placement SQLite and MySQL have anyway: first ascending, last descending. */
const LowNulls = table('docs', columns, (t) => [t.index('ix_docs_at', [t.key(t.c.at).nullsFirst(), t.key(t.c.id).desc().nullsLast()])]);

describeDialects('index key options', (dialect) => {
  const db = useTestDatabase(dialect);

  async function createdAndRead(model: typeof Options): Promise<{ models: Schema; live: Schema; norm: Schema; ops: number }> {
    const engine = await createEngine(db().url);
    try {
      const models = toSchema([model]);
      await dropAll(engine, models, { all: true });
      await createAll(engine, models);
      const live = await engine.introspect();
      return { models, live, norm: engine.dialect.normalize(live), ops: diff(live, models, { dialect: engine.dialect }).operations.length };
    } finally {
      await engine.close();
    }
  }

  if (dialect === 'postgres') {
    it('operator classes and NULLS FIRST/LAST that are not defaults are created, read back equal and diff clean', async () => {
      const { norm, ops } = await createdAndRead(Options);
      expect(keysOf(norm, 'ix_docs_name')).toEqual(['name text_pattern_ops', 'code varchar_pattern_ops DESC']);
      expect(keysOf(norm, 'ix_docs_at')).toEqual(['at NULLS FIRST', 'id DESC NULLS LAST']);
      expect(keysOf(norm, 'ux_docs_body')).toEqual(['(lower(body)) text_pattern_ops NULLS FIRST']);
      expect(ops).toBe(0);
    });

    it('declared defaults (NULLS LAST ascending, NULLS FIRST descending, a type default operator class) are no option on either side', async () => {
      const { models, live, ops } = await createdAndRead(Defaults);
      expect(keysOf(live, 'ix_docs_name')).toEqual(['name', 'at DESC']);
      expect(keysOf(live, 'ix_docs_hash')).toEqual(['code']);
      expect(keysOf(postgresDialect.normalize(models), 'ix_docs_name')).toEqual(['name', 'at DESC']);
      expect(ops).toBe(0);
    });

    it('the default operator classes left out of models are the server catalog defaults of every built-in access method', async () => {
      const engine = await createEngine(db().url);
      try {
        const { rows } = await engine.execute(
          `SELECT am.amname AS method, opc.opcname AS name FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
           WHERE opc.opcdefault AND am.amname IN ('btree', 'hash', 'gin', 'gist', 'spgist', 'brin') ORDER BY 1, 2`,
        );
        for (const method of ['btree', 'hash', 'gin', 'gist', 'spgist', 'brin']) {
          expect([...defaultOpclasses(method)].sort(), method).toEqual(rows.filter((r) => r.method === method).map((r) => r.name).sort());
        }
      } finally {
        await engine.close();
      }
    });
    return;
  }

  const database = dialect === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB';
  it('NULLs placed where the database puts them anyway are kept: created, read back, diff clean', async () => {
    const { norm, ops } = await createdAndRead(LowNulls);
    expect(keysOf(norm, 'ix_docs_at')).toEqual(['at', 'id DESC']);
    expect(ops).toBe(0);
  });

  it('NULLs placed the other way, or an operator class, are refused with one line naming table and index', async () => {
    const refused = (model: typeof Options) => createdAndRead(model).then(() => 'created', (e: Error) => e.message);
    const nullsLast = table('docs', columns, (t) => [t.index('ix_docs_at', [t.c.id, t.key(t.c.at).nullsLast()])]);
    expect(await refused(nullsLast)).toBe(`table 'docs', index 'ix_docs_at': ${database} puts NULLs first in an ascending key, so (at NULLS LAST) cannot be built; remove nullsLast()`);
    const nullsFirst = table('docs', columns, (t) => [t.index('ix_docs_at', [t.key(t.c.at).desc().nullsFirst()])]);
    expect(await refused(nullsFirst)).toBe(`table 'docs', index 'ix_docs_at': ${database} puts NULLs last in a descending key, so (at DESC NULLS FIRST) cannot be built; remove nullsFirst()`);
    const opclass = table('docs', columns, (t) => [t.index('ix_docs_name', [t.key(t.c.name).opclass('text_pattern_ops')])]);
    expect(await refused(opclass)).toBe(`table 'docs', index 'ix_docs_name': ${database} has no operator classes (name text_pattern_ops); remove opclass('text_pattern_ops')`);
  });
});

it('op.createIndex takes nulls and opclass on column and expression keys, and refuses others', () => {
  const op = new MigrationOp(makeSchema([]));
  op.createTable('t', { a: varchar(10), b: integer() });
  op.createIndex('t', 'ix', [{ column: 'a', opclass: 'Text_Pattern_Ops' }, { expression: 'lower(a)', order: 'desc', nulls: 'last' }, 'b']);
  expect(op.schema.tables[0]!.indexes[0]!.keys).toEqual([
    { kind: 'column', column: 'a', order: 'asc', opclass: 'text_pattern_ops' },
    { kind: 'expression', sql: 'lower(a)', order: 'desc', nulls: 'last' },
    { kind: 'column', column: 'b', order: 'asc' },
  ]);
  expect(() => op.createIndex('t', 'ix2', [{ column: 'a', nulls: 'high' as 'last' }])).toThrow(`createIndex: key 'a' has nulls "high"; use 'first' or 'last'`);
  expect(() => op.createIndex('t', 'ix3', [{ column: 'a', opclass: 'x) ; drop table t' }])).toThrow(
    `createIndex: key 'a' has opclass "x) ; drop table t"; use an operator class name such as 'text_pattern_ops'`,
  );
});

it('models: t.key() takes a column, opclass() a name, and options survive asc()/desc() in either order', () => {
  const model = (extras: (t: any) => any[]) => toSchema([table('t', { id: integer().primaryKey(), a: varchar(10) }, extras)]).tables[0]!.indexes[0]!.keys;
  expect(model((t) => [t.index('ix', [t.key(t.c.a).nullsFirst().desc().opclass('text_pattern_ops')])])).toEqual([
    { kind: 'column', column: 'a', order: 'desc', nulls: 'first', opclass: 'text_pattern_ops' },
  ]);
  expect(model((t) => [t.index('ix', [t.key(t.c.a.desc()).nullsLast()])])).toEqual([{ kind: 'column', column: 'a', order: 'desc', nulls: 'last' }]);
  expect(() => model((t) => [t.index('ix', [t.key('a')])])).toThrow('t.key() takes a column of the table: t.key(t.c.<name>)');
  expect(() => model((t) => [t.index('ix', [t.key(t.c.a).opclass('a b')])])).toThrow(`opclass() needs an operator class name such as 'text_pattern_ops', got "a b"`);
});

it('PostgreSQL normalization leaves out an operator class only where it is the default of the index method', () => {
  const Tags = table('tags', { id: integer().primaryKey(), label: text(), addr: text() }, (t) => [
    t.index('ix_tags_btree', [t.key(t.c.label).opclass('text_ops')]),
    t.index('ix_tags_spgist', [t.key(t.c.label).opclass('text_ops')], { using: 'spgist' }),
    t.index('ix_tags_gist', [t.key(t.c.addr).opclass('inet_ops')], { using: 'gist' }),
    t.index('ix_tags_trgm', [t.key(t.c.label).opclass('gin_trgm_ops')], { using: 'gin' }),
    t.index('ix_tags_desc', [t.key(t.c.label).desc().nullsLast().opclass('text_pattern_ops'), t.key(t.c.id).nullsLast()]),
  ]);
  const norm = postgresDialect.normalize(toSchema([Tags]));
  expect(['ix_tags_btree', 'ix_tags_spgist', 'ix_tags_gist', 'ix_tags_trgm', 'ix_tags_desc'].map((name) => keysOf(norm, name))).toEqual([
    ['label'],
    ['label'],
    // inet_ops is gist's too, but its default only for btree, hash and spgist.
    ['addr inet_ops'],
    ['label gin_trgm_ops'],
    ['label text_pattern_ops DESC NULLS LAST', 'id'],
  ]);
});
