import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDialects } from './support/databases.js';
import { createProject, oneLine } from './support/migrations.js';

const users = {
  upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });",
  downgrade: "op.dropTable('users');",
};
const posts = {
  upgrade: "op.createTable('posts', { id: integer().primaryKey(), title: text() }); op.createIndex('posts', 'ix_posts_title', ['title']);",
  downgrade: "op.dropTable('posts');",
};
const tags = { upgrade: "op.createTable('tags', { id: integer().primaryKey() });", downgrade: "op.dropTable('tags');" };

describeDialects('orm migration commands', (dialect) => {
  it('revision, upgrade, current, history, downgrade: the whole flow on hand-written migrations', async () => {
    const p = await createProject(dialect);
    const first = await p.orm(['migrate', 'revision', '-m', 'create users']);
    expect(first.code).toBe(0);
    const [file1] = p.files();
    expect(file1).toMatch(/^\d{8}_\d{4}_[0-9a-f]{12}_create_users\.ts$/);
    const rev1 = /_([0-9a-f]{12})_/.exec(file1!)![1]!;
    const text1 = p.read(file1!);
    expect(text1).toContain(`export const revision = '${rev1}';`);
    expect(text1).toContain('export const downRevision = null;');
    expect(text1).toContain("export const message = 'create users';");
    expect(text1).toMatch(/Parent: +\(none: first migration\)/);
    p.write(file1!, text1.replace("import type { MigrationOp } from 'ormkit';", "import type { MigrationOp } from 'ormkit';\nimport { integer, varchar } from 'ormkit';").replace(/(upgrade\(op: MigrationOp\): Promise<void> \{\n)/, `$1  ${users.upgrade}\n`).replace(/(downgrade\(op: MigrationOp\): Promise<void> \{\n)/, `$1  ${users.downgrade}\n`));

    const second = await p.orm(['revision', '-m', 'Seed admins!', '--json']);
    expect(second.code).toBe(0);
    const rev2 = JSON.parse(second.stdout).revision as string;
    expect(JSON.parse(second.stdout).parents).toEqual([rev1]);
    const file2 = p.files().find((f) => f.includes(rev2))!;
    expect(file2).toMatch(/_seed_admins\.ts$/);
    p.write(file2, p.read(file2).replace(/(upgrade\(op: MigrationOp\): Promise<void> \{\n)/, "$1  op.execute(\"INSERT INTO users (name) VALUES ('ada'), ('grace')\");\n").replace(/(downgrade\(op: MigrationOp\): Promise<void> \{\n)/, "$1  op.execute(\"DELETE FROM users WHERE name IN ('ada', 'grace')\");\n"));

    const before = await p.orm(['current']);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('base (no migration applied)');
    expect(before.stdout).toContain('2 migration(s) pending');

    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`applied +${rev1} migrations/${file1}`));
    expect(up.stdout).toContain(`2 migration(s) applied; the database is at ${rev2}.`);
    expect(await p.query('SELECT name FROM users ORDER BY name')).toEqual([{ name: 'ada' }, { name: 'grace' }]);
    const rows = await p.query('SELECT revision, status, duration_ms, checksum FROM orm_migrations');
    expect(rows.map((r) => r.revision).sort()).toEqual([rev1, rev2].sort());
    expect(rows.every((r) => r.status === 'applied' && String(r.checksum).length === 64)).toBe(true);

    const current = await p.orm(['current', '--json']);
    expect(JSON.parse(current.stdout)).toMatchObject({ current: [{ revision: rev2, message: 'Seed admins!' }], atHead: true, pending: [] });

    const noop = await p.orm(['upgrade']);
    expect(noop.stdout).toContain(`Nothing to upgrade: the database is at ${rev2}.`);

    const history = await p.orm(['history']);
    expect(history.stdout.split('\n')[0]).toContain(`${rev1} -> ${rev2} (head) Seed admins!`);
    expect(history.stdout).toContain(`<base> -> ${rev1} (base) create users`);
    const marked = await p.orm(['history', '-i', '--json']);
    expect(JSON.parse(marked.stdout).map((e: { current: boolean }) => e.current)).toEqual([true, false]);

    const down = await p.orm(['downgrade', '-1']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`the database is at ${rev1}.`);
    expect(await p.query('SELECT COUNT(*) AS n FROM users')).toEqual([{ n: 0 }]);
    const base = await p.orm(['downgrade', 'base']);
    expect(base.code).toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations']);
  });

  it('targets: +N, a unique prefix, head-1, -N, a revision kept applied', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', ...posts });
    p.migration({ revision: 'cc3333', down: 'bb2222', ...tags });
    expect((await p.orm(['upgrade', '+1'])).stdout).toContain('the database is at aa1111');
    expect((await p.orm(['upgrade', 'b'])).stdout).toContain('the database is at bb2222');
    expect((await p.orm(['upgrade', 'head'])).stdout).toContain('the database is at cc3333');
    expect((await p.orm(['downgrade', 'head-1'])).stdout).toContain('the database is at bb2222');
    expect(await p.tables()).toEqual(['orm_migrations', 'posts', 'users']);
    await p.orm(['upgrade']);
    expect((await p.orm(['downgrade', 'aa'])).stdout).toContain('2 migration(s) reverted; the database is at aa1111.');

    const notApplied = await p.orm(['downgrade', 'cc']);
    expect(notApplied.code).toBe(2);
    expect(oneLine(notApplied)).toContain('revision cc3333 is not applied (the database is at aa1111)');
    const tooFar = await p.orm(['upgrade', '+5']);
    expect(tooFar.code).toBe(2);
    expect(oneLine(tooFar)).toContain("'+5': only 2 migration(s) are not applied yet");
  });

  it('two heads: upgrade head refuses with the merge command; merge joins them; history --graph draws it', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', ...posts });
    p.migration({ revision: 'cc3333', down: 'aa1111', ...tags });

    const refused = await p.orm(['upgrade']);
    expect(refused.code).toBe(2);
    expect(oneLine(refused)).toContain('there are 2 heads: bb2222 (step), cc3333 (step); merge them with `orm merge bb2222 cc3333 -m "merge heads"`');
    expect(await p.tables()).toEqual(['orm_migrations']);

    const heads = await p.orm(['heads']);
    expect(heads.stdout).toMatch(/bb2222 \(head\)[\s\S]*cc3333 \(head\)[\s\S]*orm merge bb2222 cc3333/);
    const revision = await p.orm(['migrate', 'revision', '-m', 'on top']);
    expect(revision.code).toBe(2);
    expect(oneLine(revision)).toContain('pick the parent with --head <revision>');

    const merge = await p.orm(['merge', 'bb', 'cc', '-m', 'join branches', '--json']);
    expect(merge.code, merge.stderr).toBe(0);
    const m = JSON.parse(merge.stdout) as { revision: string; parents: string[]; path: string };
    expect(m.parents).toEqual(['bb2222', 'cc3333']);
    expect(readFileSync(m.path, 'utf8')).toContain("export const downRevision = ['bb2222', 'cc3333'];");

    const graph = await p.orm(['history', '--graph']);
    expect(graph.stdout.trim().split('\n')).toEqual([
      `* ${m.revision} (head, mergepoint) join branches`,
      '|\\',
      '| * cc3333 step',
      '* | bb2222 step',
      '|/',
      '* aa1111 (branchpoint, base) step',
    ]);
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations', 'posts', 'tags', 'users']);
    const down = await p.orm(['downgrade', 'aa1111']);
    expect(down.stdout).toContain('3 migration(s) reverted');
    expect(await p.tables()).toEqual(['orm_migrations', 'users']);

    const single = await p.orm(['merge', 'aa1111', m.revision, '-m', 'x']);
    expect(single.code).toBe(2);
    expect(oneLine(single)).toContain(`aa1111 is already an ancestor of ${m.revision}`);
  });

  it('upgrade heads applies every branch without a merge', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', ...posts });
    p.migration({ revision: 'cc3333', down: 'aa1111', ...tags });
    const up = await p.orm(['upgrade', 'heads']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain('the database is at bb2222, cc3333');
    const current = await p.orm(['current']);
    expect(current.stdout).toMatch(/bb2222 \(head\)[\s\S]*cc3333 \(head\)/);
  });

  it('stamp records a revision without running it; base clears', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', ...posts });
    const s = await p.orm(['stamp', 'head']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('stamped aa1111');
    expect(s.stdout).toContain('The database is recorded at bb2222');
    expect(await p.tables()).toEqual(['orm_migrations']);
    expect((await p.orm(['upgrade'])).stdout).toContain('Nothing to upgrade');
    const b = await p.orm(['stamp', 'aa', '--json']);
    expect(JSON.parse(b.stdout)).toMatchObject({ from: ['bb2222'], to: ['aa1111'], removed: ['bb2222'], added: [] });
    await p.orm(['stamp', 'base']);
    expect(await p.query('SELECT COUNT(*) AS n FROM orm_migrations')).toEqual([{ n: 0 }]);
  });

  it('show describes a revision without a database', async () => {
    const p = await createProject(dialect, { url: 'sqlite:///no/such/dir/x.db' });
    p.migration({ revision: 'aa1111', down: null, message: 'first' });
    p.migration({ revision: 'bb2222', down: 'aa1111', message: 'second' });
    const show = await p.orm(['show', 'aa']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Revision: aa1111 (base)');
    expect(show.stdout).toContain('Children: bb2222');
    expect(show.stdout).toContain('Message:  first');
    expect(show.stdout).toContain('(no operations)');
    const json = await p.orm(['show', 'head', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ revision: 'bb2222', parents: ['aa1111'], head: true, operations: [] });
    expect((await p.orm(['show', 'zz'])).code).toBe(2);
  });

  it('uses the configured version table name', async () => {
    const p = await createProject(dialect, { versionTable: 'schema_versions' });
    p.migration({ revision: 'aa1111', down: null, ...users });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    expect(await p.tables()).toEqual(['schema_versions', 'users']);
    const inspect = await p.orm(['inspect', '--json']);
    expect(JSON.parse(inspect.stdout).tables.map((t: { name: string }) => t.name)).toEqual(['users']);
  });

  it('reads the graph from file text: an applied migration whose module would throw is never imported', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    const [file] = p.files();
    const text = p.read(file!);
    p.write(file!, `${text}\nthrow new Error('imported!');\n`);
    await p.orm(['migrate', 'rehash', 'aa1111']);
    p.migration({ revision: 'bb2222', down: 'aa1111', ...posts });
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect((await p.orm(['history'])).code).toBe(0);
  });

  it('falls back to importing a file whose exports are computed', async () => {
    const p = await createProject(dialect);
    p.migration({
      revision: 'aa1111',
      down: null,
      text: [
        "import { integer } from 'ormkit';",
        "export const revision = ['aa', '1111'].join('');",
        'export const downRevision = null;',
        "export const message = 'computed';",
        "export async function upgrade(op: any) { op.createTable('users', { id: integer().primaryKey() }); }",
        "export async function downgrade(op: any) { op.dropTable('users'); }",
      ].join('\n'),
    });
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations', 'users']);
  });

  it('--lock-timeout must be milliseconds', async () => {
    const p = await createProject(dialect);
    const r = await p.orm(['upgrade', '--lock-timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected milliseconds');
  });

  it('creates the migrations folder when it is missing', async () => {
    const p = await createProject(dialect, { migrations: 'db/migrations' });
    const r = await p.orm(['migrate', 'revision', '-m', 'first']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(join('db', 'migrations'));
  });
});
