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

describeDialects('concurrent orm upgrade', (dialect) => {
  it('two processes upgrading at once apply each revision exactly once', async () => {
    const p = await createProject(dialect);
    writeLoggedMigrations(p);
    const [a, b] = await Promise.all([p.orm(['upgrade', '--json']), p.orm(['upgrade', '--json'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const applied = [...JSON.parse(a.stdout).steps, ...JSON.parse(b.stdout).steps].map((s: { revision: string }) => s.revision).sort();
    expect(applied).toHaveLength(STEPS + 1);
    expect(new Set(applied).size).toBe(STEPS + 1);
    const log = await p.query('SELECT rev, COUNT(*) AS n FROM log GROUP BY rev ORDER BY rev');
    expect(log).toHaveLength(STEPS);
    expect(log.every((r) => Number(r.n) === 1)).toBe(true);
    expect(await p.query('SELECT COUNT(*) AS n FROM orm_migrations')).toEqual([{ n: STEPS + 1 }]);
    const again = await p.orm(['upgrade']);
    expect(again.stdout).toContain('Nothing to upgrade');
  });

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

  it.runIf(dialect === 'sqlite')('waits up to --lock-timeout for a writer holding the database, then says so (exit 3)', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('users', { id: integer().primaryKey() });" });
    const holder = await createEngine(p.db.url);
    const conn = await holder.connect();
    try {
      await conn.begin({ immediate: true });
      const started = Date.now();
      const r = await p.orm(['upgrade', '--lock-timeout', '400']);
      expect(r.code).toBe(3);
      expect(oneLine(r)).toContain('waited 400 ms for another migration run on this database to finish');
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    } finally {
      await conn.rollback();
      conn.release();
      await holder.close();
    }
    const ok = await p.orm(['upgrade', '--lock-timeout', '400']);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
