import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDialects } from './support/databases.js';
import { createProject, oneLine } from './support/migrations.js';

describeDialects('offline SQL scripts (--sql)', (dialect) => {
  const migrations = async () => {
    const p = await createProject(dialect);
    p.migration({
      revision: 'aa1111',
      down: null,
      message: 'users',
      upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() }); op.createIndex('users', 'ix_users_name', ['name']);",
      downgrade: "op.dropTable('users');",
    });
    p.migration({
      revision: 'bb2222',
      down: 'aa1111',
      message: 'seed',
      upgrade: "op.execute(\"INSERT INTO users (name) VALUES ('it''s ?')\", { reverse: 'DELETE FROM users' });",
      downgrade: "op.execute('DELETE FROM users');",
    });
    p.migration({ revision: 'cc3333', down: 'bb2222', message: 'posts', upgrade: "op.createTable('posts', { id: integer().primaryKey() });", downgrade: "op.dropTable('posts');" });
    return p;
  };

  it('upgrade --sql prints the whole script, version table included, without connecting', async () => {
    const p = await migrations();
    const r = await p.orm(['upgrade', '--sql']);
    expect(r.code, r.stderr).toBe(0);
    const sql = r.stdout;
    expect(sql).toMatch(/^-- ormkit upgrade script for \w+: base → head/);
    expect(sql).toMatch(/CREATE TABLE \S*orm_migrations\S* \(/);
    // One transaction per migration where DDL is transactional; MySQL commits DDL implicitly, so none.
    const transactions = dialect === 'mysql' ? 0 : 3;
    expect(sql.match(/^BEGIN;$/gm) ?? []).toHaveLength(transactions);
    expect(sql.match(/^COMMIT;$/gm) ?? []).toHaveLength(transactions);
    expect(sql).toMatch(new RegExp(`-- upgrade base → aa1111: users \\(migrations/\\S+_aa1111_users\\.ts\\)\\n${transactions ? 'BEGIN;\\n' : ''}CREATE TABLE \\S*users`));
    expect(sql).toContain("INSERT INTO users (name) VALUES ('it''s ?');");
    expect(sql).toMatch(new RegExp(`INSERT INTO \\S*orm_migrations\\S* .*VALUES \\('bb2222', '[0-9a-f]{64}', CURRENT_TIMESTAMP, 0, 'applied', NULL, NULL\\);${transactions ? '\\nCOMMIT;' : ''}`));
    expect(sql.indexOf('aa1111')).toBeLessThan(sql.indexOf('-- upgrade aa1111 → bb2222'));
    // Nothing was created: the database was never opened.
    expect(await p.tables()).toEqual([]);
  });

  it('upgrade --sql from:to prints only that range, without the version table DDL', async () => {
    const p = await migrations();
    const r = await p.orm(['upgrade', '--sql', 'aa1111:cc3333']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/CREATE TABLE \S*orm_migrations/);
    expect(r.stdout).not.toContain('-- upgrade base → aa1111');
    expect(r.stdout).toContain('-- upgrade aa1111 → bb2222: seed');
    expect(r.stdout).toContain('-- upgrade bb2222 → cc3333: posts');
    const json = await p.orm(['upgrade', '--sql', 'aa:bb', '--json']);
    expect(JSON.parse(json.stdout).revisions).toEqual(['bb2222']);
  });

  it('downgrade --sql from:to undoes in reverse order and deletes the version rows', async () => {
    const p = await migrations();
    const r = await p.orm(['downgrade', '--sql', 'heads:aa1111']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.indexOf('-- downgrade cc3333 → bb2222')).toBeLessThan(r.stdout.indexOf('-- downgrade bb2222 → aa1111'));
    expect(r.stdout).toMatch(/DROP TABLE \S*posts\S*;/);
    expect(r.stdout).toMatch(/DELETE FROM \S*orm_migrations\S* WHERE \S*revision\S* = 'cc3333';/);
    expect(r.stdout).not.toContain("= 'aa1111'");
    const base = await p.orm(['downgrade', '--sql', 'base']);
    expect(base.stdout).toMatch(/DROP TABLE \S*users/);
  });

  it('needs only the dialect of the URL: a file that cannot be opened is fine', async () => {
    const p = await migrations();
    const unreachable = dialect === 'sqlite' ? 'sqlite:///no/such/dir/app.db' : dialect === 'postgres' ? 'postgresql://nobody@127.0.0.1:1/none' : 'mysql://nobody@127.0.0.1:1/none';
    const r = await p.orm(['upgrade', '--sql', '--url', unreachable]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(p.cwd, 'no'))).toBe(false);
    const online = await p.orm(['upgrade', '--url', unreachable]);
    expect(online.code).toBe(3);
  });

  it('a bad range is one line, exit 2', async () => {
    const p = await migrations();
    const r = await p.orm(['downgrade', '--sql', '+1:base']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain("the start of an offline range must be a revision, head(s) or base, not '+1'");
  });
});
