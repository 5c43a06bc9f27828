import { expect, it } from 'vitest';
import { createEngine } from '../src/engine/engine.js';
import { describeDialects } from './support/databases.js';
import { createProject, oneLine } from './support/migrations.js';

const users = {
  upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });",
  downgrade: "op.dropTable('users');",
};

describeDialects('orm migration error paths', (dialect) => {
  it('a failing statement rolls the whole migration back: one line naming file, operation and SQL; exit 3', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({
      revision: 'bb2222',
      down: 'aa1111',
      message: 'broken',
      upgrade: "op.createTable('posts', { id: integer().primaryKey() }); op.execute('INSERT INTO no_such_table (x) VALUES (1)');",
      downgrade: "op.dropTable('posts');",
    });
    const r = await p.orm(['upgrade']);
    expect(r.code).toBe(3);
    const line = oneLine(r);
    if (dialect === 'mysql') {
      // MySQL commits DDL implicitly: the CREATE TABLE stays, and the revision is recorded as failed.
      expect(line).toMatch(/^error: upgrade migrations\/20240101_\d+_bb2222_broken\.ts failed at execute: .*no_such_table.*; SQL: INSERT INTO no_such_table \(x\) VALUES \(1\); part of it is committed .* recorded as failed: repair the database, then run `orm migrate resolve bb2222 --applied` or `--rolled-back`$/);
      expect(await p.tables()).toEqual(['orm_migrations', 'posts', 'users']);
      const again = await p.orm(['upgrade']);
      expect(again.code).not.toBe(0);
      expect(oneLine(again)).toContain('bb2222');
      return;
    }
    expect(line).toMatch(/^error: upgrade migrations\/20240101_\d+_bb2222_broken\.ts failed at execute: .*no_such_table.*; SQL: INSERT INTO no_such_table \(x\) VALUES \(1\); rolled back: the database is still at aa1111 \(step\)$/);
    expect(await p.tables()).toEqual(['orm_migrations', 'users']);
    const current = await p.orm(['current', '--json']);
    expect(JSON.parse(current.stdout).current).toEqual([expect.objectContaining({ revision: 'aa1111' })]);
    const json = await p.orm(['upgrade', '--json']);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'DATABASE', details: { revision: 'bb2222', operation: 'execute', sql: 'INSERT INTO no_such_table (x) VALUES (1)', rolledBack: true } });
  });

  it('a migration adding a foreign key the database would refuse (ORM010) stops before it, nothing of it run; --skip-lint runs it', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({
      revision: 'bb2222',
      down: 'aa1111',
      message: 'posts',
      upgrade: "op.createTable('tags', { id: integer().primaryKey() }); op.createTable('posts', { id: integer().primaryKey(), user_id: varchar(20).references('users.id').index() });",
      downgrade: "op.dropTable('posts'); op.dropTable('tags');",
    });
    const r = await p.orm(['upgrade']);
    if (dialect === 'sqlite') {
      // SQLite compares any two types: nothing to refuse.
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return;
    }
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(
      /^error: upgrade stopped before migrations\/20240101_\d+_bb2222_posts\.ts \(bb2222\), nothing of it run: ORM010 foreign key 'fk_posts_user_id_users' \(posts\.user_id → users\.id\): .* refuses? a foreign key between .*; fix the migration, or run with --skip-lint if the database accepts it$/,
    );
    // The migration before it is applied; none of this one's tables exist (on MySQL 'tags' would have been committed).
    expect(await p.tables()).toEqual(['orm_migrations', 'users']);
    const current = await p.orm(['current', '--json']);
    expect(JSON.parse(current.stdout).current).toEqual([expect.objectContaining({ revision: 'aa1111' })]);
    // Skipped, the database itself refuses it.
    const forced = await p.orm(['upgrade', '--skip-lint']);
    expect(forced.code).toBe(3);
    expect(oneLine(forced)).toMatch(/failed at createTable posts/);
  });

  it('a migration whose upgrade() throws names the file and changes nothing', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.addColumn('nope', 'x', integer());" });
    const r = await p.orm(['upgrade']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/_aa1111_step\.ts: upgrade\(\) failed: addColumn: table 'nope' does not exist at this point of the migration/);
    expect(await p.tables()).toEqual(['orm_migrations']);
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['no revision export', "export const downRevision = null;\nexport async function upgrade() {}\nexport async function downgrade() {}\n", /bad\.ts: not a migration: it exports no 'revision' \(helper modules in the migrations folder must start with _\)/],
    ['a syntax error', "export const revision = 'aa1111';\nexport const downRevision = null;\nexport async function upgrade( {\n", /bad\.ts: failed to load: /],
    ['a missing downgrade', "export const revision = 'aa1111';\nexport const downRevision = null;\nexport async function upgrade() {}\n", /bad\.ts: missing export 'downgrade'/],
    ['a bad downRevision', "export const revision = 'aa1111';\nexport const downRevision = 42;\nexport async function upgrade() {}\nexport async function downgrade() {}\n", /bad\.ts: 'downRevision' must be null, a revision string or an array of them, got 42/],
  ];
  for (const [name, text, pattern] of malformed) {
    it(`a malformed migration file (${name}) is one line naming it; exit 2`, async () => {
      const p = await createProject(dialect);
      p.migration({ revision: 'x', down: null, name: 'bad.ts', text });
      for (const args of [['upgrade'], ['history'], ['heads']]) {
        const r = await p.orm(args);
        expect(r.code).toBe(2);
        expect(oneLine(r)).toMatch(pattern);
      }
    });
  }

  it('a syntax error in the body of a migration is reported when it runs, naming the file', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', upgrade: 'op.createTable(', downgrade: '' });
    expect((await p.orm(['history'])).code).toBe(0);
    const r = await p.orm(['upgrade']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/_bb2222_step\.ts: failed to load: /);
    // The migration before it ran and stays applied.
    expect((await p.orm(['current'])).stdout).toContain('aa1111');
  });

  it('duplicate revisions and unknown parents name the files', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, name: 'one.ts' });
    p.migration({ revision: 'aa1111', down: null, name: 'two.ts' });
    const dup = await p.orm(['upgrade']);
    expect(dup.code).toBe(2);
    expect(oneLine(dup)).toContain("migrations/two.ts: revision 'aa1111' is also the revision of migrations/one.ts");
    p.write('two.ts', p.read('two.ts').replace("revision = 'aa1111'", "revision = 'bb2222'").replace('downRevision = null', "downRevision = 'zz9999'"));
    const orphan = await p.orm(['heads']);
    expect(orphan.code).toBe(2);
    expect(oneLine(orphan)).toContain("migrations/two.ts: downRevision 'zz9999' is not the revision of any migration file in migrations");
  });

  it('an unknown revision and an ambiguous prefix', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'abc111', down: null, ...users });
    p.migration({ revision: 'abc222', down: 'abc111' });
    const unknown = await p.orm(['upgrade', 'fff']);
    expect(unknown.code).toBe(2);
    expect(oneLine(unknown)).toBe("error: unknown revision 'fff': no migration has that revision or prefix (head: abc222)");
    const ambiguous = await p.orm(['upgrade', 'abc']);
    expect(ambiguous.code).toBe(2);
    expect(oneLine(ambiguous)).toMatch(/ambiguous revision prefix 'abc' matches 2 revisions: abc111 \(.*_abc111_step\.ts\), abc222 \(.*_abc222_step\.ts\); give more characters/);
    expect(await p.tables()).toEqual(['orm_migrations']);
  });

  it('an applied file edited afterwards blocks upgrade (naming it) until restored or rehashed', async () => {
    const p = await createProject(dialect);
    const path = p.migration({ revision: 'aa1111', down: null, ...users });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    const [file] = p.files();
    const original = p.read(file!);
    p.write(file!, `${original}// edited\n`);
    p.migration({ revision: 'bb2222', down: 'aa1111', upgrade: "op.createTable('posts', { id: integer().primaryKey() });" });

    const blocked = await p.orm(['upgrade']);
    expect(blocked.code).toBe(2);
    expect(oneLine(blocked)).toBe(`error: migrations/${file} was edited after it was applied (its checksum differs from the version table): restore it, or accept the edit with \`orm migrate rehash aa1111\``);
    expect(await p.tables()).toEqual(['orm_migrations', 'users']);
    expect((await p.orm(['current'])).stdout).toContain(`edited: migrations/${file} was edited`);

    p.write(file!, original);
    expect((await p.orm(['upgrade', 'aa1111'])).code).toBe(0);
    p.write(file!, `${original}// edited again\n`);
    const rehash = await p.orm(['migrate', 'rehash', 'aa']);
    expect(rehash.code, rehash.stderr).toBe(0);
    expect(rehash.stdout).toContain(`rehashed aa1111 migrations/${file}`);
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(path).toContain(file!);

    const notApplied = await p.orm(['migrate', 'rehash', 'zz']);
    expect(notApplied.code).toBe(2);
  });

  it('a revision in the database with no file blocks upgrade', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    await p.orm(['upgrade']);
    await p.query("INSERT INTO orm_migrations (revision, checksum, duration_ms, status) VALUES ('ghost1', 'x', 0, 'applied')");
    const r = await p.orm(['upgrade']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('the database has revision ghost1 applied but no migration file has that revision');
    expect((await p.orm(['stamp', 'head'])).code).toBe(0);
    expect((await p.orm(['upgrade'])).code).toBe(0);
  });

  it('a migration recorded as failed blocks upgrade until `orm migrate resolve`', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', message: 'add posts', upgrade: "op.createTable('posts', { id: integer().primaryKey() });", downgrade: "op.dropTable('posts');" });
    await p.orm(['upgrade', 'aa1111']);
    // What a dialect without transactional DDL leaves after a statement fails part-way.
    const engine = await createEngine(p.db.url);
    try {
      await engine.execute(
        "INSERT INTO orm_migrations (revision, checksum, duration_ms, status, failed_statement, error) VALUES ('bb2222', 'x', 0, 'failed', 'CREATE TABLE posts (id INT)', 'table exists')",
      );
    } finally {
      await engine.close();
    }
    const blocked = await p.orm(['upgrade']);
    expect(blocked.code).toBe(2);
    expect(oneLine(blocked)).toMatch(
      /migration migrations\/\S+_bb2222_add_posts\.ts \(bb2222\) failed part-way at `CREATE TABLE posts \(id INT\)`: table exists; repair the database by hand, then run `orm migrate resolve bb2222 --applied` \(its changes are in place\) or `orm migrate resolve bb2222 --rolled-back` \(they are not\)/,
    );
    expect((await p.orm(['current'])).stdout).toContain('failed: migration');
    expect((await p.orm(['migrate', 'resolve', 'bb2222'])).code).toBe(2);
    expect(oneLine(await p.orm(['migrate', 'resolve', 'aa1111', '--applied']))).toContain("revision 'aa1111' is not recorded as failed (failed: bb2222)");

    const rolledBack = await p.orm(['migrate', 'resolve', 'bb', '--rolled-back']);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain('resolved bb2222 as rolled-back');
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(await p.tables()).toEqual(['orm_migrations', 'posts', 'users']);

    await p.query("UPDATE orm_migrations SET status = 'failed' WHERE revision = 'bb2222'");
    expect((await p.orm(['migrate', 'resolve', 'bb2222', '--applied'])).code).toBe(0);
    const rows = await p.query("SELECT status, checksum FROM orm_migrations WHERE revision = 'bb2222'");
    expect(rows[0]).toMatchObject({ status: 'applied' });
    expect(String(rows[0]!.checksum)).toHaveLength(64);
    expect((await p.orm(['upgrade'])).stdout).toContain('Nothing to upgrade');
  });
});
