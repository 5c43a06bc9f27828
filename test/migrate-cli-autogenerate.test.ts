/**
 * autogenerate, check and pull. Their core (`diff`, `renderMigration`, `describeOperation`,
 * `renderModels`) is built elsewhere; the tests that need it run once it is there, the
 * rest (refusals, flag parsing, checks that need no diff) always run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sqliteDialect } from '../src/dialects/sqlite/index.js';
import { diff } from '../src/diff/diff.js';
import { describeOperation } from '../src/ops/describe.js';
import { lint } from '../src/ops/lint.js';
import { renderMigration } from '../src/render/migration.js';
import { renderModels } from '../src/render/models.js';
import { makeSchema } from '../src/schema/ir.js';
import { describeDialects } from './support/databases.js';
import { createProject, oneLine } from './support/migrations.js';

const landed = (fn: () => unknown): boolean => {
  try {
    fn();
    return true;
  } catch (err) {
    return !(err instanceof Error && /: pending \(/.test(err.message));
  }
};
const empty = makeSchema([]);
const autogenReady =
  landed(() => diff(empty, empty, { dialect: sqliteDialect })) &&
  landed(() => renderMigration({ revision: 'r', downRevision: null, message: 'm', createdAt: new Date(), upgrade: [] })) &&
  landed(() => describeOperation({ kind: 'execute', sql: 'SELECT 1', reverse: null }));
const pullReady = autogenReady && landed(() => renderModels(empty));
const lintReady = landed(() => lint([], { dialect: sqliteDialect })) && landed(() => describeOperation({ kind: 'execute', sql: 'SELECT 1', reverse: null }));

const users = {
  upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });",
  downgrade: "op.dropTable('users');",
};

describeDialects('orm migrate autogenerate, check, pull', (dialect) => {
  it('autogenerate refuses when the database is not at head, and writes nothing', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, message: 'users', ...users });
    for (const args of [['migrate', 'autogenerate', '-m', 'more'], ['revision', '--autogenerate', '-m', 'more']]) {
      const r = await p.orm(args);
      expect(r.code).toBe(2);
      expect(oneLine(r)).toBe('error: database is at base, head is aa1111 (users): run `orm upgrade` first');
    }
    expect(p.files()).toHaveLength(1);
  });

  it('autogenerate refuses two heads with the merge command', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111' });
    p.migration({ revision: 'cc3333', down: 'aa1111' });
    const r = await p.orm(['migrate', 'autogenerate', '-m', 'x']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('`orm merge bb2222 cc3333 -m "merge heads"`');
  });

  it('rename flags are checked before anything is compared', async () => {
    const p = await createProject(dialect);
    const bad = await p.orm(['migrate', 'autogenerate', '-m', 'x', '--rename', 'users.fullname']);
    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toContain("--rename 'users.fullname': expected old=new for a table (--rename persons=people) or table.old=new for a column (--rename users.fullname=name)");
    const both = await p.orm(['migrate', 'autogenerate', '-m', 'x', '--rename', 'users.a=b', '--no-rename', 'users.a=b']);
    expect(both.code).toBe(2);
    expect(oneLine(both)).toContain('both --rename and --no-rename for users.a=b');
    const noAutogen = await p.orm(['revision', '-m', 'x', '--sql']);
    expect(noAutogen.code).toBe(2);
    expect(oneLine(noAutogen)).toContain('--rename, --no-rename and --sql go with --autogenerate');
    expect((await p.orm(['migrate', 'autogenerate'])).code).toBe(2);
    expect(p.files()).toEqual([]);
  });

  it('pull refuses to overwrite a file without --force', async () => {
    const p = await createProject(dialect);
    const target = join(p.cwd, 'models', 'schema.ts');
    writeFileSync(target, '// mine\n');
    const r = await p.orm(['pull']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe('error: models/schema.ts exists: pass --force to overwrite it, or --out another file');
    expect(readFileSync(target, 'utf8')).toBe('// mine\n');
  });

  it('pull needs --out when the models are a glob', async () => {
    const p = await createProject(dialect, { models: 'models/**/*.ts' });
    const r = await p.orm(['pull']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('"models" is a glob');
  });

  it.runIf(lintReady)('migrate lint reports a dropped table in the migration that drops it, without a database', async () => {
    const p = await createProject(dialect, { url: 'sqlite:///no/such/dir/x.db' });
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', upgrade: "op.dropTable('users');" });
    const r = await p.orm(['migrate', 'lint', '--json']);
    const results = JSON.parse(r.stdout) as Array<{ revision: string; findings: Array<{ code: string; operation: number }> }>;
    expect(results.map((x) => x.revision)).toEqual(['aa1111', 'bb2222']);
    expect(results[0]!.findings).toEqual([]);
    expect(results[1]!.findings.length).toBeGreaterThan(0);
    const one = await p.orm(['migrate', 'lint', 'aa', '--json']);
    expect(JSON.parse(one.stdout).map((x: { revision: string }) => x.revision)).toEqual(['aa1111']);
  });

  it('check reports every failing check it can run, with exit 1 and --json', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    await p.orm(['upgrade']);
    const [applied] = p.files();
    p.write(applied!, `${p.read(applied!)}// edited\n`);
    p.migration({ revision: 'bb2222', down: 'aa1111', upgrade: "op.execute('INSERT INTO nowhere VALUES (1)');" });
    p.migration({ revision: 'cc3333', down: 'aa1111' });
    const r = await p.orm(['check', '--json']);
    expect(r.code).toBe(1);
    const checks = JSON.parse(r.stdout).checks as Array<{ id: string; status: string; detail: string }>;
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['models-match-database', 'failed'],
      ['migrations-reproduce-models', 'failed'],
      ['files-unchanged', 'failed'],
      ['single-head', 'failed'],
    ]);
    expect(checks[0]!.detail).toContain('database is at aa1111 (step), head is bb2222 (step), cc3333 (step): run `orm upgrade` first');
    expect(checks[1]!.detail).toMatch(/replaying the migrations failed: upgrade migrations\/\S+_bb2222_step\.ts failed at execute/);
    expect(checks[2]!.detail).toContain(`edited after they were applied: migrations/${applied}`);
    expect(checks[3]!.detail).toContain('2 heads: bb2222, cc3333');

    const human = await p.orm(['check']);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/✗ exactly one head: 2 heads/);
    expect(human.stdout).toContain('Schema check failed.');
  });

  it('check --no-database skips the live checks and says so', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.execute('SELECT nonsense FROM nowhere');" });
    const r = await p.orm(['check', '--no-database', '--json']);
    expect(r.code).toBe(1);
    const checks = JSON.parse(r.stdout).checks as Array<{ id: string; status: string; detail: string }>;
    expect(checks.map((c) => c.status)).toEqual(['skipped', 'failed', 'skipped', 'passed']);
    expect(checks[0]!.detail).toBe('--no-database');
    expect(await p.tables()).toEqual([]);
  });

  it.runIf(autogenReady)('autogenerate writes a migration, upgrade applies it, then "No changes detected"; check passes', async () => {
    const p = await createProject(dialect);
    const first = await p.orm(['migrate', 'autogenerate', '-m', 'create users']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/wrote migrations\/\d{8}_\d{4}_[0-9a-f]{12}_create_users\.ts/);
    expect((await p.orm(['upgrade'])).code).toBe(0);
    const again = await p.orm(['migrate', 'autogenerate', '-m', 'nothing']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes detected');
    expect(p.files()).toHaveLength(1);
    const check = await p.orm(['check']);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('All checks passed.');

    writeFileSync(join(p.cwd, 'models/index.ts'), "import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull(), age: integer() });\n");
    const drift = await p.orm(['check']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/✗ models match the database at head/);
    expect(drift.stdout).toMatch(/\+.*age/);
    const sql = await p.orm(['migrate', 'autogenerate', '-m', 'add age', '--sql']);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/ALTER TABLE .*users.* ADD COLUMN .*age/i);
    expect(p.files()).toHaveLength(1);
  });

  it.runIf(autogenReady)('an undecided rename without a terminal: no file, exit 2, and the flags that settle it', async () => {
    const p = await createProject(dialect);
    await p.orm(['migrate', 'autogenerate', '-m', 'create users']);
    await p.orm(['upgrade']);
    writeFileSync(join(p.cwd, 'models/index.ts'), "import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), fullname: varchar(100).notNull() });\n");
    const r = await p.orm(['migrate', 'autogenerate', '-m', 'rename']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toContain('pass --rename users.name=fullname to rename, or --no-rename users.name=fullname to drop and add');
    expect(p.files()).toHaveLength(1);
    const renamed = await p.orm(['migrate', 'autogenerate', '-m', 'rename', '--rename', 'users.name=fullname']);
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(p.files()).toHaveLength(2);
  });

  it.runIf(pullReady)('pull writes models from the database that autogenerate then finds equal', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    await p.orm(['upgrade']);
    writeFileSync(join(p.cwd, 'models/index.ts'), '');
    const r = await p.orm(['pull', '--out', 'models/index.ts', '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(p.cwd, 'models/index.ts'))).toBe(true);
    const again = await p.orm(['migrate', 'autogenerate', '-m', 'nothing']);
    expect(again.stdout).toContain('No changes detected');
  });
});
