/**
 * The injection suite at the library level, where it can be exhaustive: every payload and
 * random strings through insertRows/selectRows/countRows/updateRows/deleteRows and seed().
 * Stored values must equal their inputs exactly; the canary table must stay intact.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { countRows, deleteRows, insertRows, parseAssignments, rowFromObject, selectRows, updateRows } from '../src/crud/index.js';
import { printValue } from '../src/crud/where-print.js';
import type { Engine } from '../src/engine/engine.js';
import { createAll, createEngine, integer, table, text, toSchema, UsageError } from '../src/index.js';
import { seed } from '../src/seed/index.js';
import { tempDir } from './support/cli.js';
import { describeDialects, useTestDatabase } from './support/databases.js';
import { PAYLOADS } from './support/payloads.js';

const Canary = table('canary', { id: integer().primaryKey(), secret: text().notNull() });
const Victim = table('victims', { id: integer().primaryKey(), a: text(), b: text() });
const Odd = table('o"d`d]; DROP TABLE canary; --', { id: integer().primaryKey(), 'v"a`l]; --': text() });

/** Strings every database stores verbatim: well-formed Unicode without NUL (PostgreSQL refuses NUL in text). */
const storable = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => (s as string & { isWellFormed(): boolean }).isWellFormed() && !s.includes('\u0000'));

describeDialects('injection through the CRUD and seed library functions', (dialect) => {
  const db = useTestDatabase(dialect);
  let engine: Engine;
  let nextId = 1;
  beforeAll(async () => {
    engine = await createEngine(db().url);
    await createAll(engine, toSchema([Canary, Victim, Odd]));
    await insertRows(engine, 'canary', [rowFromObject({ id: 1, secret: 'alive' })]);
  });
  afterAll(async () => {
    await engine?.close();
  });
  afterEach(async () => {
    expect((await selectRows(engine, 'canary')).rows).toEqual([{ id: 1, secret: 'alive' }]);
    expect((await engine.introspect()).tables.map((t) => t.name).sort()).toEqual(['canary', 'o"d`d]; DROP TABLE canary; --', 'victims']);
  });

  it('stores, finds, updates and deletes every payload exactly', async () => {
    for (const payload of PAYLOADS) {
      const id = nextId++;
      await insertRows(engine, 'victims', [parseAssignments([`id=${id}`, `a=${payload}`])]);
      expect((await selectRows(engine, 'victims', { where: `id = ${id}` })).rows).toEqual([{ id, a: payload, b: null }]);
      const found = await selectRows(engine, 'victims', { columns: ['id'], where: `a = ${printValue(payload)} and id = ${id}` });
      expect(found.rows, payload).toEqual([{ id }]);
      expect((await countRows(engine, 'victims', { where: `a in (${printValue(payload)}) and id = ${id}` })).count).toBe(1);
      expect((await updateRows(engine, 'victims', { set: rowFromObject({ b: payload }), where: `id = ${id}` })).updated).toBe(1);
      expect((await selectRows(engine, 'victims', { columns: ['b'], where: `id = ${id}` })).rows).toEqual([{ b: payload }]);
      expect((await deleteRows(engine, 'victims', { where: `b = ${printValue(payload)} and id = ${id}` })).deleted).toBe(1);
    }
  });

  it('round-trips random strings exactly through insert, where, update and delete (property)', async () => {
    await fc.assert(
      fc.asyncProperty(storable, storable, async (a, b) => {
        const id = nextId++;
        await insertRows(engine, 'victims', [rowFromObject({ id, a })]);
        await updateRows(engine, 'victims', { set: parseAssignments([`b=${b}`]), where: `id = ${id}` });
        expect((await selectRows(engine, 'victims', { where: `id = ${id}` })).rows).toEqual([{ id, a, b }]);
        expect((await countRows(engine, 'victims', { where: `id = ${id} and a = ${printValue(a)} and b = ${printValue(b)}` })).count).toBe(1);
        expect((await deleteRows(engine, 'victims', { where: `id = ${id}` })).deleted).toBe(1);
      }),
      { numRuns: 150 },
    );
  });

  it('quotes odd table and column names in every statement', async () => {
    const col = 'v"a`l]; --';
    const name = 'o"d`d]; DROP TABLE canary; --';
    await insertRows(engine, name, [rowFromObject({ id: 1, [col]: PAYLOADS[0] })]);
    await updateRows(engine, name, { set: rowFromObject({ [col]: PAYLOADS[1] }), where: `${'`v"a``l]; --`'} is not null` });
    expect((await selectRows(engine, name, { columns: [col], order: [`${col}:desc`] })).rows).toEqual([{ [col]: PAYLOADS[1] }]);
    expect((await countRows(engine, name, { where: '`v"a``l]; --` like \'%DROP%\'' })).count).toBe(1);
    expect((await deleteRows(engine, name, { all: true })).deleted).toBe(1);
  });

  it('refuses objects where text or values belong (knex CVE-2016-20018)', async () => {
    const shapes: unknown[] = [{ $gt: '' }, { toString: () => "'; DROP TABLE canary; --" }, ['a'], { a: { $ne: null } }];
    for (const where of shapes) await expect(selectRows(engine, 'victims', { where: where as string })).rejects.toThrow(UsageError);
    for (const value of shapes) {
      await expect(insertRows(engine, 'victims', [rowFromObject({ a: value })])).rejects.toThrow(/a: expected a string, got an? (object|array)/);
      await expect(updateRows(engine, 'victims', { set: rowFromObject({ a: value }), all: true })).rejects.toThrow(/expected a string/);
    }
    await expect(selectRows(engine, { toString: () => 'victims' } as unknown as string)).rejects.toThrow(UsageError);
  });

  it('seeds every payload exactly from CSV and JSON', async () => {
    const dir = tempDir('ormkit-inj-seed-');
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const base = 100_000;
    writeFileSync(join(dir, 'victims.csv'), `id,a,b\r\n${PAYLOADS.map((s, i) => `${base + i},${quote(s)},${quote(s)}`).join('\r\n')}\r\n`);
    writeFileSync(join(dir, 'more.json'), JSON.stringify({ victims: PAYLOADS.map((a, i) => ({ id: base + 1000 + i, a })) }));
    const result = await seed(engine, { paths: [dir] });
    expect(result.totalRows).toBe(PAYLOADS.length * 2);
    const rows = (await selectRows(engine, 'victims', { where: `id >= ${base}`, order: ['id'] })).rows;
    expect(rows.map((r) => r.a)).toEqual([...PAYLOADS, ...PAYLOADS]);
    expect(rows.slice(0, PAYLOADS.length).map((r) => r.b)).toEqual(PAYLOADS);
    await deleteRows(engine, 'victims', { where: `id >= ${base}` });
  });
});
