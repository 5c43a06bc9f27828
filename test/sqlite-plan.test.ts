import { describe, expect, it } from 'vitest';
import type { Operation, PlannedStatement, Schema } from '../src/index.js';
import { enumType, integer, json, boolean, table, text, toSchema, varchar } from '../src/index.js';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { column } from './support/ir.js';
import { columnKeys } from '../src/schema/index-keys.js';

const Users = table('users', { id: integer().primaryKey(), name: varchar(50).notNull(), note: text(), mood: enumType('mood', ['ok', 'sad']) }, (t) => [
  t.index('ix_users_name', [t.c.name]),
]);
const Posts = table('posts', { id: integer().primaryKey(), user_id: integer().references(() => Users.c.id, { onDelete: 'cascade' }).index(), flag: boolean(), data: json() });
const schema: Schema = toSchema([Users, Posts]);

const plan = (op: Operation, objects?: Parameters<typeof sqliteDialect.plan>[1]['dependentObjects']): PlannedStatement[] => sqliteDialect.plan(op, { schema, dependentObjects: objects });
const sql = (op: Operation): string[] => plan(op).map((s) => s.sql);
const users = schema.tables.find((t) => t.name === 'users')!;

describe('SQLite plans native ALTER TABLE where it suffices', () => {
  it.each<[string, Operation, string[]]>([
    ['renameTable', { kind: 'renameTable', from: 'users', to: 'people' }, ['ALTER TABLE "users" RENAME TO "people"']],
    ['renameColumn', { kind: 'renameColumn', table: 'users', from: 'note', to: 'bio' }, ['ALTER TABLE "users" RENAME COLUMN "note" TO "bio"']],
    ['addColumn, nullable', { kind: 'addColumn', table: 'users', column: column('age') }, ['ALTER TABLE "users" ADD COLUMN "age" INTEGER']],
    [
      'addColumn, NOT NULL with a constant default',
      { kind: 'addColumn', table: 'users', column: column('age', { nullable: false, default: { kind: 'literal', value: 18 } }) },
      ['ALTER TABLE "users" ADD COLUMN "age" INTEGER NOT NULL DEFAULT 18'],
    ],
    [
      'addColumn, an enum (its CHECK is checked against existing rows by SQLite)',
      { kind: 'addColumn', table: 'users', column: column('tone', { type: { kind: 'enum', name: 'tone', values: ['hi'] } }) },
      [`ALTER TABLE "users" ADD COLUMN "tone" TEXT CONSTRAINT "enum_tone" CHECK ("tone" IN ('hi'))`],
    ],
    ['dropColumn, not indexed or constrained', { kind: 'dropColumn', table: 'users', column: users.columns[2]! }, ['ALTER TABLE "users" DROP COLUMN "note"']],
    ['dropColumn, an enum (its CHECK belongs to it)', { kind: 'dropColumn', table: 'users', column: users.columns[3]! }, ['ALTER TABLE "users" DROP COLUMN "mood"']],
    ['createIndex', { kind: 'createIndex', table: 'users', index: { name: 'ux', keys: columnKeys(['note']), unique: true, where: 'note IS NOT NULL' } }, ['CREATE UNIQUE INDEX "ux" ON "users" ("note") WHERE note IS NOT NULL']],
    ['dropIndex', { kind: 'dropIndex', table: 'users', index: users.indexes[0]! }, ['DROP INDEX "ix_users_name"']],
    [
      'renameIndex: SQLite has no ALTER INDEX, the index is built again',
      { kind: 'renameIndex', table: 'users', from: 'ix_users_name', to: 'ix_users_nm' },
      ['DROP INDEX "ix_users_name"', 'CREATE INDEX "ix_users_nm" ON "users" ("name")'],
    ],
    ['dropTable, not referenced', { kind: 'dropTable', table: schema.tables.find((t) => t.name === 'posts')! }, ['DROP TABLE "posts"']],
    ['execute', { kind: 'execute', sql: 'UPDATE users SET note = NULL', reverse: null }, ['UPDATE users SET note = NULL']],
    ['setTableComment: SQLite keeps no comments', { kind: 'setTableComment', table: 'users', before: null, after: 'x' }, []],
    ['createEnum: SQLite has no enum types', { kind: 'createEnum', enum: { name: 'e', values: ['a'] } }, []],
    ['dropEnum: SQLite has no enum types', { kind: 'dropEnum', enum: { name: 'e', values: ['a'] } }, []],
    [
      'alterColumn that only changes a comment',
      { kind: 'alterColumn', table: 'users', before: users.columns[2]!, after: { ...users.columns[2]!, comment: 'bio' } },
      [],
    ],
  ])('%s', (_name, op, expected) => {
    expect(sql(op)).toEqual(expected);
  });

  it('createTable creates its indexes too', () => {
    expect(sql({ kind: 'createTable', table: schema.tables.find((t) => t.name === 'posts')! })).toEqual([
      [
        'CREATE TABLE "posts" (',
        '  "id" INTEGER NOT NULL,',
        '  "user_id" INTEGER,',
        '  "flag" BOOLEAN,',
        '  "data" JSON,',
        '  PRIMARY KEY ("id"),',
        '  CONSTRAINT "fk_posts_user_id_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE',
        ')',
      ].join('\n'),
      'CREATE INDEX "ix_posts_user_id" ON "posts" ("user_id")',
    ]);
  });

  it('bulkInsert binds encoded values, grouping rows by their columns', () => {
    const op: Operation = { kind: 'bulkInsert', table: 'posts', rows: [{ flag: true, data: { a: [1] } }, { flag: false, data: 'x' }, { user_id: 1 }, {}] };
    expect(plan(op)).toEqual([
      { sql: 'INSERT INTO "posts" ("flag", "data") VALUES (?, ?), (?, ?)', params: [1, '{"a":[1]}', 0, '"x"'] },
      { sql: 'INSERT INTO "posts" ("user_id") VALUES (?)', params: [1] },
      { sql: 'INSERT INTO "posts" DEFAULT VALUES' },
    ]);
  });
});

