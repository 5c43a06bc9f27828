/**
 * The runner through its library API: statement phases, statements that cannot run in a
 * transaction, "must return no rows" checks, and failure recording where DDL is not
 * transactional (a SQLite engine told it has no transactional DDL stands in for MySQL).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialect } from '../src/dialects/dialect.js';
import type { Engine } from '../src/engine/engine.js';
import { createEngine } from '../src/engine/engine.js';
import { DatabaseError, MigrationError } from '../src/errors.js';
import { resolveFailed, stamp } from '../src/migrate/repair.js';
import { downgrade, upgrade } from '../src/migrate/runner.js';
import { currentStatus } from '../src/migrate/status.js';
import type { Operation, PlannedStatement } from '../src/ops/operations.js';
import { tempDir } from './support/cli.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

interface Setup {
  readonly engine: Engine;
  readonly log: string[];
  readonly directory: string;
  migration(revision: string, down: string | null, upgradeBody: string, downgradeBody?: string): void;
}

/**
 * A temp SQLite database and migrations folder. `tweak` changes the dialect the runner
 * sees: its capabilities or how it plans `execute` operations.
 */
async function setup(tweak: { transactionalDdl?: boolean; plan?: (op: Operation, base: Dialect['plan']) => PlannedStatement[] | null } = {}): Promise<Setup> {
  const dir = tempDir('ormkit-runner-');
  const directory = join(dir, 'migrations');
  mkdirSync(directory);
  const log: string[] = [];
  const real = await createEngine(`sqlite:///${join(dir, 'app.db')}`, { echo: (sql) => log.push(sql.replace(/\s+/g, ' ').trim()) });
  engines.push(real);
  const base = real.dialect;
  const dialect: Dialect = {
    ...base,
    capabilities: { ...base.capabilities, transactionalDdl: tweak.transactionalDdl ?? true },
    plan: (op, ctx) => tweak.plan?.(op, base.plan) ?? base.plan(op, ctx),
  };
  const engine: Engine = { ...real, dialect };
  let n = 0;
  return {
    engine,
    log,
    directory,
    migration(revision, down, upgradeBody, downgradeBody = '') {
      n++;
      writeFileSync(
        join(directory, `20240101_${1000 + n}_${revision}_m.ts`),
        `import { integer } from 'ormkit';\nexport const revision = '${revision}';\nexport const downRevision = ${down === null ? 'null' : `'${down}'`};\nexport const message = 'm';\n` +
          `export async function upgrade(op: any) { ${upgradeBody} }\nexport async function downgrade(op: any) { ${downgradeBody} }\nvoid integer;\n`,
      );
    },
  };
}

const rows = async (e: Engine, sql: string) => (await e.execute(sql)).rows;

