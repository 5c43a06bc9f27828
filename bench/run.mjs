#!/usr/bin/env node
// Benchmark harness: `npm run bench [-- --dialect sqlite|postgres|mysql] [--only <module>]`.
// Every figure is a ratio against a baseline measured in the same run (raw driver, or a
// bare `node -e ''`), never an absolute time: this machine is shared and noisy.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dialect = opt('dialect', 'sqlite');
const only = opt('only', null);
const urls = {
  sqlite: null,
  postgres: process.env.ORM_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  mysql: process.env.ORM_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};
if (!(dialect in urls)) {
  console.error(`unknown --dialect ${dialect}: use sqlite, postgres or mysql`);
  process.exit(2);
}

const here = fileURLToPath(new URL('.', import.meta.url));
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !only || f.startsWith(only))
  .sort();

const rows = [];
for (const file of modules) {
  const workdir = mkdtempSync(join(tmpdir(), 'ormkit-bench-'));
  try {
    const mod = await import(join(here, file));
    process.stderr.write(`[bench] ${file} (${dialect})…\n`);
    const result = await mod.default({ dialect, url: urls[dialect], workdir });
    for (const r of result ?? []) rows.push({ module: file.replace('.bench.mjs', ''), ...r });
  } catch (err) {
    rows.push({ module: file.replace('.bench.mjs', ''), name: 'ERROR', note: err?.message ?? String(err) });
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

const fmt = (n, d = 2) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : '');
const lines = [['benchmark', 'ours ms', 'baseline ms', 'ratio', 'target', 'status', 'note']];
for (const r of rows) {
  // A row may decide for itself (`pass`) when its target is more than the ratio.
  const status =
    r.ratio == null || r.target === undefined ? '' : r.pass !== undefined ? (r.pass ? 'ok' : 'MISS') : r.targetKind === 'min' ? (r.ratio >= r.target ? 'ok' : 'MISS') : r.ratio <= r.target ? 'ok' : 'MISS';
  const target = r.target === undefined ? '' : `${r.targetKind === 'min' ? '≥' : '≤'} ${r.target}`;
  lines.push([`${r.module}: ${r.name}`, fmt(r.oursMs, 1), fmt(r.rawMs, 1), r.ratio === undefined ? '' : `${fmt(r.ratio)}×`, target, status, r.note ?? '']);
}
const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
for (const l of lines) console.log(l.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd());
if (rows.some((r) => r.name === 'ERROR')) process.exitCode = 1;
