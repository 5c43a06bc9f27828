import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.js';
import { bigint, createAll, createEngine, integer, json, table, text, timestamp, toSchema, withSession } from '../src/index.js';

const Counter = table('counters', {
  id: integer().primaryKey(),
  big: bigint(),
  small: integer(),
  label: text(),
});

/** A json column next to a bigint one: statements reading both read integers as bigints. */
const Doc = table('docs', {
  id: integer().primaryKey(),
  big: bigint(),
  body: json(),
});

const Event = table('events', {
  id: integer().primaryKey(),
  at: timestamp().notNull().serverDefault('CURRENT_TIMESTAMP'),
});

describe('SQLite values', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine('sqlite://:memory:');
    await createAll(engine, toSchema([Counter, Event, Doc]));
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads BIGINT columns exactly past 2^53: bigint when needed, number otherwise', async () => {
    const huge = 2n ** 63n - 1n;
    const odd = 2n ** 53n + 1n;
    await withSession(engine, async (s) => {
      s.addAll([new Counter({ id: 1, big: huge, small: 7, label: '007' }), new Counter({ id: 2, big: odd, small: -1 }), new Counter({ id: 3, big: 42 })]);
    });
    const rows = await withSession(engine, (s) => s.query(Counter).orderBy(Counter.c.id).all());
    expect(rows.map((r) => [r.big, r.small, r.label])).toEqual([[huge, 7, '007'], [odd, -1, null], [42, null, null]]);
    expect(typeof rows[2]!.big).toBe('number');
    // Plain statements on such a table narrow the same way; other integers stay numbers, text stays text.
    const raw = await engine.execute('SELECT id, big, small, label FROM counters ORDER BY id');
    expect(raw.rows[0]).toEqual({ id: 1, big: huge, small: 7, label: '007' });
    expect((await withSession(engine, (s) => s.query(Counter).where(Counter.c.big.eq(odd)).one())).id).toBe(2);
  });

  it('reads a JSON number past 2^53 as the number JSON gives, so the row is not seen as changed', async () => {
    // Stored as an integer (NUMERIC affinity), it arrived as a bigint: a read-only session then failed at commit.
    const doc = new Doc({ body: -(2 ** 53) });
    await withSession(engine, async (s) => s.add(doc));
    await withSession(engine, async (s) => {
      const back = await s.get(Doc, doc.id);
      expect(back!.body).toBe(-(2 ** 53));
      expect(s.dirtyObjects).toEqual([]);
    });
  });

  it('writes timestamps in the text form of CURRENT_TIMESTAMP, so the two compare correctly', async () => {
    const now = Date.now();
    await withSession(engine, async (s) => {
      s.add(new Event({ id: 1 })); // CURRENT_TIMESTAMP: 'YYYY-MM-DD HH:MM:SS'
      s.add(new Event({ id: 2, at: new Date(now - 1000) }));
    });
    const stored = (await engine.execute('SELECT at FROM events WHERE id = 2')).rows[0]!.at as string;
    expect(stored).toBe(new Date(now - 1000).toISOString().replace('T', ' ').replace('Z', ''));
    const since = new Date(Math.floor(now / 1000) * 1000 - 60_000);
    const recent = await withSession(engine, (s) => s.query(Event).where(Event.c.at.gt(since)).orderBy(Event.c.id).all());
    expect(recent.map((e) => e.id)).toEqual([1, 2]);
    // Ordered as text, the default and the Date sort by time (to the second: CURRENT_TIMESTAMP has no fraction).
    const later = await withSession(engine, (s) => s.query(Event).where(Event.c.at.ge(new Date(Math.floor(now / 1000) * 1000 + 5_000))).count());
    expect(later).toBe(0);
    // Rows written as ISO text by others still read back as Dates.
    await engine.execute("INSERT INTO events (id, at) VALUES (3, '2024-05-01T12:30:00.000Z')");
    expect((await withSession(engine, (s) => s.get(Event, 3)))!.at.toISOString()).toBe('2024-05-01T12:30:00.000Z');
    expect((await withSession(engine, (s) => s.get(Event, 2)))!.at.getTime()).toBe(now - 1000);
  });

  it('reports the rows a write with RETURNING changed', async () => {
    const r = await engine.execute('INSERT INTO counters (small) VALUES (?), (?) RETURNING id', [1, 2]);
    expect([r.rows.length, r.rowsAffected]).toEqual([2, 2]);
    expect((await engine.execute('SELECT id FROM counters')).rowsAffected).toBe(0);
  });
});
