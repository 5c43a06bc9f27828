import { expect, it } from 'vitest';
import { IntegrityError, createAll, integer, table, text, toSchema, varchar, withSession } from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { User, useOrm } from './support/orm.js';

// The canary must survive everything below, row and all.
const Canary = table('canary', { id: integer().primaryKey(), note: varchar(50).notNull() });

// Identifiers with every quote character a dialect might use (drizzle CVE-2026-39356).
const Weird = table('we"ird`tab]le', {
  id: integer().primaryKey(),
  quoted: varchar(200).named('co"l'),
  backtick: varchar(200).named('b`k'),
  bracket: varchar(200).named('br]k'),
  'pr"op`]': text(),
});

const PAYLOADS = [
  "'; DROP TABLE canary; --",
  '"; DROP TABLE canary; --',
  "Robert'); DROP TABLE canary;--",
  "' OR '1'='1",
  '1 OR 1=1',
  // sequelize #14519: replacement markers inside values must stay text.
  '$1',
  '$2; DROP TABLE canary',
  ':name',
  ':id OR 1=1',
  '?',
  '?, ?); DROP TABLE canary; --',
  '$$; DROP TABLE canary; $$',
  '\\',
  "\\'; DROP TABLE canary; --",
  '`; DROP TABLE canary; --',
  ']; DROP TABLE canary; --',
  '/* comment */',
  '\u2028\u2029 line separators',
  'NUL-free unicode: ☃ 😀 é',
];

