/**
 * ORM benchmarks, each against raw better-sqlite3 doing the same work in the same process
 * (prepared statements, the same 500-row batches, one transaction):
 *
 * - insert 100k rows: `session.addAll(objects)` + `commit()` (model objects built inside
 *   the timing) vs a multi-row prepared INSERT;
 * - the same 100k rows as plain objects through `session.insertMany(User, rows)` + `commit()`
 *   vs the same raw INSERT;
 * - select 100k rows hydrated into model objects vs `stmt.all()`;
 * - 1,000 point lookups by primary key with `session.get()` vs `stmt.get()`, both inside one
 *   transaction (a session reads in one; outside one SQLite re-takes its file lock per
 *   statement).
 *
 * Each case runs in a fresh child process (so no case pays for another's garbage), ORM and
 * raw alternating, several times; the median counts. Times are CPU milliseconds of the
 * process (user + system, `process.cpuUsage()`): on a shared machine wall-clock medians
 * swing by 2× with other load, CPU time does not, and both sides do the same I/O.
 *
 * With `{ dialect: 'postgres' | 'mysql', url }` the same cases run against that server
 * in a scratch database made next to `url` (and dropped), compared with the raw `pg` /
 * `mysql2` driver doing the same work: see orm-server-cases.mjs. There, times are wall
 * clock: the server's work is in another process.
 *
 * The default export prints nothing (a harness calls it) and returns
 * `{ name, oursMs, rawMs, ratio, target }` rows; on SQLite it makes its own files under
 * `workdir`. Needs `npm run build` (imports ../dist).
 * `node bench/orm.bench.mjs <case> <dir> <runs> [<dialect> <url>]` is the child's entry.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDatabase, serverCase } from './orm-server-cases.mjs';

const require = createRequire(import.meta.url);
const HERE = fileURLToPath(import.meta.url);

const ROWS = 100_000;
const LOOKUPS = 1_000;
const LOOPS = 10;
const BATCH = 500;
const RUNS = 9;

/** Server round trips make each run longer and steadier: fewer runs, fewer lookup loops. */
const SERVER_RUNS = 5;
const SERVER_LOOPS = 3;

const CASES = {
  insert: { name: 'orm insert 100k rows (addAll + commit)', target: 1.1, runs: RUNS },
  insertMany: { name: 'orm insertMany 100k plain rows', target: 1.1, runs: RUNS },
  // No target: what any ORM that builds model objects starts from (see bench/README.md).
  floor: { name: 'floor: raw insert + building the 100k model objects', runs: RUNS, sqliteOnly: true },
  select: { name: 'orm select 100k rows hydrated', target: 1.3, runs: RUNS },
  lookup: { name: 'orm 1,000 point lookups (session.get)', target: 1.5, runs: RUNS * 2 },
};

