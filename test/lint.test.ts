import { describe, expect, it } from 'vitest';
import type { Column, Dialect, Operation } from '../src/index.js';
import { integer, table, toSchema } from '../src/index.js';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { postgresDialect } from '../src/dialects/postgres/index.js';
import { mysqlDialect } from '../src/dialects/mysql/index.js';
import { enumType } from '../src/index.js';
import { lint } from '../src/ops/lint.js';
import { column, irTable } from './support/ir.js';
import { columnKeys } from '../src/schema/index-keys.js';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));
const codes = (ops: Operation[], context: Partial<Parameters<typeof lint>[1]> = {}) =>
  lint(ops, { dialect: sqliteDialect, ...context }).map((f) => `${f.code} ${f.severity} #${f.operation}`);

const fkConstraint = { type: 'foreignKey' as const, name: 'fk_o_u', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'no action' as const, onUpdate: 'no action' as const };
const Users = table('users', { id: integer().primaryKey() });
const Orders = table('orders', { id: integer().primaryKey(), user_id: integer() });
const existing = toSchema([Users, Orders]);

describe('lint', () => {
  it('ORM001/ORM002: dropping a table or a column, with the rows it deletes', () => {
    const ops: Operation[] = [
      { kind: 'dropColumn', table: 'orders', column: column('note') },
      { kind: 'dropTable', table: irTable('users') },
    ];
    expect(codes(ops)).toEqual(['ORM002 warning #0', 'ORM001 warning #1']);
    const findings = lint(ops, { dialect: sqliteDialect, rowCounts: counts({ users: 3, orders: 0 }) });
    expect(findings).toEqual([{ code: 'ORM001', severity: 'warning', operation: 1, table: 'users', message: "dropping table 'users' deletes its 3 rows" }]);
    expect(codes([{ kind: 'dropTable', table: irTable('users') }], { rowCounts: counts({ users: 0 }) })).toEqual(['ORM001 info #0']);
  });

  it('ORM003: narrowing a type or removing enum values, not widening', () => {
    const narrow: Operation = { kind: 'alterColumn', table: 'u', before: column('n', { type: { kind: 'text' } }), after: column('n', { type: { kind: 'varchar', length: 50 } }) };
    const wide: Operation = { kind: 'alterColumn', table: 'u', before: column('n'), after: column('n', { type: { kind: 'bigint' } }) };
    const enumCut: Operation = { kind: 'alterEnum', before: { name: 'e', values: ['a', 'b'] }, after: { name: 'e', values: ['a'] } };
    expect(codes([narrow, wide, enumCut])).toEqual(['ORM003 warning #0', 'ORM003 warning #2']);
    expect(lint([narrow], { dialect: sqliteDialect })[0]!.message).toBe("narrowing column 'u.n' (text → varchar(50)) can cut values or fail on existing rows");
    expect(codes([narrow], { rowCounts: counts({ u: 0 }) })).toEqual([]);
  });

  it('ORM004: NOT NULL without a default on a table that may hold rows', () => {
    const add: Operation = { kind: 'addColumn', table: 'orders', column: column('qty', { nullable: false }) };
    expect(codes([add])).toEqual(['ORM004 warning #0']);
    expect(codes([add], { rowCounts: counts({ orders: 12 }) })).toEqual(['ORM004 error #0']);
    expect(codes([add], { rowCounts: counts({ orders: 0 }) })).toEqual([]);
    expect(codes([{ ...add, column: column('qty', { nullable: false, default: { kind: 'literal', value: 1 } }) }])).toEqual([]);
    expect(codes([{ kind: 'createTable', table: irTable('orders') }, add])).toEqual([]);
    // A renamed table keeps its row count.
    expect(codes([{ kind: 'renameTable', from: 'orders', to: 'sales' }, { ...add, table: 'sales' }], { rowCounts: counts({ orders: 2 }) })).toEqual(['ORM004 error #1']);
    expect(codes([{ kind: 'alterColumn', table: 'orders', before: column('qty'), after: column('qty', { nullable: false, default: { kind: 'literal', value: 0 } }) }])).toEqual([
      'ORM004 warning #0',
    ]);
  });

  it('ORM005: unique constraints, unique indexes and primary keys over existing data', () => {
    const ops: Operation[] = [
      { kind: 'addConstraint', table: 'orders', constraint: { type: 'unique', name: 'uq', columns: ['user_id'] } },
      { kind: 'createIndex', table: 'orders', index: { name: 'ux', keys: columnKeys(['user_id']), unique: true, where: null } },
      { kind: 'createIndex', table: 'orders', index: { name: 'ix', keys: columnKeys(['user_id']), unique: false, where: null } },
      { kind: 'addConstraint', table: 'orders', constraint: { type: 'primaryKey', name: null, columns: ['id', 'user_id'] } },
    ];
    expect(codes(ops)).toEqual(['ORM005 warning #0', 'ORM005 warning #1', 'ORM005 warning #3']);
    expect(codes(ops, { rowCounts: counts({ orders: 0 }) })).toEqual([]);
  });

  it('renaming a unique constraint, index or foreign key is not destructive and keeps coverage', () => {
    const schema = toSchema([Users, table('orders', { id: integer().primaryKey(), user_id: integer().references(() => Users.c.id).unique() }, (t) => [t.index('ix_o', [t.c.user_id])])]);
    const ops: Operation[] = [
      { kind: 'renameConstraint', table: 'orders', constraint: { type: 'unique', name: 'uq_orders_user_id', columns: ['user_id'] }, to: 'uq_o' },
      { kind: 'renameIndex', table: 'orders', from: 'ix_o', to: 'ix_o2' },
      { kind: 'renameConstraint', table: 'orders', constraint: { ...fkConstraint, name: 'fk_orders_user_id_users' }, to: 'fk_o' },
    ];
    expect(codes(ops, { schema })).toEqual([]);
    expect(codes(ops, { schema, dialect: mysqlDialect })).toEqual(['ORM007 warning #1']);
  });

  it('ORM006: a foreign key no index starts with, in the schema the migration leads to', () => {
    const create = (indexed: boolean): Operation => ({
      kind: 'createTable',
      table: toSchema([table('orders2', { id: integer().primaryKey(), user_id: indexed ? integer().references('users.id').index() : integer().references('users.id') })]).tables[0]!,
    });
    expect(codes([create(false)])).toEqual(['ORM006 warning #0']);
    expect(codes([create(true)])).toEqual([]);

    const addFk: Operation = { kind: 'addConstraint', table: 'orders', constraint: fkConstraint };
    expect(codes([addFk], { schema: existing })).toEqual(['ORM006 warning #0']);
    // Without the schema, nothing is known about an existing table's indexes.
    expect(codes([addFk])).toEqual([]);
    // An index added later in the same migration covers it.
    expect(codes([addFk, { kind: 'createIndex', table: 'orders', index: { name: 'ix', keys: columnKeys(['user_id', 'id']), unique: false, where: null } }], { schema: existing })).toEqual([]);

    const indexed = toSchema([Users, table('orders', { id: integer().primaryKey(), user_id: integer().references(() => Users.c.id).index() })]);
    const dropIndex: Operation = { kind: 'dropIndex', table: 'orders', index: indexed.tables[0]!.indexes[0]! };
    expect(codes([dropIndex], { schema: indexed })).toEqual(['ORM006 warning #0']);
  });

  it('ORM007: several DDL statements where DDL is not transactional', () => {
    const mysqlLike: Dialect = { ...sqliteDialect, capabilities: { ...sqliteDialect.capabilities, transactionalDdl: false } };
    const ops: Operation[] = [
      { kind: 'renameTable', from: 'a', to: 'b' },
      { kind: 'renameTable', from: 'c', to: 'd' },
    ];
    expect(codes(ops, { dialect: mysqlLike })).toEqual(['ORM007 warning #1']);
    expect(codes(ops.slice(0, 1), { dialect: mysqlLike })).toEqual([]);
    expect(codes(ops)).toEqual([]);
  });

  it('ORM009: a step that runs outside the transaction where DDL is otherwise transactional', () => {
    const index = { name: 'ix_orders_user_id', keys: columnKeys(['user_id']), unique: false, where: null };
    const concurrent: Operation[] = [
      { kind: 'addColumn', table: 'orders', column: column('note', { type: { kind: 'text' } }) },
      { kind: 'createIndex', table: 'orders', index, concurrently: true },
    ];
    expect(codes(concurrent, { dialect: postgresDialect, schema: existing })).toEqual(['ORM009 warning #1']);
    expect(lint(concurrent, { dialect: postgresDialect })[0]!.message).toBe(
      'CREATE INDEX CONCURRENTLY "ix_orders_user_id" ON "orders" ("user_id") cannot run in a transaction: the steps before it commit first, ' +
        'so if a later one fails the migration stays half applied (recorded as failed); put it in a migration of its own',
    );
    expect(codes([{ kind: 'dropIndex', table: 'orders', index, concurrently: true }], { dialect: postgresDialect })).toEqual(['ORM009 warning #0']);
    expect(codes([{ kind: 'createIndex', table: 'orders', index }], { dialect: postgresDialect })).toEqual([]);
    // Elsewhere the index is built as usual (MySQL: ORM007 is about DDL in general).
    expect(codes(concurrent.slice(1))).toEqual([]);
    expect(codes(concurrent.slice(1), { dialect: mysqlDialect })).toEqual([]);
    // PostgreSQL commits each enum value it adds on its own.
    const moods = toSchema([table('moods', { id: integer().primaryKey(), m: enumType('mood', ['ok']) })]);
    const addValue: Operation = { kind: 'alterEnum', before: { name: 'mood', values: ['ok'] }, after: { name: 'mood', values: ['ok', 'glad'] } };
    expect(codes([addValue], { dialect: postgresDialect, schema: moods })).toEqual(['ORM009 warning #0']);
  });

  it('ORM010: a foreign key between column types the database refuses, added or made so by a type change', () => {
    const child = (type: Column['type']): Operation => ({
      kind: 'createTable',
      table: irTable('orders2', {
        columns: [column('id'), column('user_id', { type })],
        primaryKey: { name: null, columns: ['id'] },
        foreignKeys: [{ ...fkConstraint, name: 'fk_o2_u', columns: ['user_id'] }],
        indexes: [{ name: 'ix_o2_u', keys: columnKeys(['user_id']), unique: false, where: null }],
      }),
    });
    const on = (dialect: Dialect, op: Operation) => lint([op], { dialect, schema: existing }).filter((f) => f.code === 'ORM010');
    // users.id is an integer.
    expect(on(mysqlDialect, child({ kind: 'bigint' })).map((f) => `${f.severity} #${f.operation} ${f.message}`)).toEqual([
      "error #0 foreign key 'fk_o2_u' (orders2.user_id → users.id): MySQL/MariaDB refuse a foreign key between BIGINT and INT (errno 150): make both columns the same type and signedness",
    ]);
    expect(on(mysqlDialect, child({ kind: 'boolean' }))).toHaveLength(1);
    expect(on(mysqlDialect, child({ kind: 'custom', sql: 'INT UNSIGNED' }))).toHaveLength(1);
    expect(on(mysqlDialect, child({ kind: 'integer' }))).toEqual([]);
    expect(on(mysqlDialect, child({ kind: 'custom', sql: 'int(11)' }))).toEqual([]);
    // PostgreSQL compares numbers with numbers, if the referencing side only widens.
    expect(on(postgresDialect, child({ kind: 'bigint' }))).toEqual([]);
    expect(on(postgresDialect, child({ kind: 'numeric', precision: 10, scale: 0 }))).toHaveLength(1);
    expect(on(postgresDialect, child({ kind: 'varchar', length: 10 }))[0]!.message).toBe(
      "foreign key 'fk_o2_u' (orders2.user_id → users.id): PostgreSQL refuses a foreign key between character varying(10) and integer (no equality between them): make both columns the same type",
    );
    // SQLite accepts any pair.
    expect(on(sqliteDialect, child({ kind: 'text' }))).toEqual([]);

    // Changing one end's type judges every key through that column, on either end.
    const withFk = toSchema([Users, table('orders', { id: integer().primaryKey(), user_id: integer().references(() => Users.c.id).index() })]);
    const widenKey: Operation = { kind: 'alterColumn', table: 'users', before: column('id', { nullable: false }), after: column('id', { nullable: false, type: { kind: 'bigint' } }) };
    expect(lint([widenKey], { dialect: mysqlDialect, schema: withFk }).map((f) => `${f.code} ${f.severity} #${f.operation}`)).toEqual(['ORM010 error #0']);
    const widenRef: Operation = { kind: 'alterColumn', table: 'orders', before: column('user_id'), after: column('user_id', { type: { kind: 'bigint' } }) };
    expect(codes([widenKey, widenRef], { dialect: mysqlDialect, schema: withFk }).filter((c) => c.startsWith('ORM010'))).toEqual([]);
    // Without the starting schema nothing is known about the referenced table.
    expect(lint([child({ kind: 'bigint' })], { dialect: mysqlDialect }).filter((f) => f.code === 'ORM010')).toEqual([]);
  });

  it('ORM008: operations the downgrade cannot undo', () => {
    expect(codes([{ kind: 'execute', sql: 'UPDATE t SET a = 1', reverse: null }, { kind: 'execute', sql: 'A', reverse: 'B' }, { kind: 'bulkInsert', table: 'roles', rows: [{}] }])).toEqual([
      'ORM008 info #0',
      'ORM008 info #2',
    ]);
  });
});
