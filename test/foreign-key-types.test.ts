/**
 * ORM010 against the databases themselves: for every pair of column types, a table whose
 * key has the first type is referenced by a column of the second. The lint's verdict
 * (`Dialect.foreignKeyTypeProblem`) must be what the database does: each pair it passes
 * is accepted, each it flags is refused. A rule that drifts from the database either
 * blocks a good migration or lets a bad one fail half-way on MySQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DialectName } from '../src/dialects/dialect.js';
import type { ColumnBuilder, Engine } from '../src/index.js';
import { bigint, boolean, createAll, createEngine, customType, date, integer, numeric, real, table, text, timestamp, toSchema, uuid, varchar } from '../src/index.js';
import type { Table } from '../src/schema/ir.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

type Builder = () => ColumnBuilder<unknown, boolean, boolean>;
const TYPES: Record<string, Builder> = {
  integer: () => integer(),
  bigint: () => bigint(),
  real: () => real(),
  numeric_10_2: () => numeric(10, 2),
  numeric_12_2: () => numeric(12, 2),
  varchar_50: () => varchar(50),
  varchar_100: () => varchar(100),
  text: () => text(),
  boolean: () => boolean(),
  date: () => date(),
  timestamp: () => timestamp(),
  uuid: () => uuid(),
};
const MYSQL_ONLY: Record<string, Builder> = { int_unsigned: () => customType('INT UNSIGNED'), char_36: () => customType('CHAR(36)') };

describeDialects('foreign key column types: lint agrees with the database', (dialect: DialectName) => {
  const db = useTestDatabase(dialect);
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(db().url);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('accepts exactly the pairs ORM010 passes', async () => {
    const types = { ...TYPES, ...(dialect === 'mysql' ? MYSQL_ONLY : {}) };
    const judge = engine.dialect.foreignKeyTypeProblem;
    const disagreements: string[] = [];
    let tried = 0;
    let n = 0;
    for (const [parentName, parentType] of Object.entries(types)) {
      const Parent = table(`p${n++}`, { k: parentType().primaryKey() });
      const parentSchema = toSchema([Parent]);
      try {
        await createAll(engine, parentSchema);
      } catch {
        continue; // not a possible key on this database (MySQL TEXT): nothing to reference
      }
      for (const [childName, childType] of Object.entries(types)) {
        const Child = table(`c${n++}`, { id: integer().primaryKey(), r: childType().references(() => Parent.c.k) });
        const schema = toSchema([Parent, Child]);
        let refusal: string | null = null;
        try {
          // The database's own answer: the dialect's DDL, not createAll (which asks the rule first).
          for (const sql of engine.dialect.ddl.createTable(schema.tables.find((t: Table) => t.name === Child.tableName)!)) await engine.execute(sql);
        } catch (err) {
          refusal = (err as Error).message;
        }
        tried++;
        const [child, parent] = [schema.tables.find((t) => t.name === Child.tableName)!, schema.tables.find((t) => t.name === Parent.tableName)!];
        const problem = judge ? judge(child.columns.find((c) => c.name === 'r')!.type, parent.columns[0]!.type) : null;
        if ((problem === null) !== (refusal === null)) {
          disagreements.push(`${childName} → ${parentName}: lint ${problem === null ? 'passes' : 'flags'} it, the database ${refusal === null ? 'accepts' : `refuses (${refusal.split('\n')[0]})`}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  }, 300_000);

  it('createAll refuses a model whose foreign key the database would refuse, before creating anything', async () => {
    const Owner = table('fk_owner', { id: integer().primaryKey() });
    const Item = table('fk_item', { id: integer().primaryKey(), owner_id: varchar(20).references(() => Owner.c.id) });
    const schema = toSchema([Owner, Item]);
    if (!engine.dialect.foreignKeyTypeProblem) {
      await createAll(engine, schema);
      return;
    }
    await expect(createAll(engine, schema)).rejects.toThrow(/^table 'fk_item': foreign key 'fk_fk_item_owner_id_fk_owner' \(fk_item\.owner_id → fk_owner\.id\): .+; nothing was created$/);
    const live = await engine.introspect();
    expect(live.tables.map((t) => t.name).filter((n) => n.startsWith('fk_'))).toEqual([]);
  });
});
