/**
 * Issue 3's property, at the library level on every dialect: from a database at random
 * schema A holding random rows, diff to random B (some renames declared), plan and
 * execute → the database introspects as B; invert and execute → it introspects as A
 * again. Rows keep their values in every column both schemas have, renamed columns
 * included (on the servers, which convert values by type, the rows hold values that
 * survive each type change: see support/row-values.ts).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { DialectName } from '../src/dialects/dialect.js';
import type { Engine, EngineConnection, Schema } from '../src/index.js';
import { createEngine, createAll, dropAll, toSchema } from '../src/index.js';
import { makeSchema } from '../src/schema/ir.js';
import { diff } from '../src/diff/diff.js';
import { invertAll } from '../src/ops/invert.js';
import { buildModels, generatedKeyOptions, generatedMethods } from './support/arbitraries.js';
import { describeDialects, useTestDatabase } from './support/databases.js';
import { columnValues } from './support/compare-values.js';
import { migrate } from './support/migrate.js';
import type { SchemaPair } from './support/schema-pairs.js';
import { schemaPair } from './support/schema-pairs.js';

/**
 * Random schema pairs per run and dialect (the issue asks for ≥ 200); ORM_PROPERTY_RUNS
 * changes it. 200 take seconds on SQLite, about 35 s on PostgreSQL and 70 s on MariaDB
 * here (a few dozen DDL statements per pair).
 */
const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 200);

type Rows = Map<string, Record<string, unknown>[]>;

/**
 * Per dialect: how to empty the database between runs, and how to load rows with foreign keys unchecked.
 */
const SETUP: Record<DialectName, { reset(engine: Engine): Promise<void>; fkOff: string; fkOn: string; fkCheck?: string }> = {
  sqlite: { reset: async () => undefined, fkOff: 'PRAGMA foreign_keys=OFF', fkOn: 'PRAGMA foreign_keys=ON', fkCheck: 'PRAGMA foreign_key_check' },
  // Enum types outlive the tables that used them: the whole schema goes.
  postgres: {
    reset: async (engine) => void (await engine.execute('DROP SCHEMA public CASCADE'), await engine.execute('CREATE SCHEMA public')),
    fkOff: 'SET session_replication_role = replica',
    fkOn: 'SET session_replication_role = DEFAULT',
  },
  mysql: { reset: async (engine) => void (await dropAll(engine, makeSchema([]), { all: true })), fkOff: 'SET FOREIGN_KEY_CHECKS = 0', fkOn: 'SET FOREIGN_KEY_CHECKS = 1' },
};

/**
 * The normalized schema with columns in name order: a migration adds columns at the end
 * and the diff (like Alembic's) does not report column order, which no ALTER changes.
 */
function comparable(engine: Engine, schema: Schema): Schema {
  const n = engine.dialect.normalize(schema);
  return { tables: n.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) })) };
}

/** Inserts the rows with the dialect's own bulk insert, foreign keys unchecked (tables may reference each other in cycles). */
async function insertRows(engine: Engine, schema: Schema, rows: SchemaPair['rows']): Promise<void> {
  const setup = SETUP[engine.dialect.name];
  const conn: EngineConnection = await engine.connect();
  try {
    await conn.execute(setup.fkOff);
    try {
      for (const [table, list] of rows) {
        if (list.length === 0) continue;
        for (const s of engine.dialect.plan({ kind: 'bulkInsert', table, rows: list }, { schema })) await conn.execute(s.sql, s.params ?? []);
      }
    } finally {
      await conn.execute(setup.fkOn);
    }
    if (setup.fkCheck) expect((await conn.execute(setup.fkCheck)).rows).toEqual([]);
  } finally {
    conn.release();
  }
}

async function readRows(engine: Engine, schema: Schema): Promise<Rows> {
  const out: Rows = new Map();
  for (const t of schema.tables) out.set(t.name, (await engine.execute(`SELECT * FROM ${engine.dialect.quoteIdentifier(t.name)}`)).rows);
  return out;
}

