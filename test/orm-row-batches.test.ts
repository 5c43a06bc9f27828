import { expect, it, vi } from 'vitest';
import { IntegrityError, SessionWarning, ValidationError, integer, table, timestamp, varchar, withSession } from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { useOrm } from './support/orm.js';

// Rows one query loads, and objects one addAll() adds, share one record for their session
// state until one of them needs its own (row-batch.ts): every session promise must hold
// for them exactly as for rows loaded or added one by one. The models have no relations,
// so no flush walks them one by one.
const Item = table('items', {
  id: integer().primaryKey(),
  name: varchar(50).notNull(),
  qty: integer(),
  seenAt: timestamp().named('seen_at'),
});

const Tag = table('tags', {
  id: integer().primaryKey(),
  label: varchar(20).notNull().unique(),
});

// A table referencing itself: InnoDB checks each row as it is written.
const Node = table('nodes', {
  id: integer().primaryKey(),
  parentId: integer().references('nodes.id').named('parent_id'),
});

const ROWS = 20;

describeDialects('rows loaded together', (dialect) => {
  const orm = useOrm(dialect, [Item, Tag, Node]);
  const engine = () => orm.engine();

  const seed = () =>
    withSession(engine(), async (s) => {
      s.addAll(Array.from({ length: ROWS }, (_, i) => new Item({ id: i + 1, name: `item ${i + 1}`, qty: i })));
    });
  const load = (s: ReturnType<ReturnType<typeof engine>['session']>) => s.query(Item).orderBy(Item.c.id).all();

  it('updates only the changed rows', async () => {
    await seed();
    const s = engine().session();
    const items = await load(s);
    items[3]!.qty = 100;
    items[17]!.name = 'renamed';
    items[9]!.seenAt = new Date('2024-05-01T00:00:00Z');
    orm.statements.length = 0;
    await s.commit();
    expect(orm.count('UPDATE')).toBe(3);
    const reloaded = await load(s);
    reloaded[0]!.qty = 1000;
    reloaded[1]!.name = 'x';
    expect(new Set(s.dirtyObjects)).toEqual(new Set([reloaded[0], reloaded[1]]));
    await s.rollback();
    await s.close();
    const again = await withSession(engine(), (t) => load(t));
    expect(again.map((i) => [i.id, i.name, i.qty])).toEqual(items.map((i) => [i.id, i.name, i.qty]));
    expect(again[9]!.seenAt?.getTime()).toBe(Date.parse('2024-05-01T00:00:00Z'));
  });

  it('writes nothing when nothing changed, and a Date changed in place counts as a change', async () => {
    await seed();
    const s = engine().session();
    const items = await load(s);
    items[2]!.qty = items[2]!.qty; // same value
    await s.flush();
    expect(orm.count('UPDATE')).toBe(0);
    items[5]!.seenAt = new Date(0);
    await s.commit();
    expect(orm.count('UPDATE')).toBe(1);
    const reloaded = await load(s);
    reloaded[5]!.seenAt!.setTime(1000);
    expect(s.dirtyObjects).toEqual([reloaded[5]]);
    await s.commit();
    await s.close();
  });

  it('returns the same object for the same row: get() after a query, and a second query', async () => {
    await seed();
    await withSession(engine(), async (s) => {
      const items = await load(s);
      orm.statements.length = 0;
      expect(await s.get(Item, 7)).toBe(items[6]);
      expect(orm.count('SELECT')).toBe(0);
      const some = await s.query(Item).where(Item.c.id.le(5)).orderBy(Item.c.id).all();
      expect(some).toEqual(items.slice(0, 5));
      for (let i = 0; i < 5; i++) expect(some[i]).toBe(items[i]);
    });
  });

  it('keeps changes made before a second load of the same rows, and a commit expires the rest', async () => {
    await seed();
    const s = engine().session();
    const items = await load(s);
    items[0]!.qty = 42;
    const q = engine().dialect.quoteIdentifier;
    await s.execute(`UPDATE ${q('items')} SET ${q('name')} = 'outside'`);
    await s.commit();
    const again = await load(s);
    expect(again[0]).toBe(items[0]);
    expect(items[0]!.qty).toBe(42);
    expect(items[1]!.name).toBe('outside');
    await s.close();
  });

  it('rolls back changes to loaded rows, and a close without commit warns and names them', async () => {
    await seed();
    const s = engine().session();
    const items = await load(s);
    items[4]!.name = 'changed';
    await s.flush();
    items[8]!.qty = -1;
    await s.rollback();
    expect(items[4]!.name).toBe('item 5');
    expect(items[8]!.qty).toBe(8);

    const onWarning = vi.fn();
    const t = engine().session({ onWarning });
    const loaded = await load(t);
    loaded[11]!.qty = 99;
    await t.close();
    expect(onWarning).toHaveBeenCalledTimes(1);
    const warning = onWarning.mock.calls[0]![0] as SessionWarning;
    expect(warning.message).toMatch(/changed: Items\(id=12\): qty/);
    const fresh = await withSession(engine(), (u) => u.get(Item, 12));
    expect(fresh!.qty).toBe(11);
  });

  it('deletes, expunges and re-attaches single rows of a load', async () => {
    await seed();
    const s = engine().session();
    const items = await load(s);
    s.delete(items[0]!);
    expect(s.deletedObjects).toEqual([items[0]]);
    s.expunge(items[1]!);
    expect(s.contains(items[1]!)).toBe(false);
    expect(s.contains(items[2]!)).toBe(true);
    items[1]!.qty = 500; // expunged: not written
    await s.commit();
    expect(orm.count('DELETE')).toBe(1);
    expect(orm.count('UPDATE')).toBe(0);
    // The expunged row comes back as a new object; the others stay the same.
    const again = await load(s);
    expect(again[0]).not.toBe(items[1]);
    expect(again[0]!.qty).toBe(1);
    expect(again[1]).toBe(items[2]);
    await s.close();

    // After close, a loaded object can join another session and be changed there.
    const t = engine().session();
    t.add(items[2]!);
    items[2]!.qty = 7;
    await t.commit();
    await t.close();
    expect((await withSession(engine(), (u) => u.get(Item, 3)))!.qty).toBe(7);
  });

  it('counts the rows of a load that a program keeps after close as detached', async () => {
    await seed();
    const s = engine().session();
    const items = await load(s);
    await s.close();
    expect(s.contains(items[0]!)).toBe(false);
    const t = engine().session();
    expect(() => t.delete(items[0]!)).not.toThrow();
    await t.commit();
    await t.close();
    expect(await withSession(engine(), (u) => u.get(Item, 1))).toBeNull();
  });

  const tags = (...labels: string[]) => labels.map((label) => new Tag({ label }));
  const stored = () => withSession(engine(), (s) => s.query(Tag).orderBy(Tag.c.id).all());

  it('inserts objects added together in add order, with the keys read back, around single adds', async () => {
    const s = engine().session();
    const [a, b, c, d, e] = tags('a', 'b', 'c', 'd', 'e');
    s.add(a!);
    s.addAll([b!, c!]);
    s.add(d!);
    s.addAll([e!]);
    expect(s.pendingObjects).toEqual([a, b, c, d, e]);
    await s.commit();
    const ids = [a, b, c, d, e].map((t) => t!.id);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect((await stored()).map((t) => [t.id, t.label])).toEqual([a, b, c, d, e].map((t) => [t!.id, t!.label]));
    // Stored now: the same objects come back, and a change is one UPDATE.
    expect(await s.get(Tag, c!.id)).toBe(c);
    c!.label = 'c2';
    orm.statements.length = 0;
    await s.commit();
    expect(orm.count('UPDATE')).toBe(1);
    await s.close();
  });

  it('adds an object listed twice once, keeps the objects before a bad one, and drops an expunged one', async () => {
    const s = engine().session();
    const [a, b, c] = tags('a', 'b', 'c');
    s.addAll([a!, b!, a!]);
    const bad = new Tag({ label: 'x'.repeat(21) });
    expect(() => s.addAll([c!, bad, new Tag({ label: 'never' })])).toThrow(ValidationError);
    expect(s.pendingObjects).toEqual([a, b, c]);
    s.expunge(b!);
    expect(s.contains(b!)).toBe(false);
    await s.commit();
    await s.close();
    expect((await stored()).map((t) => t.label)).toEqual(['a', 'c']);
    expect(b!.id).toBeUndefined();
  });

  it('a failed flush clears the generated keys and keeps the objects pending; a retry inserts them', async () => {
    await withSession(engine(), async (s) => {
      s.add(new Tag({ label: 'taken' }));
    });
    const s = engine().session();
    const list = tags('p', 'q', 'taken', 'r');
    s.addAll(list);
    const err = await s.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect(list.map((t) => t.id)).toEqual([undefined, undefined, undefined, undefined]);
    expect(s.pendingObjects).toEqual(list);
    list[2]!.label = 'free';
    await s.commit();
    await s.close();
    expect((await stored()).map((t) => t.label)).toEqual(['taken', 'p', 'q', 'free', 'r']);
  });

  it('a rollback makes inserted objects new again; they can be added again', async () => {
    const s = engine().session();
    const list = tags('m', 'n');
    s.addAll(list);
    await s.flush();
    expect(list.every((t) => typeof t.id === 'number')).toBe(true);
    await s.rollback();
    expect(list.map((t) => t.id)).toEqual([undefined, undefined]);
    expect(s.contains(list[0]!)).toBe(false);
    s.addAll(list);
    await s.commit();
    await s.close();
    expect((await stored()).map((t) => t.label)).toEqual(['m', 'n']);
  });

  it('closing with objects added together warns and counts them', async () => {
    const onWarning = vi.fn();
    const s = engine().session({ onWarning });
    s.addAll(tags('u', 'v', 'w'));
    await s.close();
    expect((onWarning.mock.calls[0]![0] as SessionWarning).message).toMatch(/new: 3 Tags/);
    expect(await stored()).toEqual([]);
  });

  it('orders rows of a table referencing itself, added together', async () => {
    await withSession(engine(), async (s) => {
      s.addAll([new Node({ id: 3, parentId: 2 }), new Node({ id: 2, parentId: 1 }), new Node({ id: 1, parentId: null })]);
    });
    const nodes = await withSession(engine(), (s) => s.query(Node).orderBy(Node.c.id).all());
    expect(nodes.map((n) => [n.id, n.parentId])).toEqual([[1, null], [2, 1], [3, 2]]);
  });
});
