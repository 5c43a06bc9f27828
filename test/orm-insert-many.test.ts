import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { InferInsert, Session, SessionOptions } from '../src/index.js';
import {
  IntegrityError,
  SessionError,
  SessionWarning,
  UsageError,
  ValidationError,
  boolean,
  date,
  enumType,
  integer,
  json,
  numeric,
  real,
  table,
  text,
  varchar,
  withSession,
} from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { BLOG, Post, User, useOrm } from './support/orm.js';
import { expectSame, sample, Sample } from './support/orm-samples.js';

// session.insertMany(Model, rows): plain rows in multi-row INSERTs, in the session's
// transaction, checked like the unit of work checks objects, never tracked or changed.

/** Literal defaults of several kinds (TEXT and JSON ones are expression defaults on MySQL). */
const Setting = table('settings', {
  id: integer().primaryKey(),
  name: varchar(40).notNull(),
  level: integer().notNull().default(3),
  ratio: real().default(0.5),
  enabled: boolean().notNull().default(false),
  label: text().notNull().default('none'),
  prefs: json().default({ theme: 'dark', sizes: [1, 2] }),
  price: numeric(8, 2).default('9.99'),
  kind: enumType('setting_kind', ['a', 'b']).notNull().default('b'),
  day: date().default('2024-01-31'),
  note: varchar(20),
});

/** Wide enough that the parameter limit, not the 500-row cap, sizes every batch on every dialect. */
const WIDTH = 140;
const Wide = table('wide', { id: integer().primaryKey(), ...Object.fromEntries(Array.from({ length: WIDTH }, (_, i) => [`c${i}`, integer()])) });

const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 15);

