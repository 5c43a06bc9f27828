/**
 * `orm seed` of a large CSV file against raw better-sqlite3 in the same run.
 *
 * Ours: the real CLI as a child process (`orm seed <file> --url …`), wall time from spawn
 * to exit, so Node start-up, introspection, CSV parsing, coercion and batching all
 * count; peak RSS from `/usr/bin/time -f %M` (or the child's own report when that tool
 * is missing). Raw: better-sqlite3 inserting the same rows, already in memory as arrays,
 * with one prepared statement in one transaction: the floor any loader sits on.
 *
 * Targets: ours at ≥ 50 % of raw rows/s (time ratio ≤ 2.0), peak RSS ≤ 200 MB for every
 * file size (the 3M-row file shows it stays flat). Prints nothing; returns rows.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ORM_BIN = join(ROOT, 'bin/orm.js');
const require = createRequire(import.meta.url);
const TABLE = 'seed_bench';
const DDL = `CREATE TABLE "${TABLE}" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "email" VARCHAR(255), "age" INTEGER, "score" REAL)`;
const SIZES = [1_000_000, 3_000_000];
const RUNS = 2;
const TIME_RATIO_TARGET = 2.0;
const RSS_TARGET_MB = 200;

/** Row `i` of the benchmark data: the CSV and the raw baseline use the same values. */
function row(i) {
  // Every tenth name needs CSV quoting, so the parser's quoted path is exercised too.
  const name = i % 10 === 0 ? `Smith, Ann ${i}` : `user ${i}`;
  return [i + 1, name, i % 7 === 0 ? null : `user${i}@example.com`, 18 + (i % 60), (i % 1000) / 8];
}

function csvLine(r) {
  const name = r[1].includes(',') ? `"${r[1]}"` : r[1];
  return `${r[0]},${name},${r[2] ?? ''},${r[3]},${r[4]}\n`;
}

async function writeCsv(path, rows) {
  const file = await open(path, 'w');
  try {
    let chunk = 'id,name,email,age,score\n';
    for (let i = 0; i < rows; i++) {
      chunk += csvLine(row(i));
      if (chunk.length > 1 << 20) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk);
  } finally {
    await file.close();
  }
}

function freshDatabase(path) {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const Database = require('better-sqlite3');
  const db = new Database(path);
  db.exec(DDL);
  return db;
}

/** Runs `orm seed` on the CSV; returns wall milliseconds and peak RSS in MB. */
function runSeed(csv, url, workdir) {
  const useTime = existsSync('/usr/bin/time');
  const args = [ORM_BIN, 'seed', csv, '--url', url];
  const [cmd, argv] = useTime ? ['/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: workdir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`orm seed exited ${code}: ${stderr.trim() || stdout.trim()}`));
      const kb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ ms, rssMb: kb / 1024, stdout });
    });
  });
}

/**
 * Raw better-sqlite3: one prepared INSERT, one transaction, rows already in memory. With
 * `batch`, the same with 500-row multi-row INSERTs (what `orm seed` sends), for context.
 */
function runRaw(path, data, batch = 1) {
  const db = freshDatabase(path);
  try {
    db.pragma('foreign_keys = ON');
    const tuple = '(?, ?, ?, ?, ?)';
    const sql = (n) => `INSERT INTO "${TABLE}" ("id", "name", "email", "age", "score") VALUES ${new Array(n).fill(tuple).join(', ')}`;
    const insert = db.prepare(sql(batch));
    const load = db.transaction((all) => {
      if (batch === 1) {
        for (const r of all) insert.run(r);
        return;
      }
      const full = all.length - (all.length % batch);
      for (let i = 0; i < full; i += batch) insert.run(all.slice(i, i + batch).flat());
      if (full < all.length) db.prepare(sql(all.length - full)).run(all.slice(full).flat());
    });
    const started = performance.now();
    load(data);
    return performance.now() - started;
  } finally {
    db.close();
  }
}

function sqlitePath(url) {
  const m = /^sqlite:\/\/\/(.*)$/.exec(url);
  if (!m || m[1] === ':memory:') return null;
  return resolve(decodeURIComponent(m[1]));
}

export default async function run({ dialect, url, workdir }) {
  // The default (no URL) is a SQLite file in the work folder.
  const path = dialect === 'sqlite' ? (url ? sqlitePath(url) : join(workdir, `${TABLE}.db`)) : null;
  if (path === null) {
    return SIZES.map((n) => ({
      name: `orm seed: ${n.toLocaleString('en-US')}-row CSV`,
      oursMs: null,
      rawMs: null,
      target: TIME_RATIO_TARGET,
      note: `skipped: the raw baseline is better-sqlite3, so this runs on a SQLite file URL (got ${dialect})`,
    }));
  }
  mkdirSync(workdir, { recursive: true });
  const results = [];
  for (const rows of SIZES) {
    const csv = join(workdir, `${TABLE}.csv`);
    await writeCsv(csv, rows);
    const sizeMb = statSync(csv).size / 2 ** 20;
    let ours = null;
    let rawMs = Infinity;
    let batchedMs = Infinity;
    const data = Array.from({ length: rows }, (_, k) => row(k));
    for (let i = 0; i < RUNS; i++) {
      freshDatabase(path).close();
      const r = await runSeed(csv, `sqlite:///${path}`, workdir);
      ours = { ms: Math.min(ours?.ms ?? Infinity, r.ms), rssMb: Math.max(ours?.rssMb ?? 0, r.rssMb) };
      rawMs = Math.min(rawMs, runRaw(join(workdir, 'raw-baseline.db'), data));
      batchedMs = Math.min(batchedMs, runRaw(join(workdir, 'raw-baseline.db'), data, 500));
    }
    rmSync(csv, { force: true });
    for (const suffix of ['', '-journal']) rmSync(join(workdir, 'raw-baseline.db') + suffix, { force: true });
    const ratio = ours.ms / rawMs;
    const perSecond = (ms) => Math.round((rows * 1000) / ms).toLocaleString('en-US');
    const pass = ratio <= TIME_RATIO_TARGET && ours.rssMb <= RSS_TARGET_MB;
    results.push({
      name: `orm seed: ${rows.toLocaleString('en-US')}-row CSV (${sizeMb.toFixed(0)} MB, 5 columns)`,
      oursMs: Math.round(ours.ms),
      rawMs: Math.round(rawMs),
      ratio: Number(ratio.toFixed(2)),
      target: TIME_RATIO_TARGET,
      // Both count: the time ratio and the peak RSS.
      pass,
      note: `${pass ? 'meets' : 'MISSES'} time ≤ ${TIME_RATIO_TARGET}× raw and peak RSS ≤ ${RSS_TARGET_MB} MB: ours ${perSecond(ours.ms)} rows/s (${((100 * rawMs) / ours.ms).toFixed(0)}% of raw ${perSecond(rawMs)} rows/s), peak RSS ${ours.rssMb.toFixed(0)} MB; best of ${RUNS}; raw 500-row multi-row INSERTs: ${Math.round(batchedMs)} ms`,
    });
  }
  return results;
}
