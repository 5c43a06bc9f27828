/**
 * `op.createIndex(…, { concurrently: true })` and `op.dropIndex(…, { concurrently: true })`
 * from a migration file, through the CLI: on PostgreSQL CREATE/DROP INDEX CONCURRENTLY
 * outside the migration's transaction (and lint says so, ORM009); elsewhere a plain index.
 */
import { expect, it } from 'vitest';
import { createEngine } from '../src/engine/engine.js';
import { describeDialects } from './support/databases.js';
import { createProject, oneLine } from './support/migrations.js';

describeDialects('concurrently built indexes from a migration file', (dialect) => {
  it('upgrade builds the index, downgrade drops it; --sql and lint show where it runs', async () => {
    const p = await createProject(dialect);
    p.migration({
      revision: 'aa1111',
      down: null,
      upgrade: "op.createTable('events', { id: integer().primaryKey(), kind: varchar(20).notNull(), at: integer() });",
      downgrade: "op.dropTable('events');",
    });
    p.migration({
      revision: 'bb2222',
      down: 'aa1111',
      message: 'index events',
      upgrade: "op.createIndex('events', 'ix_events_kind_at', ['kind', 'at'], { concurrently: true });",
      downgrade: "op.dropIndex('events', 'ix_events_kind_at', { concurrently: true });",
    });
    const indexes = async () => {
      const engine = await createEngine(p.db.url);
      try {
        return (await engine.introspect({ only: ['events'] })).tables[0]?.indexes.map((i) => i.name) ?? [];
      } finally {
        await engine.close();
      }
    };

    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(await indexes()).toEqual(['ix_events_kind_at']);
    const versions = await p.query("SELECT status FROM orm_migrations WHERE revision = 'bb2222'");
    expect(versions).toEqual([{ status: 'applied' }]);
    if (dialect === 'postgres') {
      // A concurrent build that failed would leave an INVALID index behind.
      expect(await p.query("SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'ix_events_kind_at'::regclass")).toEqual([{ valid: true }]);
    }

    const lint = await p.orm(['migrate', 'lint', 'bb2222', '--json']);
    expect(lint.code, lint.stderr).toBe(0);
    const codes = JSON.parse(lint.stdout).flatMap((m: { findings: { code: string }[] }) => m.findings.map((f) => f.code));
    expect(codes.includes('ORM009')).toBe(dialect === 'postgres');

    const sql = await p.orm(['upgrade', '--sql', 'aa1111:bb2222']);
    expect(sql.code, sql.stderr).toBe(0);
    if (dialect === 'postgres') {
      expect(sql.stdout).toContain('COMMIT;\n-- cannot run inside a transaction:\nCREATE INDEX CONCURRENTLY "ix_events_kind_at" ON "events" ("kind", "at");\nBEGIN;');
    } else expect(sql.stdout).not.toContain('CONCURRENTLY');

    const down = await p.orm(['downgrade', '-1']);
    expect(down.code, down.stderr).toBe(0);
    expect(await indexes()).toEqual([]);
    expect(await p.query("SELECT COUNT(*) AS n FROM orm_migrations WHERE revision = 'bb2222'")).toEqual([{ n: 0 }]);
  });

  it.runIf(dialect === 'postgres')('a failure after the concurrent step leaves the migration recorded as failed until resolved', async () => {
    const p = await createProject(dialect);
    p.migration({
      revision: 'aa1111',
      down: null,
      message: 'half',
      upgrade:
        "op.createTable('events', { id: integer().primaryKey(), kind: varchar(20) }); op.createIndex('events', 'ix_events_kind', ['kind'], { concurrently: true }); op.execute('INSERT INTO nowhere VALUES (1)');",
      downgrade: "op.dropTable('events');",
    });
    const r = await p.orm(['upgrade']);
    expect(r.code).toBe(3);
    expect(oneLine(r)).toMatch(/failed at execute: .*nowhere.*; part of it is committed .* aa1111 is recorded as failed/);
    // The steps up to and including the index are committed; the rest is not.
    expect(await p.tables()).toEqual(['events', 'orm_migrations']);
    expect(await p.query('SELECT revision, status, failed_statement FROM orm_migrations')).toEqual([{ revision: 'aa1111', status: 'failed', failed_statement: 'INSERT INTO nowhere VALUES (1)' }]);
    expect(oneLine(await p.orm(['upgrade']))).toContain('orm migrate resolve aa1111 --applied');
    await p.query('DROP TABLE events');
    expect((await p.orm(['migrate', 'resolve', 'aa1111', '--rolled-back'])).code).toBe(0);
    expect(await p.query('SELECT COUNT(*)::int AS n FROM orm_migrations')).toEqual([{ n: 0 }]);
  });
});