export default async function run({ dialect = 'sqlite', url, workdir, runs } = {}) {
  const server = dialect !== 'sqlite';
  if (server && !url) throw new Error(`the ${dialect} ORM bench needs a server url`);
  const dir = join(workdir ?? join(process.cwd(), 'bench/.work'), 'orm-bench');
  const scratch = server ? await scratchDatabase(dialect, url) : null;
  const results = [];
  try {
    for (const [id, spec] of Object.entries(CASES)) {
      if (server && spec.sqliteOnly) continue;
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const n = runs ?? (server ? SERVER_RUNS * (id === 'lookup' ? 2 : 1) : spec.runs);
      const child = spawnSync(process.execPath, [HERE, id, dir, String(n), ...(server ? [dialect, scratch.url] : [])], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`orm bench '${id}' failed: ${child.stderr.trim() || `exit ${child.status}`}`);
      const { oursMs, rawMs } = JSON.parse(child.stdout);
      results.push({ name: spec.name, oursMs: round(oursMs), rawMs: round(rawMs), ratio: round(oursMs / rawMs), target: spec.target, note: server ? `raw ${dialect === 'postgres' ? 'pg' : 'mysql2'}, wall ms` : 'raw better-sqlite3, CPU ms' });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  }
  return results;
}

/** One case, in this (child) process: prints `{ oursMs, rawMs }` (medians). */
async function runCase(id, dir, runs, dialect, url) {
  const { createEngine, createAll, integer, table, toSchema, varchar } = await import('../dist/index.js');
  const Database = require('better-sqlite3');
  const User = table('users', {
    id: integer().primaryKey(),
    name: varchar(100).notNull(),
    email: varchar(255).notNull(),
    age: integer(),
  });
  const schema = toSchema([User]);
  const data = Array.from({ length: ROWS }, (_, i) => ({ name: `user ${i}`, email: `user${i}@example.com`, age: i % 90 }));
  if (dialect) {
    const c = await serverCase(id, { dialect, url, rows: ROWS, lookups: LOOKUPS, loops: SERVER_LOOPS, batch: BATCH }, { createEngine, createAll, User, schema, data });
    return measure(c.ours, c.raw, runs, c.cleanup);
  }
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
  const insertRawRows = (db, rows) => {
    const full = db.prepare(`INSERT INTO "users" ("name", "email", "age") VALUES ${Array(BATCH).fill('(?, ?, ?)').join(', ')}`);
    db.exec('BEGIN');
    for (let i = 0; i < rows.length; i += BATCH) {
      const n = Math.min(BATCH, rows.length - i);
      const stmt = n === BATCH ? full : db.prepare(`INSERT INTO "users" ("name", "email", "age") VALUES ${Array(n).fill('(?, ?, ?)').join(', ')}`);
      const params = new Array(n * 3);
      for (let j = 0; j < n; j++) {
        const r = rows[i + j];
        params[j * 3] = r.name;
        params[j * 3 + 1] = r.email;
        params[j * 3 + 2] = r.age;
      }
      stmt.run(...params);
    }
    db.exec('COMMIT');
  };

  let ours;
  let raw;
  let cleanup = async () => undefined;
  /** Raw inserts of `rows()` into a fresh file; `rows` runs inside the timing. */
  const rawInsert = (rows) => async () => {
    const { path, engine } = await freshFile();
    await engine.close();
    const db = openRaw(path);
    const t = cpuMs();
    const built = rows();
    insertRawRows(db, built);
    const ms = cpuMs() - t;
    db.close();
    if (built.length !== ROWS) throw new Error('raw insert lost rows');
    return ms;
  };
  if (id === 'floor') {
    // The raw insert, plus the objects the ORM benchmark builds and keeps until the end.
    ours = rawInsert(() => data.map((r) => new User(r)));
    raw = rawInsert(() => data);
  } else if (id === 'insert') {
    ours = async () => {
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
    raw = rawInsert(() => data);
  } else if (id === 'insertMany') {
    ours = async () => {
      const { engine } = await freshFile();
      const t = cpuMs();
      const session = engine.session();
      const n = await session.insertMany(User, data);
      await session.commit();
      await session.close();
      const ms = cpuMs() - t;
      await engine.close();
      if (n !== ROWS) throw new Error('insertMany lost rows');
      return ms;
    };
    raw = rawInsert(() => data);
  } else {
    const { path, engine } = await freshFile();
    const seed = openRaw(path);
    insertRawRows(seed, data);
    seed.close();
    const db = openRaw(path);
    cleanup = async () => {
      db.close();
      await engine.close();
    };
    if (id === 'select') {
      ours = async () => {
        const t = cpuMs();
        const session = engine.session();
        const users = await session.query(User).all();
        await session.close();
        const ms = cpuMs() - t;
        if (users.length !== ROWS) throw new Error('select returned the wrong number of rows');
        return ms;
      };
      raw = async () => {
        const t = cpuMs();
        const rows = db.prepare('SELECT "id", "name", "email", "age" FROM "users"').all();
        const ms = cpuMs() - t;
        if (rows.length !== ROWS) throw new Error('raw select returned the wrong number of rows');
        return ms;
      };
    } else {
      const ids = Array.from({ length: LOOKUPS }, (_, i) => 1 + ((i * 7919) % ROWS));
      // A 1,000-lookup loop is ~2 ms: each run times LOOPS of them (a fresh session each)
      // and reports the time per loop.
      ours = async () => {
        const t = cpuMs();
        for (let loop = 0; loop < LOOPS; loop++) {
          const session = engine.session();
          for (const key of ids) if (!(await session.get(User, key))) throw new Error(`no user ${key}`);
          await session.close();
        }
        return (cpuMs() - t) / LOOPS;
      };
      raw = async () => {
        const t = cpuMs();
        for (let loop = 0; loop < LOOPS; loop++) {
          const stmt = db.prepare('SELECT "id", "name", "email", "age" FROM "users" WHERE "id" = ?');
          db.transaction(() => {
            for (const key of ids) if (!stmt.get(key)) throw new Error(`no user ${key}`);
          })();
        }
        return (cpuMs() - t) / LOOPS;
      };
    }
  }
  return measure(ours, raw, runs, cleanup);
}

/** One warm-up each (JIT, page cache), then alternate so drift hits both sides alike; medians. */
async function measure(ours, raw, runs, cleanup) {
  await ours();
  await raw();
  const o = [];
  const r = [];
  for (let i = 0; i < runs; i++) {
    o.push(await ours());
    r.push(await raw());
  }
  await cleanup();
  return { oursMs: median(o), rawMs: median(r) };
}

/** CPU milliseconds used by this process so far. */
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function round(x) {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] === HERE && process.argv[2]) {
  const [, , id, dir, runs, dialect, url] = process.argv;
  process.stdout.write(JSON.stringify(await runCase(id, dir, Number(runs), dialect, url)));
}
