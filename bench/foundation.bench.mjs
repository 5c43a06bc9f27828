// Foundation benchmarks (issue 2): CLI start-up, and create-all + inspect of a 300-table schema.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAll, createEngine, integer, table, text, toSchema, varchar, real, boolean, timestamp } from '../dist/index.js';
import { median, timeProcesses } from './util.mjs';

const ORM = fileURLToPath(new URL('../bin/orm.js', import.meta.url));
const TABLES = 300;

/** 300 tables, 10 columns, 2 indexes and 1 FK each, the FKs chained 300 deep. */
export function chainModels() {
  const models = [];
  for (let i = 0; i < TABLES; i++) {
    const prev = models[i - 1];
    const cols = {
      id: integer().primaryKey(),
      name: varchar(100).notNull().index(),
      code: varchar(20).notNull(),
      body: text(),
      score: real().default(0),
      active: boolean().default(true),
      createdAt: timestamp().serverDefault('CURRENT_TIMESTAMP'),
      a: integer(),
      b: integer(),
      parentId: prev ? integer().references(() => prev.c.id) : integer(),
    };
    models.push(table(`t${String(i).padStart(3, '0')}`, cols, (t) => [t.index([t.c.code, t.c.a])]));
  }
  return models;
}

export default async function run({ dialect, workdir }) {
  const rows = [];
  const help = timeProcesses(process.execPath, [ORM, '--help'], process.execPath, ['-e', ''], 21);
  rows.push({ name: '`orm --help` vs `node -e ""`', ...help, ratio: help.oursMs / help.rawMs, target: 1.5 });
  if (dialect !== 'sqlite') return rows;

  const schema = toSchema(chainModels());
  const ddl = [];
  {
    // The statements create-all runs, generated once, for the raw baseline.
    const engine = await createEngine('sqlite://:memory:');
    const r = await createAll(engine, schema);
    ddl.push(...r.statements);
    await engine.close();
  }
  const ours = [];
  const raw = [];
  for (let run = 0; run < 7; run++) {
    {
      const file = join(workdir, `raw${run}.db`);
      const t0 = performance.now();
      const db = new Database(file);
      db.pragma('foreign_keys = ON');
      db.exec('BEGIN');
      for (const s of ddl) db.exec(s);
      db.exec('COMMIT');
      // The raw way to read a schema back: pragmas per table (no recursion along FKs).
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%'").pluck().all();
      for (const t of tables) {
        db.pragma(`table_info("${t}")`);
        for (const ix of db.pragma(`index_list("${t}")`)) db.pragma(`index_info("${ix.name}")`);
        db.pragma(`foreign_key_list("${t}")`);
      }
      db.close();
      raw.push(performance.now() - t0);
    }
    {
      const url = `sqlite:///${join(workdir, `ours${run}.db`)}`;
      const t0 = performance.now();
      const engine = await createEngine(url);
      await createAll(engine, toSchema(chainModels()));
      await engine.introspect();
      await engine.close();
      ours.push(performance.now() - t0);
    }
  }
  const oursMs = median(ours);
  const rawMs = median(raw);
  rows.push({ name: 'create-all + inspect, 300 tables chained by FKs', oursMs, rawMs, ratio: oursMs / rawMs, target: 2 });
  return rows;
}
