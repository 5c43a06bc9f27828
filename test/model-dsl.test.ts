import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InferInsert, InferRow } from '../src/index.js';
import { ModelError, boolean, enumType, integer, json, numeric, table, text, timestamp, toSchema, uuid, varchar } from '../src/index.js';
import { dependencyOrder } from '../src/schema/dependency-order.js';
import { columnKeys } from '../src/schema/index-keys.js';

const User = table('users', {
  id: integer().primaryKey(),
  name: varchar(100).notNull().index(),
  email: varchar(255).unique(),
  age: integer().default(18),
  fullName: varchar(100).named('full_name'),
  createdAt: timestamp().serverDefault('CURRENT_TIMESTAMP'),
});
const Post = table(
  'posts',
  {
    id: integer().primaryKey(),
    userId: integer().notNull().references(() => User.c.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    status: enumType('post_status', ['draft', 'published']).notNull().default('draft'),
  },
  (t) => [t.index('ix_posts_user_title', [t.c.userId, t.c.title]), t.check('ck_posts_title', 'length(title) > 0')],
);

describe('the model DSL', () => {
  it('produces IR with deterministic names', () => {
    const schema = toSchema([User, Post]);
    const users = schema.tables.find((t) => t.name === 'users')!;
    expect(users.primaryKey).toEqual({ name: null, columns: ['id'] });
    expect(users.columns.find((c) => c.name === 'id')).toMatchObject({ autoIncrement: true, nullable: false });
    expect(users.columns.map((c) => c.name)).toContain('full_name');
    expect(users.indexes).toEqual([{ name: 'ix_users_name', keys: columnKeys(['name']), unique: false, where: null }]);
    expect(users.uniques).toEqual([{ name: 'uq_users_email', columns: ['email'] }]);
    expect(users.columns.find((c) => c.name === 'age')!.default).toEqual({ kind: 'literal', value: 18 });
    expect(users.columns.find((c) => c.name === 'createdAt')!.default).toEqual({ kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
    const posts = schema.tables.find((t) => t.name === 'posts')!;
    expect(posts.foreignKeys).toEqual([
      { name: 'fk_posts_userId_users', columns: ['userId'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action' },
    ]);
    expect(posts.checks).toEqual([{ name: 'ck_posts_title', expression: 'length(title) > 0' }]);
    expect(posts.indexes[0]).toEqual({ name: 'ix_posts_user_title', keys: columnKeys(['userId', 'title']), unique: false, where: null });
    expect(Object.isFrozen(schema.tables[0])).toBe(true);
  });

  it('gives the same IR every time (stable diffs)', () => {
    expect(toSchema([Post, User])).toEqual(toSchema([User, Post]));
  });

  it('makes models usable as classes with typed rows', () => {
    const u = new User({ name: 'Alice', email: 'a@example.com' });
    expect(u.name).toBe('Alice');
    expect(User.tableName).toBe('users');
    expect(User.c.fullName.column).toBe('full_name');
    expectTypeOf<InferRow<typeof User>>().toEqualTypeOf<{
      id: number;
      name: string;
      email: string | null;
      age: number | null;
      fullName: string | null;
      createdAt: Date | null;
    }>();
    expectTypeOf<InferInsert<typeof User>>().toEqualTypeOf<{
      name: string;
      id?: number;
      email?: string | null;
      age?: number | null;
      fullName?: string | null;
      createdAt?: Date | null;
    }>();
    expectTypeOf<InferRow<typeof Post>['status']>().toEqualTypeOf<'draft' | 'published'>();
  });

  it('supports composite keys, unique constraints, partial indexes and composite foreign keys', () => {
    const A = table('a', { x: integer().notNull(), y: integer().notNull() }, (t) => [t.primaryKey([t.c.x, t.c.y])]);
    const B = table(
      'b',
      { id: integer().primaryKey(), ax: integer(), ay: integer(), flag: boolean() },
      (t) => [t.foreignKey([t.c.ax, t.c.ay], () => [A.c.x, A.c.y], { onDelete: 'set null' }), t.unique([t.c.ax, t.c.flag]), t.index([t.c.flag], { where: 'flag = 1' })],
    );
    const [a, b] = toSchema([A, B]).tables;
    expect(a!.primaryKey).toEqual({ name: null, columns: ['x', 'y'] });
    expect(a!.columns.every((c) => !c.autoIncrement)).toBe(true);
    expect(b!.foreignKeys[0]).toMatchObject({ name: 'fk_b_ax_ay_a', columns: ['ax', 'ay'], refColumns: ['x', 'y'], onDelete: 'set null' });
    expect(b!.uniques[0]).toEqual({ name: 'uq_b_ax_flag', columns: ['ax', 'flag'] });
    expect(b!.indexes[0]).toEqual({ name: 'ix_b_flag', keys: columnKeys(['flag']), unique: false, where: 'flag = 1' });
  });

  it('a named table-level key on one integer column is auto-incremented unless { autoIncrement: false }', () => {
    const key = (options?: { autoIncrement?: boolean }) =>
      toSchema([table('k', { id: integer(), n: integer() }, (t) => [t.primaryKey([t.c.id], 'pk_k', options)])]).tables[0]!;
    expect(key().columns[0]).toMatchObject({ autoIncrement: true, nullable: false });
    expect(key({ autoIncrement: false }).columns[0]).toMatchObject({ autoIncrement: false, nullable: false });
    expect(key({ autoIncrement: false }).primaryKey).toEqual({ name: 'pk_k', columns: ['id'] });
  });

  const errors: Array<[string, () => unknown, RegExp]> = [
    ['a table defined twice', () => toSchema([table('x', { id: integer() }), table('x', { id: integer() })]), /table 'x' is defined twice/],
    ['a default of the wrong type', () => toSchema([table('x', { n: integer().default('a' as never) })]), /default\("a"\) does not fit a integer column/],
    ['an empty enum', () => toSchema([table('x', { e: enumType('e', []) })]), /needs at least one value/],
    ['a bad varchar length', () => toSchema([table('x', { v: varchar(0) })]), /positive integer/],
    ['a references callback that throws', () => toSchema([table('x', { r: integer().references(() => { throw new Error('nope'); }) })]), /callback threw: nope/],
    ['a malformed string reference', () => toSchema([table('x', { r: integer().references('users') })]), /must name 'table\.column'/],
    ['two column and table primary keys', () => toSchema([table('x', { a: integer().primaryKey(), b: integer() }, (t) => [t.primaryKey([t.c.b])])]), /use one/],
    ['autoIncrement on a composite table-level key', () => toSchema([table('x', { a: integer(), b: integer() }, (t) => [t.primaryKey([t.c.a, t.c.b], 'pk', { autoIncrement: true })])]), /needs a one-column key/],
    ['duplicate constraint names', () => toSchema([table('x', { a: integer().unique('u'), b: integer().unique('u') })]), /two indexes or constraints are named 'u'/],
  ];
  for (const [name, fn, message] of errors) {
    it(`rejects ${name} with a ModelError naming the table`, () => {
      expect(fn).toThrow(ModelError);
      expect(fn).toThrow(message);
    });
  }

  it('accepts every column type', () => {
    const T = table('all_types', { j: json<{ a: number }>().default({ a: 1 }), n: numeric(10, 2).default('1.50'), u: uuid(), t: timestamp({ withTimezone: true }) });
    const t = toSchema([T]).tables[0]!;
    expect(t.columns.map((c) => c.type.kind)).toEqual(['json', 'numeric', 'uuid', 'timestamp']);
  });
});

describe('foreign key dependency order', () => {
  it('orders a 300-deep chain without recursion and reports cycles', () => {
    const tables = Array.from({ length: 300 }, (_, i) => ({
      name: `t${i}`,
      columns: [],
      primaryKey: null,
      indexes: [],
      uniques: [],
      checks: [],
      comment: null,
      foreignKeys: i === 0 ? [] : [{ name: `fk${i}`, columns: ['p'], refTable: `t${i - 1}`, refColumns: ['id'], onDelete: 'no action' as const, onUpdate: 'no action' as const }],
    }));
    const { order, cyclic } = dependencyOrder([...tables].reverse());
    expect(order.map((t) => t.name)).toEqual(tables.map((t) => t.name));
    expect(cyclic.size).toBe(0);
    const cycle = [
      { ...tables[1]!, name: 'a', foreignKeys: [{ ...tables[1]!.foreignKeys[0]!, name: 'a_b', refTable: 'b' }] },
      { ...tables[1]!, name: 'b', foreignKeys: [{ ...tables[1]!.foreignKeys[0]!, name: 'b_a', refTable: 'a' }] },
    ];
    const r = dependencyOrder(cycle);
    expect(r.order).toHaveLength(2);
    expect(r.cyclic.size).toBe(1);
  });
});
