import { expect, it } from 'vitest';
import { createEngine } from '../src/engine/engine.js';
import { describeDialects } from './support/databases.js';
import type { Project } from './support/migrations.js';
import { createProject, oneLine } from './support/migrations.js';

const STEPS = 12;

/** A log table, then STEPS migrations that each create a table and log themselves; upgrade(op) is slow on purpose. */
function writeLoggedMigrations(p: Project): void {
  p.migration({
    revision: 'r00000',
    down: null,
    upgrade: "op.createTable('log', { id: integer().primaryKey(), rev: varchar(20).notNull() });",
    downgrade: "op.dropTable('log');",
  });
  for (let i = 1; i <= STEPS; i++) {
    const rev = `r${String(i).padStart(5, '0')}`;
    const prev = `r${String(i - 1).padStart(5, '0')}`;
    p.migration({
      revision: rev,
      down: prev,
      // The pause widens the window in which the other process can get in between.
      upgrade: `await new Promise((r) => setTimeout(r, 15)); op.createTable('t_${i}', { id: integer().primaryKey() }); op.execute("INSERT INTO log (rev) VALUES ('${rev}')");`,
      downgrade: `op.dropTable('t_${i}');`,
    });
  }
}

/** Concurrent runners, as issue 5 asks: ten at once. */
const RUNNERS = 10;

describeDialects('concurrent orm upgrade', (dialect) => {
  it(`${RUNNERS} processes upgrading at once apply each revision exactly once`, async () => {
    const p = await createProject(dialect);
    writeLoggedMigrations(p);
    const results = await Promise.all(Array.from({ length: RUNNERS }, () => p.orm(['upgrade', '--json'])));
    for (const r of results) expect(r.code, r.stderr + r.stdout).toBe(0);
    // Between them the runs report every revision once: none twice, none missing.
    const applied = results.flatMap((r) => JSON.parse(r.stdout).steps.map((s: { revision: string }) => s.revision)).sort();
    expect(applied).toEqual(['r00000', ...Array.from({ length: STEPS }, (_, i) => `r${String(i + 1).padStart(5, '0')}`)]);
    // ... and so do their side effects and the version table.
    const log = await p.query('SELECT rev, COUNT(*) AS n FROM log GROUP BY rev ORDER BY rev');
    expect(log.map((r) => [r.rev, Number(r.n)])).toEqual(applied.slice(1).map((rev) => [rev, 1]));
    const versions = await p.query('SELECT revision, status FROM orm_migrations ORDER BY revision');
    expect(versions).toEqual(applied.map((revision) => ({ revision, status: 'applied' })));
    expect((await p.tables()).filter((t) => t.startsWith('t_'))).toHaveLength(STEPS);
    const again = await p.orm(['upgrade']);
    expect(again.stdout).toContain('Nothing to upgrade');
  }, 120_000);

  it('a second upgrade started after the first finds nothing to do', async () => {
    const p = await createProject(dialect);
    writeLoggedMigrations(p);
    const first = p.orm(['upgrade', '--json']);
    await new Promise((r) => setTimeout(r, 50));
    const second = p.orm(['upgrade', '--json']);
    const [a, b] = await Promise.all([first, second]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(a.stdout).steps.length + JSON.parse(b.stdout).steps.length).toBe(STEPS + 1);
  });

  it('gives up after --lock-timeout while another runner holds the lock, says so (exit 3), and changes nothing', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('users', { id: integer().primaryKey() });" });
    // Another runner: the dialect's migration lock (SQLite: a write transaction, which is what its runner waits on).
    const holder = await createEngine(p.db.url);
    const conn = await holder.connect();
    const release = await holder.dialect.acquireMigrationLock(conn.raw, { key: 'orm_migrations', timeoutMs: 1_000 });
    if (dialect === 'sqlite') await conn.begin({ immediate: true });
    try {
      const r = await p.orm(['upgrade', '--lock-timeout', '400']);
      expect(r.code).toBe(3);
      expect(oneLine(r)).toMatch(/^error: waited 400 ms for another migration run on this database to finish \(raise the lock timeout to wait longer\): /);
    } finally {
      if (conn.inTransaction) await conn.rollback();
      await release();
      conn.release();
      await holder.close();
    }
    expect(await p.tables()).not.toContain('users');
    const ok = await p.orm(['upgrade', '--lock-timeout', '400']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await p.tables()).toContain('users');
  });
});