/** Asserts the rows of `to` tables hold the values the `from` tables held, through the origins map. */
function expectValuesKept(from: Rows, to: Rows, origins: Map<string, { table: string; columns: Map<string, string> }>, sameType: (toTable: string, toCol: string) => boolean) {
  for (const [toTable, o] of origins) {
    const before = from.get(o.table) ?? [];
    const after = to.get(toTable) ?? [];
    expect(after.length, `row count of ${toTable}`).toBe(before.length);
    for (const [toCol, fromCol] of o.columns) {
      const strict = sameType(toTable, toCol);
      expect(columnValues(after, toCol, strict), `values of ${toTable}.${toCol} (from ${o.table}.${fromCol})`).toEqual(columnValues(before, fromCol, strict));
    }
  }
}

/** One pair: A with rows → B → A, checking schema and rows at each end. */
async function roundTrip(engine: Engine, pair: SchemaPair): Promise<void> {
  const { dialect } = engine;
  const schemaA = toSchema(buildModels(pair.a));
  const schemaB = toSchema(buildModels(pair.b));
  await createAll(engine, schemaA);
  await insertRows(engine, schemaA, pair.rows);
  const rowsA = await readRows(engine, schemaA);

  const live = await engine.introspect();
  const result = diff(live, schemaB, { dialect, renames: pair.renames });
  await migrate(engine, result.operations);
  const liveB = await engine.introspect();
  expect(comparable(engine, liveB)).toEqual(comparable(engine, schemaB));
  expect(diff(liveB, schemaB, { dialect }).operations).toEqual([]);

  const normA = dialect.normalize(schemaA);
  const normB = dialect.normalize(schemaB);
  const typeOf = (s: Schema, t: string, c: string) => s.tables.find((x) => x.name === t)?.columns.find((x) => x.name === c)?.type;
  const upOrigins = new Map([...pair.tableOrigin].map(([bt, at]) => [bt, { table: at, columns: new Map(pair.columnOrigin.get(bt)) }]));
  const sameTypeUp = (bt: string, bc: string) => {
    const o = upOrigins.get(bt)!;
    return JSON.stringify(typeOf(normA, o.table, o.columns.get(bc)!)) === JSON.stringify(typeOf(normB, bt, bc));
  };
  expectValuesKept(rowsA, await readRows(engine, schemaB), upOrigins, sameTypeUp);

  const down = invertAll(result.operations).map((inv) => {
    if (!inv.ok) throw new Error(inv.reason);
    return inv.operation;
  });
  await migrate(engine, down);
  const liveA = await engine.introspect();
  expect(comparable(engine, liveA)).toEqual(comparable(engine, schemaA));

  const downOrigins = new Map(
    [...pair.tableOrigin].map(([bt, at]) => [at, { table: at, columns: new Map([...(pair.columnOrigin.get(bt) ?? [])].map(([, ac]) => [ac, ac])) }]),
  );
  expectValuesKept(rowsA, await readRows(engine, schemaA), downOrigins, () => true);
}

describeDialects('autogenerate → upgrade → downgrade round trip', (dialect) => {
  const db = useTestDatabase(dialect);
  const runs = RUNS;

  it(`holds for ${runs} random schema pairs with rows (renames declared for some)`, async () => {
    // SQLite: a fresh in-memory database per pair; servers: the file's database, emptied per pair.
    const shared = dialect === 'sqlite' ? null : await createEngine(db().url);
    try {
      const probe = shared ?? (await createEngine('sqlite://:memory:'));
      const options = { partialIndexes: probe.dialect.capabilities.partialIndexes, indexMethods: generatedMethods(probe.dialect), expressionIndexes: probe.dialect.capabilities.expressionIndexes, ...generatedKeyOptions(probe.dialect), dialect };
      if (!shared) await probe.close();
      await fc.assert(
        fc.asyncProperty(schemaPair(options), async (pair) => {
          const engine = shared ?? (await createEngine('sqlite://:memory:'));
          try {
            await SETUP[dialect].reset(engine);
            await roundTrip(engine, pair);
          } finally {
            if (!shared) await engine.close();
          }
        }),
        { numRuns: runs },
      );
    } finally {
      await shared?.close();
    }
  }, 60_000 + runs * (dialect === 'sqlite' ? 300 : 3_000));
});
