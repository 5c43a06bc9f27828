import { describe, expect, it } from 'vitest';
import type { Operation } from '../src/index.js';
import { describeOperation } from '../src/ops/describe.js';
import { classifyTypeChange } from '../src/ops/type-change.js';
import { column, irTable } from './support/ir.js';
import { columnKeys } from '../src/schema/index-keys.js';

describe('describeOperation: one line per operation, destructive ones marked', () => {
  it.each<[Operation, string, boolean]>([
    [{ kind: 'createTable', table: irTable('users', { columns: [column('id'), column('a')], indexes: [{ name: 'i', keys: columnKeys(['a']), unique: false, where: null }] }) }, 'create table users (2 columns, 1 index)', false],
    [{ kind: 'dropTable', table: irTable('users', { columns: [column('id')] }) }, 'drop table users (1 column)', true],
    [{ kind: 'renameTable', from: 'persons', to: 'people' }, 'rename table persons → people', false],
    [{ kind: 'addColumn', table: 'users', column: column('age', { default: { kind: 'literal', value: 18 } }) }, 'add column users.age (integer, default 18)', false],
    [{ kind: 'addColumn', table: 'users', column: column('age', { nullable: false }) }, 'add column users.age (integer, NOT NULL)', true],
    [{ kind: 'dropColumn', table: 'users', column: column('age') }, 'drop column users.age', true],
    [
      { kind: 'alterColumn', table: 'users', before: column('n', { type: { kind: 'varchar', length: 100 } }), after: column('n', { type: { kind: 'varchar', length: 20 }, nullable: false, default: { kind: 'expression', sql: "''" } }) },
      "alter column users.n: type varchar(100) → varchar(20), nullable → NOT NULL, default none → ''",
      true,
    ],
    [{ kind: 'alterColumn', table: 'users', before: column('n'), after: column('n', { type: { kind: 'bigint' } }) }, 'alter column users.n: type integer → bigint', false],
    [{ kind: 'renameColumn', table: 'users', from: 'fullname', to: 'name' }, 'rename column users.fullname → name', false],
    [{ kind: 'renameIndex', table: 'users', from: 'ix_users_a', to: 'ix_users_b' }, 'rename index ix_users_a → ix_users_b on users', false],
    [{ kind: 'renameConstraint', table: 'users', constraint: { type: 'unique', name: 'uq_a', columns: ['b'] }, to: 'uq_b' }, 'rename unique constraint uq_a → uq_b on users', false],
    [{ kind: 'createIndex', table: 'users', index: { name: 'ux', keys: columnKeys(['email']), unique: true, where: 'email IS NOT NULL' } }, 'create unique index ux on users (email) where email IS NOT NULL', true],
    [{ kind: 'dropIndex', table: 'users', index: { name: 'ix', keys: columnKeys(['a']), unique: false, where: null } }, 'drop index ix on users', false],
    [{ kind: 'createIndex', table: 'users', index: { name: 'ix', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true }, 'create index ix concurrently on users (a)', false],
    [
      {
        kind: 'createIndex',
        table: 'users',
        index: { name: 'ix', keys: [{ kind: 'column', column: 'a', order: 'desc', nulls: 'last', opclass: 'text_pattern_ops' }], unique: false, where: null },
      },
      'create index ix on users (a text_pattern_ops DESC NULLS LAST)',
      false,
    ],
    [{ kind: 'dropIndex', table: 'users', index: { name: 'ix', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true }, 'drop index ix concurrently on users', false],
    [
      { kind: 'addConstraint', table: 'orders', constraint: { type: 'foreignKey', name: 'fk', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' } },
      'add foreign key fk on orders (user_id) → users (id), on delete cascade',
      false,
    ],
    [{ kind: 'addConstraint', table: 't', constraint: { type: 'unique', name: 'uq', columns: ['a', 'b'] } }, 'add unique constraint uq on t (a, b)', true],
    [{ kind: 'dropConstraint', table: 't', constraint: { type: 'check', name: 'ck', expression: 'a > 0' } }, 'drop check ck on t: a > 0', false],
    [{ kind: 'dropConstraint', table: 't', constraint: { type: 'primaryKey', name: null, columns: ['a'] } }, 'drop primary key on t (a)', false],
    [{ kind: 'setTableComment', table: 't', before: null, after: 'People' }, "set the comment of table t to 'People'", false],
    [{ kind: 'createEnum', enum: { name: 'mood', values: ['a', 'b'] } }, "create enum mood ('a', 'b')", false],
    [{ kind: 'alterEnum', before: { name: 'mood', values: ['a', 'b'] }, after: { name: 'mood', values: ['a', 'c'] } }, "alter enum mood: add 'c', remove 'b'", true],
    [{ kind: 'dropEnum', enum: { name: 'mood', values: ['a'] } }, 'drop enum mood', false],
    [{ kind: 'execute', sql: 'UPDATE users\nSET a = 1\nWHERE b', reverse: 'x' }, 'execute SQL: UPDATE users (+2 lines) (reversible)', false],
    [{ kind: 'bulkInsert', table: 'roles', rows: [{}, {}] }, 'insert 2 rows into roles', false],
  ])('%j', (op, text, destructive) => {
    expect(describeOperation(op)).toMatchObject({ text, destructive });
  });
});

describe('type changes: widening keeps every value, narrowing may not', () => {
  it.each<[string, object, object, string]>([
    ['varchar longer', { kind: 'varchar', length: 10 }, { kind: 'varchar', length: 20 }, 'widening'],
    ['varchar shorter', { kind: 'varchar', length: 20 }, { kind: 'varchar', length: 10 }, 'narrowing'],
    ['text to varchar', { kind: 'text' }, { kind: 'varchar', length: 255 }, 'narrowing'],
    ['varchar to text', { kind: 'varchar', length: 255 }, { kind: 'text' }, 'widening'],
    ['bigint to integer', { kind: 'bigint' }, { kind: 'integer' }, 'narrowing'],
    ['integer to bigint', { kind: 'integer' }, { kind: 'bigint' }, 'widening'],
    ['numeric smaller', { kind: 'numeric', precision: 10, scale: 2 }, { kind: 'numeric', precision: 8, scale: 2 }, 'narrowing'],
    ['numeric fewer decimals', { kind: 'numeric', precision: 10, scale: 2 }, { kind: 'numeric', precision: 10, scale: 1 }, 'narrowing'],
    ['numeric larger', { kind: 'numeric', precision: 10, scale: 2 }, { kind: 'numeric', precision: 12, scale: 3 }, 'widening'],
    ['real to integer', { kind: 'real' }, { kind: 'integer' }, 'narrowing'],
    ['timestamptz to timestamp', { kind: 'timestamp', withTimezone: true }, { kind: 'timestamp', withTimezone: false }, 'narrowing'],
    ['enum losing a value', { kind: 'enum', name: 'e', values: ['a', 'b'] }, { kind: 'enum', name: 'e', values: ['a'] }, 'narrowing'],
    ['enum gaining a value', { kind: 'enum', name: 'e', values: ['a'] }, { kind: 'enum', name: 'e', values: ['a', 'b'] }, 'widening'],
    ['unrelated types', { kind: 'date' }, { kind: 'boolean' }, 'narrowing'],
    ['custom types', { kind: 'custom', sql: 'inet' }, { kind: 'custom', sql: 'cidr' }, 'narrowing'],
    ['same', { kind: 'uuid' }, { kind: 'uuid' }, 'same'],
  ])('%s', (_name, before, after, expected) => {
    expect(classifyTypeChange(before as never, after as never)).toBe(expected);
  });
});
