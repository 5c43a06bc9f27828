/**
 * ORM benchmarks, each against raw better-sqlite3 doing the same work in the same run
 * (prepared statements, the same 500-row batches, one transaction):
 *
 * - insert 100k rows: `session.addAll(objects)` + `commit()` (model objects built inside
 *   the timing) vs a multi-row prepared INSERT;
 * - select 100k rows hydrated into model objects vs `stmt.all()`;
 * - 1,000 point lookups by primary key with `session.get()` vs `stmt.get()`, both inside one
 *   transaction (a session reads in one).
 *
 * Times are CPU milliseconds of this process (user + system, `process.cpuUsage()`): on a
 * shared machine wall-clock medians swing by 2× with other load, CPU time does not, and both
 * sides do the same I/O. Runs alternate ORM and raw, several times; the median counts.
 * Prints nothing: a harness calls the default export. Needs `npm run build` (imports ../dist).
 */
import { createRequire } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** CPU milliseconds used by this process so far. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const ROWS = 100_000;
const LOOKUPS = 1_000;
const LOOPS = 10;
const BATCH = 500;
const RUNS = 7;

export default async function run({ dialect = 'sqlite', workdir, runs = RUNS } = {}) {
  // The raw baseline is better-sqlite3; other dialects have no like-for-like raw driver here.
  if (dialect !== 'sqlite') return [];
  const { createEngine, createAll, integer, table, toSchema, varchar } = await import('../dist/index.js');
  const Database = require('better-sqlite3');
  const dir = join(workdir ?? join(process.cwd(), 'bench/.work'), 'orm-bench');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const User = table('users', {
    id: integer().primaryKey(),
    name: varchar(100).notNull(),
    email: varchar(255).notNull(),
    age: integer(),
  });
  const schema = toSchema([User]);
  const data = Array.from({ length: ROWS }, (_, i) => ({ name: `user ${i}`, email: `user${i}@example.com`, age: i % 90 }));
  let fileNo = 0;
  const freshFile = async () => {
    const path = join(dir, `b${fileNo++}.db`);
    const engine = await createEngine(`sqlite:///${path}`);
    await createAll(engine, schema);
    return { path, engine };
  };
  const openRaw = (path) => {
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    return db;
  };

  const insertOurs = async () => {
    const { engine } = await freshFile();
    const t = cpuMs();
    const session = engine.session();
    session.addAll(data.map((r) => new User(r)));
    await session.commit();
    await session.close();
    const ms = cpuMs() - t;
    await engine.close();
    return ms;
  };
  const insertRaw = async () => {
    const { path, engine } = await freshFile();
    await engine.close();
    const db = openRaw(path);
    const t = cpuMs();
    const full = db.prepare(`INSERT INTO "users" ("name", "email", "age") VALUES ${Array(BATCH).fill('(?, ?, ?)').join(', ')}`);
    db.exec('BEGIN');
    for (let i = 0; i < ROWS; i += BATCH) {
      const n = Math.min(BATCH, ROWS - i);
      const stmt = n === BATCH ? full : db.prepare(`INSERT INTO "users" ("name", "email", "age") VALUES ${Array(n).fill('(?, ?, ?)').join(', ')}`);
      const params = new Array(n * 3);
      for (let j = 0; j < n; j++) {
        const r = data[i + j];
        params[j * 3] = r.name;
        params[j * 3 + 1] = r.email;
        params[j * 3 + 2] = r.age;
      }
      stmt.run(...params);
    }
    db.exec('COMMIT');
    const ms = cpuMs() - t;
    db.close();
    return ms;
  };

  // One populated database for the read benchmarks.
  const { path: readPath, engine: readEngine } = await freshFile();
  {
    const s = readEngine.session();
    s.addAll(data.map((r) => new User(r)));
    await s.commit();
    await s.close();
  }
  const selectOurs = async () => {
    const t = cpuMs();
    const session = readEngine.session();
    const users = await session.query(User).all();
    await session.close();
    const ms = cpuMs() - t;
    if (users.length !== ROWS) throw new Error('select returned the wrong number of rows');
    return ms;
  };
  const rawDb = openRaw(readPath);
  const selectRaw = async () => {
    const t = cpuMs();
    const rows = rawDb.prepare('SELECT "id", "name", "email", "age" FROM "users"').all();
    const ms = cpuMs() - t;
    if (rows.length !== ROWS) throw new Error('raw select returned the wrong number of rows');
    return ms;
  };
  const ids = Array.from({ length: LOOKUPS }, (_, i) => 1 + ((i * 7919) % ROWS));
  // A 1,000-lookup loop is ~2 ms: each run times LOOPS of them (a fresh session each) and
  // reports the time per loop, so one scheduler hiccup does not decide the result.
  const lookupOurs = async () => {
    const t = cpuMs();
    for (let loop = 0; loop < LOOPS; loop++) {
      const session = readEngine.session();
      for (const id of ids) if (!(await session.get(User, id))) throw new Error(`no user ${id}`);
      await session.close();
    }
    return (cpuMs() - t) / LOOPS;
  };
  const lookupRaw = async () => {
    const t = cpuMs();
    for (let loop = 0; loop < LOOPS; loop++) {
      const stmt = rawDb.prepare('SELECT "id", "name", "email", "age" FROM "users" WHERE "id" = ?');
      // In one transaction, as a session reads (outside one, SQLite re-takes its file lock per statement).
      rawDb.transaction(() => {
        for (const id of ids) if (!stmt.get(id)) throw new Error(`no user ${id}`);
      })();
    }
    return (cpuMs() - t) / LOOPS;
  };

  const results = [
    await measure('orm insert 100k rows (addAll + commit)', insertOurs, insertRaw, 1.1, runs),
    await measure('orm select 100k rows hydrated', selectOurs, selectRaw, 1.3, runs),
    await measure('orm 1,000 point lookups (session.get)', lookupOurs, lookupRaw, 1.5, runs * 2),
  ];
  rawDb.close();
  await readEngine.close();
  rmSync(dir, { recursive: true, force: true });
  return results;
}

async function measure(name, ours, raw, target, runs) {
  // One warm-up each (JIT, page cache), then alternate so drift hits both sides alike.
  await ours();
  await raw();
  const o = [];
  const r = [];
  for (let i = 0; i < runs; i++) {
    o.push(await ours());
    r.push(await raw());
  }
  const oursMs = median(o);
  const rawMs = median(r);
  return { name, oursMs: round(oursMs), rawMs: round(rawMs), ratio: round(oursMs / rawMs), target };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 100) / 100;
