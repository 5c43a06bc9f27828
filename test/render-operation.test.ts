import { describe, expect, it } from 'vitest';
import type { Column, Operation, Table } from '../src/index.js';
import { operationSource } from '../src/render/operation-source.js';
import { Imports, tsString, tsText, tsValue } from '../src/render/ts-source.js';
import { columnKeys } from '../src/schema/index-keys.js';

const col = (name: string, patch: Partial<Column> = {}): Column => ({
  name,
  type: { kind: 'integer' },
  nullable: true,
  default: null,
  autoIncrement: false,
  comment: null,
  ...patch,
});

const table = (patch: Partial<Table> & { name: string }): Table => ({
  columns: [],
  primaryKey: null,
  indexes: [],
  uniques: [],
  checks: [],
  foreignKeys: [],
  comment: null,
  ...patch,
});

const render = (op: Operation): string => operationSource(op, new Imports()).join('\n');

describe('one operation renders as one op.* call', () => {
  it.each<[string, Operation, string]>([
    ['dropTable', { kind: 'dropTable', table: table({ name: 'users' }) }, "op.dropTable('users');"],
    ['renameTable', { kind: 'renameTable', from: 'persons', to: 'people' }, "op.renameTable('persons', 'people');"],
    ['addColumn', { kind: 'addColumn', table: 'users', column: col('age', { nullable: false, default: { kind: 'literal', value: 18 } }) }, "op.addColumn('users', 'age', integer().notNull().default(18));"],
    [
      'addColumn, server default and comment',
      { kind: 'addColumn', table: 'users', column: col('at', { type: { kind: 'timestamp', withTimezone: true }, default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }, comment: 'when' }) },
      "op.addColumn('users', 'at', timestamp({ withTimezone: true }).serverDefault('CURRENT_TIMESTAMP').comment('when'));",
    ],
    ['addColumn, auto-increment', { kind: 'addColumn', table: 't', column: col('id', { nullable: false, autoIncrement: true }) }, "op.addColumn('t', 'id', integer().primaryKey());"],
    ['dropColumn', { kind: 'dropColumn', table: 'users', column: col('age') }, "op.dropColumn('users', 'age');"],
    [
      'alterColumn',
      { kind: 'alterColumn', table: 'users', before: col('age'), after: col('age', { type: { kind: 'bigint' }, nullable: false }) },
      "op.alterColumn('users', 'age', bigint().notNull());",
    ],
    ['renameColumn', { kind: 'renameColumn', table: 'users', from: 'fullname', to: 'name' }, "op.renameColumn('users', 'fullname', 'name');"],
    ['renameIndex', { kind: 'renameIndex', table: 'users', from: 'ix_a', to: 'ix_b' }, "op.renameIndex('users', 'ix_a', 'ix_b');"],
    [
      'renameConstraint',
      { kind: 'renameConstraint', table: 'users', constraint: { type: 'check', name: 'ck_a', expression: 'a > 0' }, to: 'ck_b' },
      "op.renameConstraint('users', 'ck_a', 'ck_b');",
    ],
    ['createIndex', { kind: 'createIndex', table: 'users', index: { name: 'ix_users_a_b', keys: columnKeys(['a', 'b']), unique: false, where: null } }, "op.createIndex('users', 'ix_users_a_b', ['a', 'b']);"],
    [
      'createIndex, unique partial',
      { kind: 'createIndex', table: 'users', index: { name: 'ux', keys: columnKeys(['email']), unique: true, where: "deleted_at IS NULL AND email <> ''" } },
      `op.createIndex('users', 'ux', ['email'], { unique: true, where: "deleted_at IS NULL AND email <> ''" });`,
    ],
    ['dropIndex', { kind: 'dropIndex', table: 'users', index: { name: 'ux', keys: columnKeys(['email']), unique: true, where: null } }, "op.dropIndex('users', 'ux');"],
    [
      'createIndex, key options',
      {
        kind: 'createIndex',
        table: 'users',
        index: {
          name: 'ix',
          keys: [
            { kind: 'column', column: 'name', order: 'asc', opclass: 'text_pattern_ops' },
            { kind: 'column', column: 'seen', order: 'desc', nulls: 'last' },
            { kind: 'expression', sql: 'lower(email)', order: 'asc', nulls: 'first', opclass: 'varchar_pattern_ops' },
          ],
          unique: false,
          where: null,
        },
      },
      "op.createIndex('users', 'ix', [{ column: 'name', opclass: 'text_pattern_ops' }, { column: 'seen', order: 'desc', nulls: 'last' }, { expression: 'lower(email)', nulls: 'first', opclass: 'varchar_pattern_ops' }]);",
    ],
    [
      'createIndex, concurrently',
      { kind: 'createIndex', table: 'users', index: { name: 'ix', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true },
      "op.createIndex('users', 'ix', ['a'], { concurrently: true });",
    ],
    [
      'dropIndex, concurrently',
      { kind: 'dropIndex', table: 'users', index: { name: 'ix', keys: columnKeys(['a']), unique: false, where: null }, concurrently: true },
      "op.dropIndex('users', 'ix', { concurrently: true });",
    ],
    ['addConstraint unique', { kind: 'addConstraint', table: 't', constraint: { type: 'unique', name: 'uq_t_a_b', columns: ['a', 'b'] } }, "op.addUnique('t', 'uq_t_a_b', ['a', 'b']);"],
    ['addConstraint check', { kind: 'addConstraint', table: 't', constraint: { type: 'check', name: 'ck_t_age', expression: 'age >= 0' } }, "op.addCheck('t', 'ck_t_age', 'age >= 0');"],
    [
      'addConstraint foreign key',
      {
        kind: 'addConstraint',
        table: 'orders',
        constraint: { type: 'foreignKey', name: 'fk_o', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' },
      },
      "op.addForeignKey('orders', 'fk_o', ['user_id'], 'users', ['id'], { onDelete: 'cascade' });",
    ],
    ['addConstraint primary key', { kind: 'addConstraint', table: 't', constraint: { type: 'primaryKey', name: null, columns: ['a', 'b'] } }, "op.addPrimaryKey('t', ['a', 'b']);"],
    ['addConstraint named primary key', { kind: 'addConstraint', table: 't', constraint: { type: 'primaryKey', name: 't_pkey', columns: ['a'] } }, "op.addPrimaryKey('t', ['a'], 't_pkey');"],
    ['dropConstraint', { kind: 'dropConstraint', table: 't', constraint: { type: 'check', name: 'ck_t_age', expression: 'age >= 0' } }, "op.dropConstraint('t', 'ck_t_age');"],
    ['dropConstraint primary key', { kind: 'dropConstraint', table: 't', constraint: { type: 'primaryKey', name: null, columns: ['a'] } }, "op.dropPrimaryKey('t');"],
    ['setTableComment', { kind: 'setTableComment', table: 't', before: null, after: 'People we know' }, "op.setTableComment('t', 'People we know');"],
    ['setTableComment to none', { kind: 'setTableComment', table: 't', before: 'x', after: null }, "op.setTableComment('t', null);"],
    ['createEnum', { kind: 'createEnum', enum: { name: 'mood', values: ['sad', 'ok'] } }, "op.createEnum('mood', ['sad', 'ok']);"],
    ['dropEnum', { kind: 'dropEnum', enum: { name: 'mood', values: ['sad', 'ok'] } }, "op.dropEnum('mood', ['sad', 'ok']);"],
    ['alterEnum', { kind: 'alterEnum', before: { name: 'mood', values: ['sad'] }, after: { name: 'mood', values: ['sad', 'ok'] } }, "op.alterEnum('mood', ['sad', 'ok'], ['sad']);"],
    ['execute', { kind: 'execute', sql: "UPDATE t SET a = 'x'", reverse: null }, `op.execute("UPDATE t SET a = 'x'");`],
    ['execute with reverse', { kind: 'execute', sql: 'A', reverse: 'B' }, "op.execute('A', { reverse: 'B' });"],
    ['bulkInsert', { kind: 'bulkInsert', table: 'roles', rows: [{ name: 'admin', level: 3 }] }, "op.bulkInsert('roles', [{ name: 'admin', level: 3 }]);"],
  ])('%s', (_name, op, expected) => {
    expect(render(op)).toBe(expected);
  });

  it('createTable uses the model DSL, with references by name and table-level parts as extras', () => {
    const op: Operation = {
      kind: 'createTable',
      table: table({
        name: 'posts',
        columns: [
          col('id', { nullable: false, autoIncrement: true }),
          col('title', { type: { kind: 'varchar', length: 200 }, nullable: false, default: { kind: 'literal', value: 'untitled' } }),
          col('author_id', { nullable: false }),
          col('body', { type: { kind: 'text' } }),
        ],
        primaryKey: { name: null, columns: ['id'] },
        indexes: [
          { name: 'ix_posts_author_id', keys: columnKeys(['author_id']), unique: false, where: null },
          { name: 'ix_posts_title_body', keys: columnKeys(['title', 'body']), unique: false, where: null },
        ],
        uniques: [{ name: 'uq_posts_title', columns: ['title'] }],
        checks: [{ name: 'ck_posts_title', expression: "title <> ''" }],
        foreignKeys: [{ name: 'fk_posts_author_id_users', columns: ['author_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' }],
      }),
    };
    expect(render(op)).toBe(
      [
        "op.createTable('posts', {",
        '  id: integer().primaryKey(),',
        "  title: varchar(200).notNull().default('untitled').unique().check(\"title <> ''\"),",
        "  author_id: integer().notNull().index().references('users.id', { onDelete: 'cascade' }),",
        '  body: text(),',
        '}, (t) => [',
        '  t.index([t.c.title, t.c.body]),',
        ']);',
      ].join('\n'),
    );
  });

  it('createTable writes composite keys and names that differ from the defaults as extras', () => {
    const op: Operation = {
      kind: 'createTable',
      table: table({
        name: 'tags',
        columns: [col('post_id', { nullable: false }), col('tag', { type: { kind: 'text' }, nullable: false }), col('42', { type: { kind: 'text' } }), col('first name', { type: { kind: 'text' } })],
        primaryKey: { name: null, columns: ['tag', 'post_id'] },
        uniques: [{ name: 'tags_one', columns: ['42'] }],
        checks: [{ name: 'tags_ok', expression: 'length(tag) > 0' }],
        foreignKeys: [{ name: 'fk_tags_post_id_tag_posts', columns: ['post_id', 'tag'], refTable: 'posts', refColumns: ['id', 'slug'], onDelete: 'no action', onUpdate: 'cascade' }],
      }),
    };
    expect(render(op)).toBe(
      [
        "op.createTable('tags', {",
        '  post_id: integer(),',
        '  tag: text(),',
        "  _42: text().named('42').unique('tags_one'),",
        "  'first name': text(),",
        '}, (t) => [',
        '  t.primaryKey([t.c.tag, t.c.post_id]),',
        "  t.check('tags_ok', 'length(tag) > 0'),",
        "  t.foreignKey([t.c.post_id, t.c.tag], () => [new ColumnRef('posts', 'id', 'id'), new ColumnRef('posts', 'slug', 'slug')], { onUpdate: 'cascade' }),",
        ']);',
      ].join('\n'),
    );
  });

  it('collects the builders a file must import', () => {
    const imports = new Imports();
    operationSource({ kind: 'addColumn', table: 't', column: col('a', { type: { kind: 'enum', name: 'e', values: ['x'] } }) }, imports);
    operationSource({ kind: 'alterColumn', table: 't', before: col('b'), after: col('b', { type: { kind: 'numeric', precision: 10, scale: 2 } }) }, imports);
    expect(imports.statement()).toBe("import { enumType, numeric } from 'ormkit';");
  });
});

describe('defaults are written in the column type, equal after normalization', () => {
  it.each<[string, Column, string]>([
    ['a SQLite boolean 1', col('a', { type: { kind: 'boolean' }, default: { kind: 'literal', value: 1 } }), 'boolean().default(true)'],
    ['an integer reported as text', col('a', { default: { kind: 'literal', value: '5' } }), 'integer().default(5)'],
    ['a number on a text column', col('a', { type: { kind: 'text' }, default: { kind: 'literal', value: 5 } }), "text().default('5')"],
    ['a number on a numeric column (kept, cast)', col('a', { type: { kind: 'numeric', precision: 5, scale: 1 }, default: { kind: 'literal', value: 9.5 } }), 'numeric(5, 1).default(9.5 as never)'],
    ['an enum value', col('a', { type: { kind: 'enum', name: 'e', values: ['x'] }, default: { kind: 'literal', value: 'x' } }), "enumType('e', ['x']).default('x')"],
    ['text on a blob column (as SQL)', col('a', { type: { kind: 'blob' }, default: { kind: 'literal', value: "it's" } }), `blob().serverDefault("'it''s'")`],
  ])('%s', (_name, column, expected) => {
    expect(render({ kind: 'addColumn', table: 't', column })).toBe(`op.addColumn('t', 'a', ${expected});`);
  });
});

describe('values are written as exact TypeScript literals', () => {
  it.each<[string, unknown, string]>([
    ['a plain string', 'abc', "'abc'"],
    ['quotes: double quotes when that avoids escapes', "it's", `"it's"`],
    ['both quotes', `it's "x"`, `'it\\'s "x"'`],
    ['backslashes', 'a\\b', "'a\\\\b'"],
    ['newlines and tabs', 'a\nb\r\tc', "'a\\nb\\r\\tc'"],
    ['controls', '\u0000\u001f\u007f', "'\\x00\\x1f\\x7f'"],
    ['line separators', '\u2028\u2029', "'\\u2028\\u2029'"],
    ['unicode kept readable', 'café 日本 🎉', "'café 日本 🎉'"],
    ['a lone surrogate', '\ud800x', "'\\ud800x'"],
    ['negative zero', -0, '-0'],
    ['NaN and infinities', [NaN, Infinity, -Infinity], '[NaN, Infinity, -Infinity]'],
    ['floats', 0.1 + 0.2, '0.30000000000000004'],
    ['JSON objects with odd keys', { 'a b': 1, ok: [true, null], __proto__x: 'y' }, "{ 'a b': 1, ok: [true, null], __proto__x: 'y' }"],
    ['bigint, Date, Buffer', [12n, new Date('2020-01-02T03:04:05.000Z'), Buffer.from([0, 255])], "[12n, new Date('2020-01-02T03:04:05.000Z'), Buffer.from('00ff', 'hex')]"],
  ])('%s', (_name, value, expected) => {
    expect(tsValue(value)).toBe(expected);
    // The literal evaluates back to the same value.
    expect(new Function('Buffer', `return ${expected};`)(Buffer)).toEqual(value);
  });

  it('a __proto__ key stays an own property', () => {
    const value = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;
    const back = new Function(`return ${tsValue(value)};`)() as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['__proto__']);
  });

  it('multi-line SQL becomes a template literal with ` and ${ escaped', () => {
    const sql = 'SELECT `a`,\n  \'${x}\' \\ FROM t';
    const src = tsText(sql);
    expect(src.startsWith('`')).toBe(true);
    expect(new Function(`return ${src};`)()).toBe(sql);
    expect(tsString('x')).toBe("'x'");
  });
});
