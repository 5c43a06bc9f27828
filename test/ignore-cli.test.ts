/**
 * `ignore` through the real CLI: objects created outside the models (by raw SQL on the
 * database, or by a migration's `op.execute`) make autogenerate propose drops and check
 * fail until they are ignored; then both are quiet, pull leaves them out and
 * drop-all --all leaves them alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { DialectName } from '../src/dialects/dialect.js';
import { describeDialects } from './support/databases.js';
import type { Project } from './support/migrations.js';
import { createProject, oneLine } from './support/migrations.js';

const IGNORE = ['legacy_*', 'users.users_name_trgm_idx'];

function setIgnore(p: Project, ignore: readonly string[] | undefined): void {
  const file = join(p.cwd, 'ormconfig.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (ignore) config.ignore = ignore;
  else delete config.ignore;
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** The users table from migrations, a queue library's table from op.execute, and a table and an index added by hand. */
async function databaseWithStrangers(dialect: DialectName): Promise<Project> {
  const p = await createProject(dialect);
  p.migration({ revision: 'aa1111', down: null, message: 'users', upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });" });
  p.migration({ revision: 'bb2222', down: 'aa1111', message: 'queue', upgrade: "op.execute('CREATE TABLE legacy_queue (id integer PRIMARY KEY)');" });
  const up = await p.orm(['upgrade']);
  expect(up.code, up.stderr).toBe(0);
  await p.query('CREATE TABLE legacy_orders (id integer PRIMARY KEY, note varchar(50))');
  await p.query('CREATE INDEX users_name_trgm_idx ON users (name)');
  return p;
}

type Checks = Array<{ id: string; status: string; detail: string }>;

describeDialects('config ignore through the CLI', (dialect) => {
  it('autogenerate proposes dropping unmanaged objects and check fails, until they are ignored', async () => {
    const p = await databaseWithStrangers(dialect);

    const sql = await p.orm(['migrate', 'autogenerate', '-m', 'x', '--sql']);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/DROP TABLE .?legacy_orders/);
    expect(sql.stdout).toMatch(/DROP TABLE .?legacy_queue/);
    expect(sql.stdout).toMatch(/DROP INDEX .?users_name_trgm_idx/);
    const failing = await p.orm(['check', '--json']);
    expect(failing.code).toBe(1);
    const before = JSON.parse(failing.stdout).checks as Checks;
    expect(before.find((c) => c.id === 'models-match-database')!.status).toBe('failed');
    // The replayed migrations hold the queue table op.execute created.
    expect(before.find((c) => c.id === 'migrations-reproduce-models')!.status).toBe('failed');

    setIgnore(p, IGNORE);
    const quiet = await p.orm(['migrate', 'autogenerate', '-m', 'nothing']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toContain('No changes detected');
    expect(p.files()).toHaveLength(2);
    // The first run reuses the replay cached by the failing check above; --no-cache replays again.
    for (const args of [['check'], ['check', '--no-cache']]) {
      const check = await p.orm(args);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain('All checks passed.');
    }
    expect(await p.tables()).toEqual(expect.arrayContaining(['legacy_orders', 'legacy_queue']));
  });

  it('a model declaring an ignored table is refused by autogenerate and check, naming the pattern', async () => {
    const p = await createProject(dialect, { ignore: IGNORE });
    writeFileSync(
      join(p.cwd, 'models/index.ts'),
      "import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull() });\nexport const Old = table('legacy_orders', { id: integer().primaryKey() });\n",
    );
    for (const args of [['migrate', 'autogenerate', '-m', 'x'], ['check']]) {
      const r = await p.orm(args);
      expect(r.code).toBe(2);
      expect(oneLine(r)).toBe("error: 'ignore' leaves out what the models declare: 'legacy_orders' (pattern 'legacy_*'); narrow the pattern, or rename the model's table or index");
    }
    expect(p.files()).toEqual([]);
  });

  it('pull leaves ignored tables and indexes out of the models it writes', async () => {
    const p = await databaseWithStrangers(dialect);
    const out = join(p.cwd, 'models/index.ts');
    const all = await p.orm(['pull', '--out', 'models/index.ts', '--force']);
    expect(all.code, all.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/legacy_orders[\s\S]*users_name_trgm_idx|users_name_trgm_idx[\s\S]*legacy_orders/);

    setIgnore(p, IGNORE);
    const pulled = await p.orm(['pull', '--out', 'models/index.ts', '--force']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain('(1 table)');
    const source = readFileSync(out, 'utf8');
    expect(source).not.toContain('legacy_');
    expect(source).not.toContain('users_name_trgm_idx');
    const again = await p.orm(['migrate', 'autogenerate', '-m', 'nothing']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes detected');
  });

  it('drop-all --all leaves ignored tables alone', async () => {
    const p = await databaseWithStrangers(dialect);
    const asked = await p.orm(['drop-all', '--all']);
    expect(asked.code).toBe(2);
    expect(oneLine(asked)).toMatch(/legacy_orders/);

    setIgnore(p, IGNORE);
    const r = await p.orm(['drop-all', '--all', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect((await p.tables()).sort()).toEqual(['legacy_orders', 'legacy_queue']);
  });

  it('a foreign key to an ignored table is kept and compared; the replay needs that table', async () => {
    const p = await createProject(dialect, { ignore: ['legacy_*'] });
    await p.query('CREATE TABLE legacy_accounts (id integer PRIMARY KEY)');
    writeFileSync(
      join(p.cwd, 'models/index.ts'),
      "import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull() });\nexport const Order = table('orders', { id: integer().primaryKey(), account_id: integer().references('legacy_accounts.id') });\n",
    );
    const first = await p.orm(['migrate', 'autogenerate', '-m', 'orders']);
    expect(first.code, first.stderr).toBe(0);
    expect(p.read(p.files()[0]!)).toContain("'legacy_accounts.id'");
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    const again = await p.orm(['migrate', 'autogenerate', '-m', 'nothing']);
    expect(again.stdout).toContain('No changes detected');

    const check = await p.orm(['check', '--json']);
    const checks = JSON.parse(check.stdout) as { checks: Checks };
    expect(checks.checks.find((c) => c.id === 'models-match-database')!.status).toBe('passed');
    // SQLite accepts a foreign key to a missing table; the servers refuse it in the scratch database.
    const replay = checks.checks.find((c) => c.id === 'migrations-reproduce-models')!;
    if (dialect === 'sqlite') expect(replay.status).toBe('passed');
    else expect(replay.detail).toMatch(/^replaying the migrations failed/);
  });
});

it('a bad ignore pattern is one line naming the file and key, exit 2', async () => {
  const p = await createProject('sqlite', { ignore: ['!spatial_ref_sys'] });
  const r = await p.orm(['check']);
  expect(r.code).toBe(2);
  expect(oneLine(r)).toBe(`error: ${join(p.cwd, 'ormconfig.json')}: 'ignore' pattern "!spatial_ref_sys" starts with !: there is no negation, list only what to ignore`);
});
