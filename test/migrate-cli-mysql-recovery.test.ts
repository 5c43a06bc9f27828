/**
 * Issue 5 on MariaDB, through the CLI: DDL commits as it goes, so a migration that fails
 * midway is recorded as failed with the statement that failed; the next `upgrade` refuses
 * naming it; after the database is repaired by hand, `orm migrate resolve <rev>
 * --rolled-back` (the changes are gone) or `--applied` (they are all in place) clears it.
 */
import { expect, it } from 'vitest';
import { createProject, oneLine } from './support/migrations.js';
import type { Project } from './support/migrations.js';
import { describeMysql } from './support/mysql.js';

const BAD = 'INSERT INTO no_such_table (x) VALUES (1)';

/** aa1111 creates users; bb2222 creates posts, adds users.bio, then fails before creating tags. */
async function failedMidway(): Promise<Project> {
  const p = await createProject('mysql');
  p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('users', { id: integer().primaryKey() });", downgrade: "op.dropTable('users');" });
  p.migration({
    revision: 'bb2222',
    down: 'aa1111',
    message: 'posts and tags',
    upgrade: `op.createTable('posts', { id: integer().primaryKey() }); op.addColumn('users', 'bio', text()); op.execute('${BAD}'); op.createTable('tags', { id: integer().primaryKey() });`,
    downgrade: "op.dropTable('tags'); op.dropColumn('users', 'bio'); op.dropTable('posts');",
  });
  const r = await p.orm(['upgrade']);
  expect(r.code).toBe(3);
  expect(oneLine(r)).toMatch(
    /^error: upgrade migrations\/\S+_bb2222_posts_and_tags\.ts failed at execute: .*no_such_table.*; SQL: INSERT INTO no_such_table \(x\) VALUES \(1\); part of it is committed \(this database cannot roll DDL back\), so bb2222 is recorded as failed/,
  );
  return p;
}

const columns = async (p: Project, table: string) => (await p.query(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${table}' ORDER BY ordinal_position`)).map((r) => r.c);

describeMysql('failed migration recovery from the CLI', () => {
  it('records the failed statement, refuses the next upgrade naming it, and --rolled-back clears it after a repair', async () => {
    const p = await failedMidway();
    // What ran before the failure stayed; what came after did not run.
    expect(await p.tables()).toEqual(['orm_migrations', 'posts', 'users']);
    expect(await columns(p, 'users')).toEqual(['id', 'bio']);
    const rows = await p.query("SELECT revision, status, failed_statement, error FROM orm_migrations ORDER BY revision");
    expect(rows).toEqual([
      { revision: 'aa1111', status: 'applied', failed_statement: null, error: null },
      { revision: 'bb2222', status: 'failed', failed_statement: BAD, error: expect.stringContaining('no_such_table') },
    ]);
    expect((await p.orm(['current'])).stdout).toContain('failed: migration');

    const blocked = await p.orm(['upgrade']);
    expect(blocked.code).toBe(2);
    expect(oneLine(blocked)).toMatch(
      /migration migrations\/\S+_bb2222_posts_and_tags\.ts \(bb2222\) failed part-way at `INSERT INTO no_such_table \(x\) VALUES \(1\)`: .*no_such_table.*; repair the database by hand, then run `orm migrate resolve bb2222 --applied` \(its changes are in place\) or `orm migrate resolve bb2222 --rolled-back` \(they are not\)/,
    );
    expect((await p.orm(['downgrade', 'base'])).code).not.toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations', 'posts', 'users']);

    // The repair: undo what ran, fix the migration, then say so.
    await p.query('DROP TABLE posts');
    await p.query('ALTER TABLE users DROP COLUMN bio');
    const file = p.files().find((f) => f.includes('bb2222'))!;
    p.write(file, p.read(file).replace(`op.execute('${BAD}'); `, ''));
    const resolved = await p.orm(['migrate', 'resolve', 'bb2222', '--rolled-back']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toContain('resolved bb2222 as rolled-back');
    expect(await p.query("SELECT revision FROM orm_migrations ORDER BY revision")).toEqual([{ revision: 'aa1111' }]);

    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations', 'posts', 'tags', 'users']);
    expect(await p.query("SELECT revision, status FROM orm_migrations ORDER BY revision")).toEqual([
      { revision: 'aa1111', status: 'applied' },
      { revision: 'bb2222', status: 'applied' },
    ]);
    const down = await p.orm(['downgrade', 'base']);
    expect(down.code, down.stderr).toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations']);
  });

  it('--applied keeps the revision once the rest was done by hand; downgrade then undoes all of it', async () => {
    const p = await failedMidway();
    await p.query('CREATE TABLE tags (id INT AUTO_INCREMENT PRIMARY KEY)');
    const resolved = await p.orm(['migrate', 'resolve', 'bb2222', '--applied']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(await p.query("SELECT status, failed_statement FROM orm_migrations WHERE revision = 'bb2222'")).toEqual([{ status: 'applied', failed_statement: null }]);
    expect((await p.orm(['upgrade'])).stdout).toContain('Nothing to upgrade');
    const down = await p.orm(['downgrade', 'aa1111']);
    expect(down.code, down.stderr).toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations', 'users']);
    expect(await columns(p, 'users')).toEqual(['id']);
  });
});
