import { expect, it } from 'vitest';
import {
  ValidationError,
  bigint,
  blob,
  boolean,
  date,
  enumType,
  integer,
  json,
  numeric,
  real,
  table,
  text,
  timestamp,
  uuid,
  varchar,
  withSession,
} from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { useOrm } from './support/orm.js';

const Everything = table('everything', {
  id: integer().primaryKey(),
  i: integer(),
  big: bigint(),
  r: real(),
  n: numeric(6, 2),
  t: text(),
  v: varchar(5),
  flag: boolean(),
  d: date(),
  ts: timestamp(),
  j: json(),
  bytes: blob(),
  u: uuid(),
  mood: enumType('mood', ['happy', 'sad']),
  required: varchar(10).notNull(),
});

// [field, bad value, what the message says]
const BAD: [keyof typeof Everything.c, unknown, RegExp][] = [
  ['i', 1.5, /Everything\.i: expected an integer, got 1\.5/],
  ['i', '7', /Everything\.i: expected an integer, got "7"/],
  ['i', 2 ** 60, /Everything\.i: expected an integer/],
  ['big', 2n ** 64n, /Everything\.big: expected a 64-bit integer \(number or bigint\), got 18446744073709551616n/],
  ['r', Number.NaN, /Everything\.r: expected a finite number, got NaN/],
  ['r', Infinity, /Everything\.r: expected a finite number/],
  ['r', '1.5', /Everything\.r: expected a finite number, got "1\.5"/],
  ['n', 'abc', /Everything\.n: expected a decimal string such as '9\.99', got "abc"/],
  ['n', '12345.6', /Everything\.n: "12345\.6" has more than 4 digits before the point, more than numeric\(6, 2\) holds/],
  ['n', '1.234', /Everything\.n: "1\.234" has more than 2 decimal places/],
  ['n', 1e21, /Everything\.n: 1e\+21 cannot be written as a plain decimal/],
  ['t', 42, /Everything\.t: expected a string, got 42/],
  ['v', 'toolong', /Everything\.v: "toolong" is 7 characters long, more than varchar\(5\) holds/],
  ['v', '😀😀😀😀😀😀', /Everything\.v: .* is 6 characters long/],
  ['flag', 1, /Everything\.flag: expected a boolean, got 1/],
  ['flag', 'true', /Everything\.flag: expected a boolean, got "true"/],
  ['d', '2024-02-30', /Everything\.d: expected a 'YYYY-MM-DD' date string, got "2024-02-30"/],
  ['d', new Date(), /Everything\.d: expected a 'YYYY-MM-DD' date string, got Date\(/],
  ['ts', '2024-01-01T00:00:00Z', /Everything\.ts: expected a valid Date, got "2024-01-01T00:00:00Z"/],
  ['ts', new Date('nope'), /Everything\.ts: expected a valid Date, got an invalid Date/],
  ['j', () => 1, /Everything\.j: a function cannot be stored as JSON/],
  ['bytes', 'abc', /Everything\.bytes: expected a Buffer or Uint8Array, got "abc"/],
  ['u', 'not-a-uuid', /Everything\.u: expected a UUID string, got "not-a-uuid"/],
  ['mood', 'angry', /Everything\.mood: expected one of "happy", "sad", got "angry"/],
  ['required', null, /Everything\.required: is NOT NULL but got null/],
];

describeDialects('validation before the database', (dialect) => {
  const orm = useOrm(dialect, [Everything]);

  it.each(BAD)('rejects %s = %o at add(), naming Model.field and the value', async (field, value, message) => {
    await withSession(orm.engine(), async (s) => {
      const obj = new Everything({ required: 'x' });
      (obj as Record<string, unknown>)[field] = value;
      let err: unknown;
      try {
        s.add(obj);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(message);
      expect((err as ValidationError).details).toMatchObject({ model: 'Everything', field });
      expect(orm.statements).toEqual([]);
    });
  });

  it('checks again at flush: values changed after add, and missing required values', async () => {
    await withSession(orm.engine(), async (s) => {
      const obj = new Everything({ required: 'x' });
      s.add(obj);
      obj.i = 'seven' as never;
      await expect(s.flush()).rejects.toThrow(/Everything\.i: expected an integer, got "seven"/);
      obj.i = 7;
      obj.required = undefined as never;
      await expect(s.flush()).rejects.toThrow(/Everything\.required: is required \(NOT NULL, no default\) but was not given/);
      obj.required = 'ok';
      await s.flush();
      expect(typeof obj.id).toBe('number');
      obj.v = 'much too long';
      await expect(s.flush()).rejects.toThrow(/Everything\.v: "much too long" is 13 characters long, more than varchar\(5\) holds \(Everything\(id=\d+\)\)/);
      await s.rollback();
    });
    expect(orm.statements.some((q) => q.includes('much too long'))).toBe(false);
  });

  it('accepts every valid value, at the edges', async () => {
    const good = new Everything({
      i: -(2 ** 31),
      big: 2n ** 62n,
      r: -1.5e-7,
      n: '-9999.99',
      t: '',
      v: 'ééééé',
      flag: false,
      d: '2024-02-29',
      ts: new Date('2024-02-29T12:34:56Z'),
      j: { nested: [1, 'two', null, true] },
      bytes: Buffer.from([0, 255]),
      u: '123e4567-e89b-12d3-a456-426614174000',
      mood: 'sad',
      required: '😀😀😀😀😀😀😀😀😀😀',
    });
    await withSession(orm.engine(), async (s) => s.add(good));
    const back = await withSession(orm.engine(), (s) => s.get(Everything, good.id));
    expect(back).toMatchObject({ i: -(2 ** 31), n: '-9999.99', v: 'ééééé', flag: false, d: '2024-02-29', mood: 'sad', j: { nested: [1, 'two', null, true] } });
    expect(back!.ts!.toISOString()).toBe('2024-02-29T12:34:56.000Z');
  });

  it('takes dates in the years 1 to 99 (Date.UTC reads them as 1901 to 1999), and no year 0', async () => {
    const early = new Everything({ d: '0001-01-01', required: 'x' });
    const leap = new Everything({ d: '0004-02-29', required: 'y' });
    await withSession(orm.engine(), async (s) => s.addAll([early, leap]));
    const back = await withSession(orm.engine(), (s) => s.get(Everything, early.id));
    expect(back!.d).toBe('0001-01-01');
    await expect(withSession(orm.engine(), async (s) => s.add(new Everything({ d: '0000-01-01', required: 'z' })))).rejects.toThrow(/Everything\.d: expected a 'YYYY-MM-DD' date string, got "0000-01-01"/);
    await expect(withSession(orm.engine(), async (s) => s.add(new Everything({ d: '0003-02-29', required: 'z' })))).rejects.toThrow(/Everything\.d: expected/);
  });

  it('checks bulk update values the same way', async () => {
    await withSession(orm.engine(), async (s) => {
      await expect(s.query(Everything).update({ mood: 'angry' as never })).rejects.toThrow(/Everything\.mood: expected one of "happy", "sad", got "angry"/);
      await expect(s.query(Everything).update({ required: null as never })).rejects.toThrow(/Everything\.required: is NOT NULL but got null/);
    });
  });
});