describeDialects('injection through the ORM', (dialect) => {
  const orm = useOrm(dialect, [User, Canary, Weird]);

  const canaryIntact = async () =>
    withSession(orm.engine(), async (s) => {
      expect((await s.query(Canary).all()).map((c) => c.note)).toEqual(['still here']);
    });

  it('an object where a value belongs is refused, never compiled (knex CVE-2016-20018)', async () => {
    await withSession(orm.engine(), async (s) => s.addAll([new Canary({ note: 'still here' }), new User({ name: 'Alice', email: 'a@example.com' })]));
    await withSession(orm.engine(), async (s) => {
      const objects: unknown[] = [{ $ne: '' }, { email: 'x' }, ['a@example.com'], { toString: () => "' OR 1=1 --" }, new Map()];
      for (const o of objects) {
        expect(() => User.c.email.eq(o as never)).toThrow(/Expected a scalar value/);
        expect(() => User.c.email.in([o] as never)).toThrow(/Expected a scalar value/);
        expect(() => User.c.age.between(o as never, 1)).toThrow(/Expected a scalar value/);
        expect(() => s.query(User).where(o as never)).toThrow(/query expressions/);
        await expect(s.get(User, { id: o } as never)).rejects.toThrow(/Users\.id: expected an integer/);
        await expect(s.query(User).update({ name: o } as never)).rejects.toThrow(/Users\.name: expected a string/);
        const u = new User({ name: 'x', email: o as never });
        expect(() => s.add(u)).toThrow(/Users\.email: expected a string/);
      }
      expect(() => User.c.email.in('a@example.com' as never)).toThrow(/expects an array/);
      expect(await s.query(User).count()).toBe(1);
    });
    expect(orm.statements.some((q) => /OR 1=1/.test(q))).toBe(false);
    await canaryIntact();
  });

  it('values with quotes, comments and placeholder markers are stored and matched exactly (sequelize #14519)', async () => {
    await withSession(orm.engine(), async (s) => s.add(new Canary({ note: 'still here' })));
    const users = PAYLOADS.map((p, i) => new User({ name: p, email: `${i}-${p}` }));
    await withSession(orm.engine(), async (s) => s.addAll(users));
    await withSession(orm.engine(), async (s) => {
      for (const [i, p] of PAYLOADS.entries()) {
        const found = await s.query(User).where(User.c.name.eq(p)).all();
        expect(found.map((u) => u.email)).toEqual([`${i}-${p}`]);
        expect(await s.query(User).where(User.c.email.in([`${i}-${p}`, p])).count()).toBe(1);
        expect(await s.query(User).where(User.c.name.eq(p), User.c.email.ne(p)).exists()).toBe(true);
        expect((await s.get(User, users[i]!.id))!.name).toBe(p);
      }
      // Every stored value equals its input, byte for byte.
      const all = await s.query(User).orderBy(User.c.id).select(User.c.name, User.c.email).all();
      expect(all).toEqual(PAYLOADS.map((p, i) => ({ name: p, email: `${i}-${p}` })));
      // Bulk paths bind too.
      expect(await s.insertMany(User, [{ name: PAYLOADS[2]!, email: PAYLOADS[3]! }, { name: PAYLOADS[4]!, email: PAYLOADS[10]! }])).toBe(2);
      expect(await s.query(User).where(User.c.email.eq(PAYLOADS[10]!)).count()).toBe(1);
      expect(await s.query(User).where(User.c.name.eq(PAYLOADS[0]!)).update({ name: PAYLOADS[1]! })).toBe(1);
      expect(await s.query(User).where(User.c.name.eq(PAYLOADS[1]!)).count()).toBe(2);
      expect(await s.query(User).where(User.c.name.eq(PAYLOADS[1]!)).delete()).toBe(2);
    });
    for (const q of orm.statements) for (const p of PAYLOADS.slice(0, 5)) expect(q).not.toContain(p);
    await canaryIntact();
  });

  it('identifiers with ", ` and ] are quoted, for DDL and every session statement (drizzle CVE-2026-39356)', async () => {
    await withSession(orm.engine(), async (s) => s.add(new Canary({ note: 'still here' })));
    const w = new Weird({ quoted: PAYLOADS[0]!, backtick: PAYLOADS[14]!, bracket: PAYLOADS[15]!, 'pr"op`]': PAYLOADS[1]! });
    await withSession(orm.engine(), async (s) => s.add(w));
    // insertMany's generated row check knows the property by its quoted name.
    await withSession(orm.engine(), async (s) => {
      expect(await s.insertMany(Weird, [{ 'pr"op`]': PAYLOADS[2]!, quoted: PAYLOADS[3]! }])).toBe(1);
      expect(await s.query(Weird).where(Weird.c['pr"op`]'].eq(PAYLOADS[2]!)).delete()).toBe(1);
    });
    await withSession(orm.engine(), async (s) => {
      const back = (await s.get(Weird, w.id))!;
      expect(back).toEqual({ id: w.id, quoted: PAYLOADS[0], backtick: PAYLOADS[14], bracket: PAYLOADS[15], 'pr"op`]': PAYLOADS[1] });
      back.bracket = 'changed';
      back['pr"op`]'] = 'changed too';
      await s.flush();
      expect(await s.query(Weird).where(Weird.c.backtick.eq(PAYLOADS[14]!), Weird.c['pr"op`]'].eq('changed too')).count()).toBe(1);
      expect(await s.query(Weird).where(Weird.c.quoted.like('%DROP%')).update({ quoted: 'safe' })).toBe(1);
      expect(await s.query(Weird).select(Weird.c.quoted, Weird.c['pr"op`]']).one()).toEqual({ quoted: 'safe', 'pr"op`]': 'changed too' });
      s.delete(back);
    });
    await withSession(orm.engine(), async (s) => expect(await s.query(Weird).count()).toBe(0));
    // create-all is idempotent on the weird table (introspection reads the names back).
    expect((await createAll(orm.engine(), toSchema([Weird]))).createdTables).toEqual([]);
    await canaryIntact();
  });

  it('integrity errors surface typed, naming the table', async () => {
    await withSession(orm.engine(), async (s) => s.add(new User({ name: 'A', email: 'dup@example.com' })));
    const err = await withSession(orm.engine(), async (s) => s.add(new User({ name: 'B', email: 'dup@example.com' }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).table).toBe('users');
    expect((err as IntegrityError).kind).toBe('unique');
  });
});
