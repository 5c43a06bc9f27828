#!/usr/bin/env node
// The raw-driver baseline of the server migration benchmark (migrate.bench.mjs): a node
// process that connects with `pg` or `mysql2/promise` and sends the statements one
// `orm upgrade head` sent (captured with --echo's hook), in the same order and
// transactions, with the same parameters. What `orm` does on top — loading and running
// the migration files, planning, reading the version table and the schema — is the
// difference.
//   node bench/migrate-raw-replay.mjs postgres|mysql <url> <statements.json>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [dialect, url, file] = process.argv.slice(2);
const statements = JSON.parse(readFileSync(file, 'utf8'));

let query;
let close;
if (dialect === 'postgres') {
  // As ormkit does (src/dialects/postgres/load-pg.ts): load pg without Node's fetch, ~30 ms.
  globalThis.navigator ??= { userAgent: 'node' };
  const pg = require('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  query = (sql, params) => client.query(sql, params);
  close = () => client.end();
} else {
  const mysql = require('mysql2/promise');
  const conn = await mysql.createConnection(url);
  query = (sql, params) => conn.query(sql, params);
  close = () => conn.end();
}
for (const [sql, params] of statements) {
  try {
    await query(sql === 'BEGIN IMMEDIATE' ? 'BEGIN' : sql, params);
  } catch (err) {
    // The first read of the version table fails on a fresh database, as it did for orm.
    if (!/^SELECT\b/.test(sql)) throw err;
  }
}
await close();
