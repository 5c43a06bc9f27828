/**
 * The ORM benchmark cases on PostgreSQL and MySQL/MariaDB (see orm.bench.mjs), each
 * against the raw driver (`pg`, `mysql2/promise`) doing the same work on its own
 * connection: the same table, the same SQL text with bound parameters through the same
 * driver call (`client.query({ name, text, values })` — a statement prepared once on the
 * server, as the ORM's connections prepare statements they run again — or
 * `conn.query(sql, values)`; mysql2's server-side `execute()` measured no faster for
 * these statements), the same 500-row batches, one transaction.
 *
 * Times are wall-clock milliseconds: most of the work happens in the server process,
 * which the client's CPU time would not see. ORM and raw alternate, so drift hits both.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Raw driver access for one dialect: connect, run a statement, close. */
async function rawDriver(dialect, url) {
  if (dialect === 'postgres') {
    const pg = require('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const names = new Map();
    const nameOf = (text) => {
      if (!names.has(text)) names.set(text, `raw_${names.size + 1}`);
      return names.get(text);
    };
    return {
      q: (name) => `"${name}"`,
      ph: (i) => `$${i}`,
      query: async (text, values) => (await client.query(values?.length ? { name: nameOf(text), text, values } : { text })).rows,
      close: () => client.end(),
    };
  }
  const mysql = require('mysql2/promise');
  const conn = await mysql.createConnection(url);
  return {
    q: (name) => `\`${name}\``,
    ph: () => '?',
    query: async (sql, values) => (await conn.query(sql, values))[0],
    close: () => conn.end(),
  };
}

/** A database for the benchmark, made and dropped with the raw driver. */
export async function scratchDatabase(dialect, url) {
  const name = `orm_bench_${process.pid}`;
  const admin = await rawDriver(dialect, url);
  await admin.query(`CREATE DATABASE ${admin.q(name)}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const again = await rawDriver(dialect, url);
      await again.query(dialect === 'postgres' ? `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)` : `DROP DATABASE IF EXISTS \`${name}\``);
      await again.close();
    },
  };
}

/**
 * `{ ours, raw, cleanup }` for one case: each of ours/raw runs the work once and returns
 * its milliseconds. `shared` holds what orm.bench.mjs shares between dialects.
 */
export async function serverCase(id, { dialect, url, rows, lookups, loops, batch }, shared) {
  const { createEngine, createAll, User, schema, data } = shared;
  const engine = await createEngine(url);
  const db = await rawDriver(dialect, url);
  // Each case starts from a new table (the cases share one scratch database).
  await db.query(`DROP TABLE IF EXISTS ${db.q('users')}`);
  await createAll(engine, schema);
  const T = db.q('users');
  const cols = ['name', 'email', 'age'].map(db.q).join(', ');
  const empty = () => db.query(dialect === 'postgres' ? `TRUNCATE ${T} RESTART IDENTITY` : `TRUNCATE TABLE ${T}`);
  const insertSql = new Map();
  const insertText = (n) => {
    if (!insertSql.has(n)) {
      let p = 0;
      const tuples = Array.from({ length: n }, () => `(${db.ph(++p)}, ${db.ph(++p)}, ${db.ph(++p)})`);
      insertSql.set(n, `INSERT INTO ${T} (${cols}) VALUES ${tuples.join(', ')}`);
    }
    return insertSql.get(n);
  };
  const insertRaw = async (list) => {
    await db.query('BEGIN');
    for (let i = 0; i < list.length; i += batch) {
      const n = Math.min(batch, list.length - i);
      const params = new Array(n * 3);
      for (let j = 0; j < n; j++) {
        const r = list[i + j];
        params[j * 3] = r.name;
        params[j * 3 + 1] = r.email;
        params[j * 3 + 2] = r.age;
      }
      await db.query(insertText(n), params);
    }
    await db.query('COMMIT');
  };
  const cleanup = async () => {
    await db.close();
    await engine.close();
  };
  const wall = async (fn) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };

  if (id === 'insert') {
    return {
      cleanup,
      ours: async () => {
        await empty();
        return wall(async () => {
          const session = engine.session();
          session.addAll(data.map((r) => new User(r)));
          await session.commit();
          await session.close();
        });
      },
      raw: async () => {
        await empty();
        return wall(() => insertRaw(data));
      },
    };
  }
  if (id === 'insertMany') {
    return {
      cleanup,
      ours: async () => {
        await empty();
        return wall(async () => {
          const session = engine.session();
          if ((await session.insertMany(User, data)) !== rows) throw new Error('insertMany lost rows');
          await session.commit();
          await session.close();
        });
      },
      raw: async () => {
        await empty();
        return wall(() => insertRaw(data));
      },
    };
  }
  await empty();
  await insertRaw(data);
  const select = `SELECT ${['id', 'name', 'email', 'age'].map(db.q).join(', ')} FROM ${T}`;
  if (id === 'select') {
    return {
      cleanup,
      ours: () =>
        wall(async () => {
          const session = engine.session();
          const users = await session.query(User).all();
          await session.close();
          if (users.length !== rows) throw new Error('select returned the wrong number of rows');
        }),
      raw: () =>
        wall(async () => {
          const got = await db.query(select);
          if (got.length !== rows) throw new Error('raw select returned the wrong number of rows');
        }),
    };
  }
  const ids = Array.from({ length: lookups }, (_, i) => 1 + ((i * 7919) % rows));
  const byKey = `${select} WHERE ${db.q('id')} = ${db.ph(1)}`;
  return {
    cleanup,
    ours: async () =>
      (await wall(async () => {
        for (let loop = 0; loop < loops; loop++) {
          const session = engine.session();
          for (const key of ids) if (!(await session.get(User, key))) throw new Error(`no user ${key}`);
          await session.close();
        }
      })) / loops,
    raw: async () =>
      (await wall(async () => {
        for (let loop = 0; loop < loops; loop++) {
          await db.query('BEGIN');
          for (const key of ids) if ((await db.query(byKey, [key])).length !== 1) throw new Error(`no user ${key}`);
          await db.query('ROLLBACK');
        }
      })) / loops,
  };
}