describeDialects('session.insertMany', (dialect) => {
  const orm = useOrm(dialect, [...BLOG, Sample, Setting, Wide]);
  const engine = () => orm.engine();
  const users = (n: number, from = 0): InferInsert<typeof User>[] => Array.from({ length: n }, (_, i) => ({ name: `user ${from + i}`, email: `u${from + i}@example.com` }));
  const countUsers = () => withSession(engine(), (s) => s.query(User).count());
  /** A session closed after `fn` whatever happens (SQLite's pool has one connection). */
  const inSession = async (fn: (s: Session) => Promise<void>, options?: SessionOptions) => {
    const s = engine().session(options);
    try {
      await fn(s);
    } finally {
      await s.close();
    }
  };

  it('stores every column kind as given, read back typed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sample, { minLength: 1, maxLength: 12 }), async (values) => {
        await withSession(engine(), (s) => s.query(Sample).delete());
        const originals = values.map((v) => structuredClone(v));
        expect(await withSession(engine(), (s) => s.insertMany(Sample, values))).toBe(values.length);
        await withSession(engine(), async (s) => {
          const back = await s.query(Sample).orderBy(Sample.c.id).all();
          expect(back).toHaveLength(values.length);
          back.forEach((row, i) => expectSame(row, originals[i]!));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves omitted columns with the values addAll gives them (literal and server defaults)', async () => {
    const n = await withSession(engine(), async (s) => {
      s.addAll([new Setting({ id: 1, name: 'added' })]);
      return s.insertMany(Setting, [{ id: 2, name: 'bulk' }]);
    });
    expect(n).toBe(1);
    await withSession(engine(), async (s) => {
      const [added, bulk] = await s.query(Setting).orderBy(Setting.c.id).all();
      expect({ ...bulk, id: 1, name: 'added' }).toEqual({ ...added });
      expect(bulk).toMatchObject({ level: 3, ratio: 0.5, enabled: false, label: 'none', prefs: { theme: 'dark', sizes: [1, 2] }, price: '9.99', kind: 'b', day: '2024-01-31', note: null });
    });
    await withSession(engine(), (s) => s.insertMany(User, [{ name: 'Ada', email: 'ada@example.com' }]));
    const ada = await withSession(engine(), (s) => s.query(User).one());
    expect([ada.age, ada.active, ada.createdAt instanceof Date]).toEqual([18, true, true]);
  });

  it('groups consecutive rows providing the same columns, 500 rows a statement at most', async () => {
    const rows: InferInsert<typeof User>[] = [...users(1234), { name: 'aged', email: 'aged@example.com', age: 40 }, { name: 'null age', email: 'null@example.com', age: null, active: false }, ...users(3, 2000)];
    orm.statements.length = 0;
    expect(await withSession(engine(), (s) => s.insertMany(User, rows))).toBe(rows.length);
    // 500 + 500 + 234, then one statement per differently shaped row, then the last 3.
    expect(orm.count('INSERT')).toBe(6);
    await withSession(engine(), async (s) => {
      const back = await s.query(User).orderBy(User.c.id).all();
      expect(back.map((u) => [u.name, u.email, u.age, u.active])).toEqual(rows.map((r) => [r.name, r.email, r.age === undefined ? 18 : r.age, r.active ?? true]));
    });
  });

  it('keeps each statement within the parameter limit for a wide model', async () => {
    const rows = Array.from({ length: 1000 }, (_, r) => Object.fromEntries(Array.from({ length: WIDTH }, (_c, i) => [`c${i}`, r * WIDTH + i])));
    orm.statements.length = 0;
    expect(await withSession(engine(), (s) => s.insertMany(Wide, rows))).toBe(1000);
    const perStatement = Math.floor(engine().dialect.capabilities.maxParameters / WIDTH);
    expect(perStatement).toBeLessThan(500);
    expect(orm.count('INSERT')).toBe(Math.ceil(1000 / perStatement));
    // Past 30 columns the provided-mask is a string: unknown properties are still refused.
    await expect(withSession(engine(), (s) => s.insertMany(Wide, [{ c0: 1 }, { c0: 1, c1399: 2 }] as never))).rejects.toThrow("rows[1] has 'c1399', but Wide.c1399 is no column (did you mean 'c139'?)");
    const back = await withSession(engine(), (s) => s.query(Wide).orderBy(Wide.c.id).all());
    expect(back.map((w) => (w as Record<string, unknown>)[`c${WIDTH - 1}`])).toEqual(rows.map((r) => r[`c${WIDTH - 1}`]));
  });

  it('refuses a bad value before the database, naming Model.field, the value and the row; nothing is stored', async () => {
    const rows = users(1200);
    (rows[1100] as Record<string, unknown>).email = 42;
    await inSession(async (s) => {
      const err = await s.insertMany(User, rows).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toBe('Users.email: expected a string, got 42 (rows[1100])');
      expect((err as ValidationError).details).toMatchObject({ model: 'Users', field: 'email', value: 42, row: 1100 });
      // Missing NOT NULL without default, and null for one.
      await expect(s.insertMany(User, [{ name: 'no email' } as never])).rejects.toThrow('Users.email: is required (NOT NULL, no default) but was not given (rows[0])');
      orm.statements.length = 0;
      await expect(s.insertMany(User, [...users(700), { name: 'no email' } as never])).rejects.toThrow('(rows[700])');
      expect(orm.count('INSERT')).toBe(0);
      await expect(s.insertMany(User, [...users(2), { name: null, email: 'x@example.com' } as never])).rejects.toThrow('Users.name: is NOT NULL but got null (rows[2])');
      // The session is still usable, and nothing reached the table.
      expect(await s.query(User).count()).toBe(0);
      await s.commit();
    });
    expect(await countUsers()).toBe(0);
  });

  it('refuses unknown properties and relations with a UsageError before any SQL', async () => {
    await withSession(engine(), async (s) => {
      orm.statements.length = 0;
      await expect(s.insertMany(User, [...users(3), { name: 'x', emial: 'x@example.com' } as never])).rejects.toThrow(
        "session.insertMany(Users, rows): rows[3] has 'emial', but Users.emial is no column (did you mean 'email'?)",
      );
      await expect(s.insertMany(User, [{ ...users(1)[0]!, posts: [] } as never])).rejects.toThrow(/rows\[0\]\.posts is a relation/);
      await expect(s.insertMany(User, [null as never])).rejects.toThrow(UsageError);
      await expect(s.insertMany(User, [{ nmae: 'x' } as never])).rejects.toThrow("rows[0] has 'nmae'");
      await expect(s.insertMany(User, [...users(1), [] as never])).rejects.toThrow('rows[1] is an array; expected an object of Users column values');
      await expect(s.insertMany(Wide, [[] as never])).rejects.toThrow('rows[0] is an array');
      await expect(s.insertMany(User, 'abc' as never)).rejects.toThrow(UsageError);
      expect(orm.statements).toEqual([]);
    });
  });

  it('raises a typed IntegrityError for a batch the database refuses; the session stays usable and rollback leaves nothing', async () => {
    const rows = users(1500);
    rows[1200] = { name: 'dup', email: rows[3]!.email };
    await inSession(async (s) => {
      expect(await s.insertMany(User, users(5, 5000))).toBe(5);
      const err = await s.insertMany(User, rows).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrityError);
      expect((err as IntegrityError).kind).toBe('unique');
      expect((err as IntegrityError).table).toBe('users');
      // SQLite names no constraint, only the columns.
      expect((err as IntegrityError).constraint ?? (err as Error).message).toMatch(/email/);
      // The failed call left none of its rows; the earlier call's rows are still there.
      expect(await s.query(User).count()).toBe(5);
      await s.rollback();
      expect(await countUsers()).toBe(0);
    });
  });

  it('does not change the rows, track them, or touch loaded objects', async () => {
    await withSession(engine(), (s) => s.insertMany(User, [{ id: 1, name: 'first', email: 'first@example.com' }]));
    const rows = [...users(3), { id: 50, name: 'keyed', email: 'keyed@example.com' }];
    const before = structuredClone(rows);
    await withSession(engine(), async (s) => {
      const first = await s.get(User, 1);
      expect(await s.insertMany(User, rows)).toBe(4);
      // No generated key, default or state written onto the rows.
      expect(rows).toStrictEqual(before);
      expect(s.pendingObjects).toEqual([]);
      expect(s.dirtyObjects).toEqual([]);
      expect(first!.name).toBe('first');
      // Not in the identity map: a lookup reads the row.
      orm.statements.length = 0;
      expect((await s.get(User, 50))!.name).toBe('keyed');
      expect(orm.count('SELECT')).toBe(1);
    });
    expect(await countUsers()).toBe(5);
  });

  it('moves the key generator past keys the rows gave', async () => {
    const first = new User({ name: 'first', email: 'first@example.com' });
    await withSession(engine(), async (s) => s.add(first));
    await withSession(engine(), (s) => s.insertMany(User, users(3).map((u, i) => ({ ...u, id: first.id + 10 + i }))));
    const added = new User({ name: 'next', email: 'next@example.com' });
    await withSession(engine(), async (s) => s.add(added));
    expect(added.id).toBe(first.id + 13);
  });

  it('flushes pending parents first, and rolls back with the session', async () => {
    await inSession(async (s) => {
      s.add(new User({ id: 7, name: 'parent', email: 'parent@example.com' }));
      expect(await s.insertMany(Post, [{ userId: 7, title: 'a' }, { userId: 7, title: 'b' }])).toBe(2);
      expect(s.pendingObjects).toEqual([]);
      expect(await s.query(Post).where(Post.c.userId.eq(7)).count()).toBe(2);
      await s.rollback();
      expect(await s.query(Post).count()).toBe(0);
    });
    expect(await countUsers()).toBe(0);
  });

  it('counts as a write: closing without commit warns and discards the rows', async () => {
    const warnings: SessionWarning[] = [];
    await inSession((s) => s.insertMany(User, users(2)).then(() => undefined), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBeInstanceOf(SessionWarning);
    expect(await countUsers()).toBe(0);
  });

  it('refuses to run on a closed session', async () => {
    const s = engine().session();
    await s.close();
    await expect(s.insertMany(User, users(1))).rejects.toThrow(SessionError);
    await expect(s.insertMany(User, users(1))).rejects.toThrow('session.insertMany(): this session is closed');
  });

  it('inserts nothing and opens no transaction for no rows', async () => {
    await inSession(async (s) => {
      expect(await s.insertMany(User, [])).toBe(0);
      expect(s.inTransaction).toBe(false);
    });
  });
});

it('types rows as the model insert type', () => {
  const check = (s: import('../src/index.js').Session) => {
    // @ts-expect-error email is required
    void s.insertMany(User, [{ name: 'x' }]);
    // @ts-expect-error age is a number
    void s.insertMany(User, [{ name: 'x', email: 'e', age: 'old' }]);
    void s.insertMany(User, new Set([{ name: 'x', email: 'e', age: null }]));
  };
  expect(typeof check).toBe('function');
});
