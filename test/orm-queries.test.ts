import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InferRow } from '../src/index.js';
import { MultipleResultsError, NoResultError, UsageError, ValidationError, and_, not_, or_, withSession } from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { Post, User, useOrm } from './support/orm.js';

type UserRow = InferRow<typeof User>;

const PEOPLE = [
  { name: 'Alice', email: 'alice@example.com', age: 25, active: true },
  { name: 'Bob', email: 'bob@example.com', age: 30, active: false },
  { name: 'Carol', email: 'carol@example.com', age: 35, active: true },
  { name: 'Dave', email: 'dave@example.com', age: null, active: true },
  { name: 'alfred', email: 'alfred@example.com', age: 20, active: false },
];

describeDialects('typed queries', (dialect) => {
  const orm = useOrm(dialect);
  const seed = () => withSession(orm.engine(), async (s) => s.addAll(PEOPLE.map((p) => new User(p))));
  const names = (rows: readonly UserRow[]) => rows.map((r) => r.name).sort();

  it('every comparison operator', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      const q = (...c: Parameters<ReturnType<typeof s.query<typeof User>>['where']>) => s.query(User).where(...c).all().then(names);
      expect(await q(User.c.age.eq(30))).toEqual(['Bob']);
      expect(await q(User.c.age.ne(30))).toEqual(['Alice', 'Carol', 'alfred']);
      expect(await q(User.c.age.lt(25))).toEqual(['alfred']);
      expect(await q(User.c.age.le(25))).toEqual(['Alice', 'alfred']);
      expect(await q(User.c.age.gt(30))).toEqual(['Carol']);
      expect(await q(User.c.age.ge(30))).toEqual(['Bob', 'Carol']);
      // (LIKE's case sensitivity is the database's: SQLite and MySQL ignore ASCII case, PostgreSQL does not.)
      expect(await q(User.c.name.like('%ro%'))).toEqual(['Carol']);
      expect(await q(User.c.name.ilike('a%'))).toEqual(['Alice', 'alfred']);
      expect(await q(User.c.age.in([20, 35, 99]))).toEqual(['Carol', 'alfred']);
      expect(await q(User.c.age.in([]))).toEqual([]);
      expect(await q(User.c.age.notIn([20, 35]))).toEqual(['Alice', 'Bob']);
      expect(await q(User.c.age.isNull())).toEqual(['Dave']);
      expect(await q(User.c.age.isNotNull())).toEqual(['Alice', 'Bob', 'Carol', 'alfred']);
      expect(await q(User.c.age.between(25, 30))).toEqual(['Alice', 'Bob']);
      expect(await q(User.c.active.eq(false))).toEqual(['Bob', 'alfred']);
    });
  });

  it('ilike ignores case beyond ASCII, as on every dialect', async () => {
    await withSession(orm.engine(), async (s) =>
      s.addAll(['Émile', 'émile', 'Ölaf', 'Zoë'].map((name, i) => new User({ name, email: `u${i}@example.com`, age: i, active: true }))),
    );
    await withSession(orm.engine(), async (s) => {
      expect(names(await s.query(User).where(User.c.name.ilike('é%')).all())).toEqual(['Émile', 'émile']);
      expect(names(await s.query(User).where(User.c.name.ilike('%ZOË')).all())).toEqual(['Zoë']);
      expect(names(await s.query(User).where(User.c.name.ilike('ö%')).all())).toEqual(['Ölaf']);
    });
  });

  it('like and ilike take backslash as the escape of %, _ and itself, as on every dialect', async () => {
    const literal = ['100%', '100x', 'a_b', 'axb', 'back\\slash', 'backslash'];
    await withSession(orm.engine(), async (s) => s.addAll(literal.map((name, i) => new User({ name, email: `e${i}@example.com` }))));
    await withSession(orm.engine(), async (s) => {
      const like = (p: string) => s.query(User).where(User.c.name.like(p)).all().then(names);
      const ilike = (p: string) => s.query(User).where(User.c.name.ilike(p)).all().then(names);
      expect(await like('100\\%')).toEqual(['100%']);
      expect(await like('a\\_b')).toEqual(['a_b']);
      expect(await like('back\\\\slash')).toEqual(['back\\slash']);
      expect(await like('back\\slash')).toEqual(['backslash']); // an escaped ordinary letter is that letter
      expect(await ilike('A\\_B')).toEqual(['a_b']);
      expect(await ilike('100\\%')).toEqual(['100%']);
    });
  });

  it('a value of the wrong type for its column is refused before the database, naming Model.field', async () => {
    await withSession(orm.engine(), async (s) => {
      const before = orm.statements.length;
      expect(() => s.query(User).where(User.c.age.eq(Number.NaN))).toThrow(ValidationError);
      expect(() => s.query(User).where(User.c.age.eq(Number.NaN))).toThrow(/Users\.age: expected an integer, got NaN/);
      expect(() => s.query(User).where(User.c.age.gt(new Date(0) as never))).toThrow(/Users\.age: expected an integer, got Date/);
      expect(() => s.query(User).where(User.c.age.in([1, '2' as never]))).toThrow(/Users\.age: expected an integer, got "2"/);
      expect(() => s.query(User).where(User.c.active.between(0 as never, 1 as never))).toThrow(/Users\.active: expected a boolean/);
      expect(() => s.query(User).where(User.c.createdAt.lt(new Date('not a date')))).toThrow(/Users\.createdAt: expected a valid Date/);
      expect(orm.statements.length).toBe(before);
      // A string longer than the column holds is a comparison that matches nothing, not an error.
      expect(await s.query(User).where(User.c.name.eq('x'.repeat(500))).count()).toBe(0);
    });
  });

  it('a statement over the parameter limit is refused before the database, and the session stays usable', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      const max = orm.engine().dialect.capabilities.maxParameters;
      const many = Array.from({ length: max + 1 }, (_, i) => i);
      await expect(s.query(User).where(User.c.age.in(many)).count()).rejects.toThrow(UsageError);
      await expect(s.query(User).where(User.c.age.in(many)).all()).rejects.toThrow(new RegExp(`${max + 1} bound values is over the ${max} that ${dialect}`));
      await expect(s.query(User).where(User.c.age.in(many)).delete()).rejects.toThrow(/split long in\(\) lists/);
      // Nothing reached the database: the transaction is not aborted (PostgreSQL) and the connection is not lost.
      expect(await s.query(User).where(User.c.age.in(many.slice(0, max))).count()).toBe(4);
    });
  });

  it('and_, or_, not_ and several where() calls', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      expect(names(await s.query(User).where(User.c.age.gt(20), User.c.name.like('%e')).all())).toEqual(['Alice']);
      expect(names(await s.query(User).where(User.c.age.gt(20)).where(User.c.active.eq(true)).all())).toEqual(['Alice', 'Carol']);
      expect(names(await s.query(User).where(or_(User.c.age.lt(21), User.c.age.gt(32))).all())).toEqual(['Carol', 'alfred']);
      expect(names(await s.query(User).where(and_(User.c.active.eq(true), not_(User.c.age.isNull()))).all())).toEqual(['Alice', 'Carol']);
      expect(names(await s.query(User).where(not_(or_(User.c.name.eq('Alice'), User.c.name.eq('Bob')))).all())).toEqual(['Carol', 'Dave', 'alfred']);
    });
  });

  it('orders, limits and offsets', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      const byAge = await s.query(User).where(User.c.age.isNotNull()).orderBy(User.c.age.desc()).all();
      expect(byAge.map((u) => u.age)).toEqual([35, 30, 25, 20]);
      const page = await s.query(User).where(User.c.age.isNotNull()).orderBy(User.c.age).limit(2).offset(1).all();
      expect(page.map((u) => u.name)).toEqual(['Alice', 'Bob']);
      const rest = await s.query(User).orderBy(User.c.active.desc(), User.c.email.asc()).offset(3).all();
      expect(rest.map((u) => u.name)).toEqual(['alfred', 'Bob']);
      expect(await s.query(User).limit(0).all()).toEqual([]);
    });
  });

  it('first, one, oneOrNone, count, exists', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      // (Ordered by a column whose order no collation changes: MariaDB's default one ignores case.)
      expect((await s.query(User).orderBy(User.c.email).first())!.name).toBe('alfred');
      expect((await s.query(User).orderBy(User.c.age.desc()).where(User.c.age.isNotNull()).first())!.name).toBe('Carol');
      expect(await s.query(User).where(User.c.age.gt(100)).first()).toBeNull();
      expect((await s.query(User).where(User.c.email.eq('bob@example.com')).one()).name).toBe('Bob');
      await expect(s.query(User).where(User.c.age.gt(100)).one()).rejects.toThrow(NoResultError);
      await expect(s.query(User).where(User.c.age.gt(20)).one()).rejects.toThrow(MultipleResultsError);
      expect(await s.query(User).where(User.c.age.gt(100)).oneOrNone()).toBeNull();
      expect((await s.query(User).where(User.c.age.eq(35)).oneOrNone())!.name).toBe('Carol');
      await expect(s.query(User).oneOrNone()).rejects.toThrow(MultipleResultsError);
      expect(await s.query(User).count()).toBe(5);
      expect(await s.query(User).where(User.c.active.eq(true)).count()).toBe(3);
      expect(await s.query(User).orderBy(User.c.name).limit(2).count()).toBe(2);
      expect(await s.query(User).offset(4).count()).toBe(1);
      expect(await s.query(User).where(User.c.name.eq('Bob')).exists()).toBe(true);
      expect(await s.query(User).where(User.c.name.eq('Zed')).exists()).toBe(false);
    });
  });

  it('bulk update and delete keep loaded objects truthful', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      const all = await s.query(User).all();
      const bobObj = all.find((u) => u.name === 'Bob')!;
      const aliceObj = all.find((u) => u.name === 'Alice')!;
      orm.statements.length = 0;
      expect(await s.query(User).where(User.c.age.ge(30)).update({ active: true, age: 40 })).toBe(2);
      expect(orm.count('UPDATE')).toBe(1);
      expect(bobObj.age).toBe(40);
      expect(bobObj.active).toBe(true);
      expect(aliceObj.age).toBe(25);
      expect(s.dirtyObjects).toEqual([]);
      expect(await s.query(User).where(User.c.age.eq(40)).count()).toBe(2);

      expect(await s.query(User).where(User.c.name.like('B%')).delete()).toBe(1);
      expect(s.contains(bobObj)).toBe(true);
      expect(s.deletedObjects).toEqual([bobObj]);
      expect(await s.get(User, bobObj.id)).toBeNull();
      expect(await s.query(User).count()).toBe(4);
    });
    await withSession(orm.engine(), async (s) => expect(await s.query(User).count()).toBe(4));
  });

  it('bulk update sees pending changes first (autoflush) and checks values', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      s.add(new User({ name: 'Eve', email: 'eve@example.com', age: 50 }));
      expect(await s.query(User).where(User.c.age.ge(50)).update({ age: 51 })).toBe(1);
      await expect(s.query(User).update({ age: 'old' } as never)).rejects.toThrow(/Users\.age: expected an integer/);
      await expect(s.query(User).update({ nmae: 'x' } as never)).rejects.toThrow(/no column 'nmae' \(did you mean 'name'\?\)/);
      await expect(s.query(User).limit(1).delete()).rejects.toThrow(UsageError);
    });
  });

  it('select() of columns returns plain typed rows', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      const rows = await s.query(User).where(User.c.active.eq(true)).orderBy(User.c.name).select(User.c.id, User.c.name, User.c.age).all();
      expect(rows.map((r) => [r.name, r.age])).toEqual([
        ['Alice', 25],
        ['Carol', 35],
        ['Dave', null],
      ]);
      expect(Object.keys(rows[0]!).sort()).toEqual(['age', 'id', 'name']);
      expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
      expectTypeOf(rows).toEqualTypeOf<{ id: number; name: string; age: number | null }[]>();
      const one = await s.query(User).select(User.c.email).where(User.c.name.eq('Bob')).one();
      expect(one).toEqual({ email: 'bob@example.com' });
      expect(() => s.query(User).select(Post.c.title as never)).toThrow(/posts\.title is not a column of users/);
    });
  });

  it('results are typed from the model', async () => {
    await seed();
    await withSession(orm.engine(), async (s) => {
      const users = await s.query(User).all();
      expectTypeOf(users).toEqualTypeOf<UserRow[]>();
      expectTypeOf(users[0]!.age).toEqualTypeOf<number | null>();
      expectTypeOf(users[0]!.name).toEqualTypeOf<string>();
      expectTypeOf(users[0]!.createdAt).toEqualTypeOf<Date>();
      expectTypeOf(await s.query(User).first()).toEqualTypeOf<UserRow | null>();
      expectTypeOf(await s.query(User).where(User.c.name.eq('Bob')).one()).toEqualTypeOf<UserRow>();
      expectTypeOf(await s.get(User, 1)).toEqualTypeOf<UserRow | null>();
      expectTypeOf(await s.query(User).count()).toEqualTypeOf<number>();
      // @ts-expect-error: a string is not a value of an integer column
      User.c.age.gt('20');
      expect(users).toHaveLength(5);
    });
  });

  it('refuses conditions on other tables and non-expressions', async () => {
    await withSession(orm.engine(), async (s) => {
      expect(() => s.query(User).where(Post.c.title.eq('x'))).toThrow(/posts\.title is not a column of users/);
      expect(() => s.query(User).where({ name: 'Alice' } as never)).toThrow(/query expressions/);
      expect(() => s.query(User).orderBy('name' as never)).toThrow(/orderBy\(\) expects columns/);
      expect(() => s.query(User).limit(-1)).toThrow(/non-negative integer/);
    });
  });

  it('queries see unflushed changes (autoflush), unless turned off', async () => {
    await withSession(orm.engine(), async (s) => {
      s.add(new User({ name: 'Fresh', email: 'fresh@example.com' }));
      expect(await s.query(User).where(User.c.name.eq('Fresh')).count()).toBe(1);
    });
    await withSession(orm.engine(), async (s) => {
      s.add(new User({ name: 'Lazy', email: 'lazy@example.com' }));
      expect(await s.query(User).where(User.c.name.eq('Lazy')).count()).toBe(0);
      await s.flush();
      expect(await s.query(User).where(User.c.name.eq('Lazy')).count()).toBe(1);
    }, { autoflush: false });
  });
});

describe('typed results', () => {
  // expectTypeOf checks only at compile time: compile the ORM tests (strict, noUncheckedIndexedAccess).
  it('the ORM tests type-check, so their expectTypeOf assertions hold', () => {
    const root = resolve(__dirname, '..');
    const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'test/tsconfig.orm.json'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});