describe('migration runner', () => {
  it('runs before-phase statements outside the transaction and after-phase ones after the commit', async () => {
    const s = await setup({
      plan: (op) => (op.kind === 'execute' ? [{ sql: 'PRAGMA foreign_keys = OFF', phase: 'before' }, { sql: op.sql }, { sql: 'PRAGMA foreign_keys = ON', phase: 'after' }] : null),
    });
    s.migration('aa1111', null, "op.execute('CREATE TABLE t (x INTEGER)');");
    const result = await upgrade(s.engine, { directory: s.directory });
    expect(result.steps.map((x) => x.revision)).toEqual(['aa1111']);
    const from = s.log.indexOf('PRAGMA foreign_keys = OFF');
    expect(s.log.slice(from, from + 3)).toEqual(['PRAGMA foreign_keys = OFF', 'BEGIN IMMEDIATE', expect.stringMatching(/^SELECT "revision"/)]);
    const create = s.log.indexOf('CREATE TABLE t (x INTEGER)');
    expect(s.log.slice(create, create + 4)).toEqual(['CREATE TABLE t (x INTEGER)', expect.stringMatching(/^INSERT INTO "orm_migrations"/), 'COMMIT', 'PRAGMA foreign_keys = ON']);
  });

  it('after-phase statements still run when the migration fails', async () => {
    const s = await setup({
      plan: (op) => (op.kind === 'execute' ? [{ sql: 'PRAGMA foreign_keys = OFF', phase: 'before' }, { sql: op.sql }, { sql: 'PRAGMA foreign_keys = ON', phase: 'after' }] : null),
    });
    s.migration('aa1111', null, "op.execute('INSERT INTO nowhere VALUES (1)');");
    await expect(upgrade(s.engine, { directory: s.directory })).rejects.toThrow(DatabaseError);
    expect(s.log.slice(-2)).toEqual(['ROLLBACK', 'PRAGMA foreign_keys = ON']);
    expect(await rows(s.engine, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  it('a PRAGMA foreign_key_check that returns rows fails the migration, which rolls back', async () => {
    const s = await setup();
    s.migration('aa1111', null, "op.createTable('parent', { id: integer().primaryKey() }); op.createTable('child', { id: integer().primaryKey(), parent_id: integer().references('parent.id') });");
    s.migration(
      'bb2222',
      'aa1111',
      "op.execute('PRAGMA defer_foreign_keys = ON'); op.execute('INSERT INTO child (parent_id) VALUES (42)'); op.execute('PRAGMA foreign_key_check');",
    );
    const err = await upgrade(s.engine, { directory: s.directory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toMatch(/failed at execute: foreign key check failed: 1 row\(s\) violate a foreign key \(first: table child, rowid 1, referencing parent\); SQL: PRAGMA foreign_key_check; rolled back: the database is still at aa1111/);
    expect(await rows(s.engine, 'SELECT COUNT(*) AS n FROM child')).toEqual([{ n: 0 }]);
  });

  it('a statement that cannot run in a transaction commits the part before it; the version row follows', async () => {
    const s = await setup({ plan: (op) => (op.kind === 'execute' && op.sql.startsWith('NOTX ') ? [{ sql: op.sql.slice(5), transactional: false }] : null) });
    s.migration('aa1111', null, "op.execute('CREATE TABLE a (x INTEGER)'); op.execute('NOTX CREATE TABLE b (x INTEGER)'); op.execute('CREATE TABLE c (x INTEGER)');");
    await upgrade(s.engine, { directory: s.directory });
    const i = s.log.indexOf('CREATE TABLE a (x INTEGER)');
    expect(s.log.slice(i, i + 8)).toEqual([
      'CREATE TABLE a (x INTEGER)',
      expect.stringMatching(/^INSERT INTO "orm_migrations"/),
      'COMMIT',
      'CREATE TABLE b (x INTEGER)',
      'BEGIN IMMEDIATE',
      'CREATE TABLE c (x INTEGER)',
      expect.stringMatching(/^UPDATE "orm_migrations" SET "status" = 'applied'/),
      'COMMIT',
    ]);
    expect(await rows(s.engine, 'SELECT status FROM orm_migrations')).toEqual([{ status: 'applied' }]);
  });

  it('without transactional DDL a failure is recorded with its statement and blocks the next run until resolved', async () => {
    const s = await setup({ transactionalDdl: false });
    s.migration('aa1111', null, "op.execute('CREATE TABLE a (x INTEGER)');", "op.execute('DROP TABLE a');");
    s.migration('bb2222', 'aa1111', "op.execute('CREATE TABLE b (x INTEGER)'); op.execute('INSERT INTO nowhere VALUES (1)');");
    const err = await upgrade(s.engine, { directory: s.directory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toMatch(
      /failed at execute: .*nowhere.*; SQL: INSERT INTO nowhere VALUES \(1\); part of it is committed \(this database cannot roll DDL back\), so bb2222 is recorded as failed: repair the database, then run `orm migrate resolve bb2222 --applied` or `--rolled-back`/,
    );
    expect(await rows(s.engine, 'SELECT revision, status, failed_statement FROM orm_migrations ORDER BY revision')).toEqual([
      { revision: 'aa1111', status: 'applied', failed_statement: null },
      { revision: 'bb2222', status: 'failed', failed_statement: 'INSERT INTO nowhere VALUES (1)' },
    ]);
    // The statement before the failure stayed: that is why it must be resolved by hand.
    expect((await s.engine.introspect()).tables.map((t) => t.name)).toContain('b');

    await expect(upgrade(s.engine, { directory: s.directory })).rejects.toThrow(/failed part-way at `INSERT INTO nowhere VALUES \(1\)`/);
    expect((await currentStatus(s.engine, { directory: s.directory })).state.failed.map((r) => r.revision)).toEqual(['bb2222']);
    await s.engine.execute('DROP TABLE b');
    await resolveFailed(s.engine, { directory: s.directory, revision: 'bb2222', resolution: 'rolled-back' });
    await expect(downgrade(s.engine, { directory: s.directory, target: 'base' })).resolves.toMatchObject({ to: [] });
    expect((await s.engine.introspect()).tables.map((t) => t.name)).toEqual(['orm_migrations']);
  });

  it('without transactional DDL a successful migration is marked in progress first, then applied', async () => {
    const s = await setup({ transactionalDdl: false });
    s.migration('aa1111', null, "op.execute('CREATE TABLE a (x INTEGER)');");
    await upgrade(s.engine, { directory: s.directory });
    const i = s.log.findIndex((l) => l.startsWith('INSERT INTO "orm_migrations"'));
    expect(s.log.slice(i, i + 3)).toEqual([expect.stringMatching(/^INSERT INTO/), 'CREATE TABLE a (x INTEGER)', expect.stringMatching(/^UPDATE "orm_migrations" SET "status" = 'applied'/)]);
    expect(s.log).not.toContain('BEGIN IMMEDIATE');
  });

  it('raw SQL is followed by a fresh read of the schema for the next migration', async () => {
    const s = await setup();
    s.migration('aa1111', null, "op.execute('CREATE TABLE raw (id INTEGER PRIMARY KEY)');");
    s.migration('bb2222', 'aa1111', "op.createIndex('raw', 'ix_raw_id', ['id']);");
    await expect(upgrade(s.engine, { directory: s.directory })).resolves.toMatchObject({ to: ['bb2222'] });
  });

  it('consecutive additive migrations share one transaction, each in its own savepoint', async () => {
    const s = await setup();
    s.migration('aa1111', null, "op.createTable('a', { id: integer().primaryKey() });");
    s.migration('bb2222', 'aa1111', "op.createTable('b', { id: integer().primaryKey() }); op.addColumn('a', 'n', integer());");
    s.migration('cc3333', 'bb2222', "op.createIndex('a', 'ix_a_n', ['n']);");
    const done: string[] = [];
    const result = await upgrade(s.engine, { directory: s.directory, onEvent: (e) => void (e.type === 'done' && done.push(e.revision)) });
    expect(result.steps.map((x) => x.revision)).toEqual(['aa1111', 'bb2222', 'cc3333']);
    expect(done).toEqual(['aa1111', 'bb2222', 'cc3333']);
    const run = s.log.slice(s.log.indexOf('BEGIN IMMEDIATE', s.log.findIndex((l) => l.startsWith('CREATE TABLE "orm_migrations"'))));
    expect(run.filter((l) => l === 'BEGIN IMMEDIATE' || l === 'COMMIT')).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    expect(run.filter((l) => l.startsWith('SAVEPOINT') || l.startsWith('RELEASE'))).toEqual(Array(3).fill(['SAVEPOINT orm_migration', 'RELEASE SAVEPOINT orm_migration']).flat());
    // The three version rows go in one INSERT, in the same transaction, just before the commit.
    expect(run.filter((l) => l.startsWith('INSERT INTO "orm_migrations"'))).toHaveLength(1);
    expect(run[run.length - 2]).toMatch(/^INSERT INTO "orm_migrations"/);
    expect(await rows(s.engine, 'SELECT revision, status FROM orm_migrations ORDER BY revision')).toEqual([
      { revision: 'aa1111', status: 'applied' },
      { revision: 'bb2222', status: 'applied' },
      { revision: 'cc3333', status: 'applied' },
    ]);
  });

  it('a failing statement in a shared transaction rolls back only its migration; the ones before stay applied', async () => {
    const s = await setup({ plan: (op) => (op.kind === 'createTable' && op.table.name === 'c' ? [{ sql: 'CREATE TABLE c (id INTEGER PRIMARY KEY, bad BOGUS(' }] : null) });
    s.migration('aa1111', null, "op.createTable('a', { id: integer().primaryKey() });");
    s.migration('bb2222', 'aa1111', "op.createTable('b', { id: integer().primaryKey() });");
    s.migration('cc3333', 'bb2222', "op.createTable('c', { id: integer().primaryKey() });");
    const err = await upgrade(s.engine, { directory: s.directory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as Error).message).toMatch(/upgrade .*_cc3333_m\.ts failed at createTable c: .*; SQL: CREATE TABLE c .*; rolled back: the database is still at bb2222 \(m\)$/);
    expect(s.log.slice(-5)).toEqual([
      'CREATE TABLE c (id INTEGER PRIMARY KEY, bad BOGUS(',
      'ROLLBACK TO SAVEPOINT orm_migration',
      'RELEASE SAVEPOINT orm_migration',
      expect.stringMatching(/^INSERT INTO "orm_migrations" .* VALUES \(\?, \?, CURRENT_TIMESTAMP, \?, 'applied'\), \(\?, \?, CURRENT_TIMESTAMP, \?, 'applied'\)$/),
      'COMMIT',
    ]);
    expect((await s.engine.introspect({ exclude: ['orm_migrations'] })).tables.map((t) => t.name)).toEqual(['a', 'b']);
    expect((await currentStatus(s.engine, { directory: s.directory })).state.heads).toEqual(['bb2222']);
    expect(await rows(s.engine, 'SELECT revision, status FROM orm_migrations ORDER BY revision')).toEqual([
      { revision: 'aa1111', status: 'applied' },
      { revision: 'bb2222', status: 'applied' },
    ]);
  });

  it('a migration that is not purely additive runs in a transaction of its own, and one that throws keeps the ones before', async () => {
    const s = await setup();
    s.migration('aa1111', null, "op.createTable('a', { id: integer().primaryKey() });");
    s.migration('bb2222', 'aa1111', "op.createTable('b', { id: integer().primaryKey() });");
    s.migration('cc3333', 'bb2222', "op.execute('CREATE TABLE c (id INTEGER)');");
    s.migration('dd4444', 'cc3333', "op.createTable('d', { id: integer().primaryKey() });");
    s.migration('ee5555', 'dd4444', "throw new Error('not today');");
    const err = await upgrade(s.engine, { directory: s.directory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/_ee5555_m\.ts: upgrade\(\) failed: not today/);
    const run = s.log.slice(s.log.findIndex((l) => l.startsWith('CREATE TABLE "a"')));
    const boundaries = run.filter((l) => l === 'COMMIT' || l.startsWith('CREATE TABLE'));
    // After raw SQL the schema is read again in a read-only transaction of its own: the COMMIT after c's.
    expect(boundaries).toEqual([expect.stringMatching(/^CREATE TABLE "a"/), expect.stringMatching(/^CREATE TABLE "b"/), 'COMMIT', 'CREATE TABLE c (id INTEGER)', 'COMMIT', 'COMMIT', expect.stringMatching(/^CREATE TABLE "d"/), 'COMMIT']);
    expect((await currentStatus(s.engine, { directory: s.directory })).state.heads).toEqual(['dd4444']);
  });

  it('stamp and current through the API', async () => {
    const s = await setup();
    s.migration('aa1111', null, "op.createTable('t', { id: integer().primaryKey() });");
    expect(await stamp(s.engine, { directory: s.directory, target: 'head' })).toMatchObject({ from: [], to: ['aa1111'], added: ['aa1111'] });
    const status = await currentStatus(s.engine, { directory: s.directory });
    expect(status).toMatchObject({ atHead: true, pending: [], fileHeads: ['aa1111'] });
    await expect(upgrade(s.engine, { directory: s.directory, target: 'nope' })).rejects.toThrow(MigrationError);
  });
});