describe('SQLite plans the 12-step table rebuild otherwise', () => {
  it('for a change of column type, step by step', () => {
    const op: Operation = { kind: 'alterColumn', table: 'users', before: users.columns[1]!, after: { ...users.columns[1]!, type: { kind: 'text' } } };
    expect(plan(op)).toEqual([
      { sql: 'PRAGMA foreign_keys=OFF', phase: 'before', transactional: false },
      {
        sql:
          "SELECT json_extract('{}', 'rebuilding table \"users\" would drop its trigger \"' || name || '\": drop and recreate it in the migration (op.execute), " +
          "or plan with PlanContext.dependentObjects') FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'users'",
      },
      {
        sql: [
          'CREATE TABLE "_orm_new_users" (',
          '  "id" INTEGER NOT NULL,',
          '  "name" TEXT NOT NULL,',
          '  "note" TEXT,',
          `  "mood" TEXT CONSTRAINT "enum_mood" CHECK ("mood" IN ('ok', 'sad')),`,
          '  PRIMARY KEY ("id")',
          ')',
        ].join('\n'),
      },
      { sql: 'INSERT INTO "_orm_new_users" ("id", "name", "note", "mood") SELECT "id", "name", "note", "mood" FROM "users"' },
      { sql: 'DROP TABLE "users"' },
      { sql: 'PRAGMA legacy_alter_table=ON' },
      { sql: 'ALTER TABLE "_orm_new_users" RENAME TO "users"' },
      { sql: 'PRAGMA legacy_alter_table=OFF' },
      { sql: 'CREATE INDEX "ix_users_name" ON "users" ("name")' },
      { sql: 'PRAGMA foreign_key_check("users")' },
      { sql: 'PRAGMA foreign_key_check("posts")' },
      { sql: 'PRAGMA legacy_alter_table=OFF', phase: 'after', transactional: false },
      { sql: 'PRAGMA foreign_keys=ON', phase: 'after', transactional: false },
    ]);
  });

  it.each<[string, Operation]>([
    ['addColumn, NOT NULL without a default', { kind: 'addColumn', table: 'users', column: column('age', { nullable: false }) }],
    ['addColumn, an expression default', { kind: 'addColumn', table: 'users', column: column('at', { default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' } }) }],
    ['dropColumn, indexed', { kind: 'dropColumn', table: 'users', column: users.columns[1]! }],
    ['dropColumn, referenced by another table', { kind: 'dropColumn', table: 'users', column: users.columns[0]! }],
    ['addConstraint', { kind: 'addConstraint', table: 'users', constraint: { type: 'check', name: 'ck', expression: 'length(name) > 0' } }],
    ['dropConstraint', { kind: 'dropConstraint', table: 'posts', constraint: { type: 'foreignKey', ...schema.tables[0]!.foreignKeys[0]! } }],
    ['renameConstraint', { kind: 'renameConstraint', table: 'posts', constraint: { type: 'foreignKey', ...schema.tables[0]!.foreignKeys[0]! }, to: 'fk_posts_author' }],
    ['alterEnum, for each table using the enum', { kind: 'alterEnum', before: { name: 'mood', values: ['ok', 'sad'] }, after: { name: 'mood', values: ['ok'] } }],
  ])('for %s', (_name, op) => {
    const statements = sql(op);
    expect(statements[0]).toBe('PRAGMA foreign_keys=OFF');
    expect(statements.filter((s) => /^CREATE TABLE "_orm_new_/.test(s))).toHaveLength(1);
    expect(statements.at(-1)).toBe('PRAGMA foreign_keys=ON');
  });

  it('copies the rowid where the new table has no rowid alias, and numbers a new auto-increment column from it', () => {
    const noKey: Operation = { kind: 'dropConstraint', table: 'users', constraint: { type: 'primaryKey', name: null, columns: ['id'] } };
    expect(sql(noKey)).toContain('INSERT INTO "_orm_new_users" (rowid, "id", "name", "note", "mood") SELECT rowid, "id", "name", "note", "mood" FROM "users"');
    const serial: Operation = { kind: 'addColumn', table: 'users', column: column('n', { nullable: false, autoIncrement: true }) };
    expect(sql(serial)).toContain('INSERT INTO "_orm_new_users" ("id", "name", "note", "mood", "n") SELECT "id", "name", "note", "mood", rowid FROM "users"');
  });

  it('recreates the triggers of the rebuilt table it is told about, and guards against the others', () => {
    const trigger = { type: 'trigger' as const, name: 'tr_users', tableName: 'users', sql: 'CREATE TRIGGER tr_users AFTER INSERT ON users BEGIN SELECT 1; END' };
    const view = { type: 'view' as const, name: 'v', tableName: 'v', sql: 'CREATE VIEW v AS SELECT * FROM users' };
    const statements = plan({ kind: 'addConstraint', table: 'users', constraint: { type: 'check', name: 'ck', expression: 'id > 0' } }, [trigger, view]).map((s) => s.sql);
    expect(statements).toContain(trigger.sql);
    expect(statements.indexOf(trigger.sql)).toBeGreaterThan(statements.indexOf('ALTER TABLE "_orm_new_users" RENAME TO "users"'));
    expect(statements[1]).toContain("AND name NOT IN ('tr_users')");
    expect(statements).not.toContain(view.sql); // views survive: they name the table, which comes back
  });

  it('turns enforcement off around dropping a table that others reference, and checks them', () => {
    expect(plan({ kind: 'dropTable', table: users })).toEqual([
      { sql: 'PRAGMA foreign_keys=OFF', phase: 'before', transactional: false },
      { sql: 'DROP TABLE "users"' },
      { sql: 'PRAGMA foreign_key_check("posts")' },
      { sql: 'PRAGMA foreign_keys=ON', phase: 'after', transactional: false },
    ]);
  });
});
