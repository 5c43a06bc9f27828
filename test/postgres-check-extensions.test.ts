/**
 * `orm check` on a PostgreSQL database whose models and migrations use objects of
 * extensions (citext's type, pg_trgm's gin_trgm_ops, uuid-ossp's uuid_generate_v4()). A
 * role that may create databases replays into a scratch database that has the same
 * extensions, dropped afterwards; one that may not gets a scratch schema, where they are
 * out of sight, and one line saying so. Neither replay touches the real tables. Skipped
 * (visibly) when the server lacks one of the extensions.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import type { TestContext } from 'vitest';
import type { Project } from './support/migrations.js';
import { createProject } from './support/migrations.js';
import { describePostgres } from './support/postgres.js';

const EXTENSIONS = ['citext', 'pg_trgm', 'uuid-ossp'];

const MODELS = `import { customType, table, uuid, varchar } from 'ormkit';
export const User = table('users', {
  id: uuid().primaryKey().serverDefault('uuid_generate_v4()'),
  email: customType('citext').notNull(),
  name: varchar(100).notNull(),
}, (t) => [t.index('ix_users_name_trgm', [t.key(t.c.name).opclass('gin_trgm_ops')], { using: 'gin' })]);
`;

/** Skips the test, with the reason, when the server lacks one of the extensions. */
async function needExtensions(p: Project, ctx: TestContext): Promise<void> {
  const rows = await p.query(`SELECT name FROM pg_available_extensions WHERE name IN (${EXTENSIONS.map((e) => `'${e}'`).join(', ')})`);
  const missing = EXTENSIONS.filter((e) => !rows.some((r) => r.name === e));
  if (missing.length) ctx.skip(`the server lacks the extension(s) ${missing.join(', ')}`);
}

const createExtensions = EXTENSIONS.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}"`);

/**
 * Writes the models, autogenerates the first migration and puts `statements` before its
 * operations: a raw `DROP TABLE IF EXISTS users` (which must never reach the real table
 * in a replay) and whatever the test adds. Upgrades and gives `users` a row.
 */
async function usersMigrated(p: Project, statements: readonly string[]): Promise<void> {
  writeFileSync(join(p.cwd, 'models/index.ts'), MODELS);
  const auto = await p.orm(['migrate', 'autogenerate', '-m', 'users']);
  expect(auto.code, auto.stderr).toBe(0);
  const file = p.files()[0]!;
  const raw = [...statements, 'DROP TABLE IF EXISTS users'].map((sql) => `op.execute(${JSON.stringify(sql)});\n  `).join('');
  p.write(file, p.read(file).replace(/(export async function upgrade\(op: MigrationOp\): Promise<void> \{\n {2})/, `$1${raw}`));
  expect(p.read(file)).toContain("op.execute(\"DROP TABLE IF EXISTS users\");\n  op.createTable('users'");
  const up = await p.orm(['upgrade']);
  expect(up.code, up.stderr).toBe(0);
  await p.query("INSERT INTO users (email, name) VALUES ('Ann@Example.com', 'ann')");
}

/**
 * Makes the project connect as a new login role (no superuser, CREATEDB as asked) that
 * owns the project's database; the role and database go when the test ends.
 */
async function asNewRole(p: Project, createdb: boolean): Promise<string> {
  const role = `orm_t_role_${process.pid}_${randomBytes(4).toString('hex')}`;
  await p.query(`CREATE ROLE "${role}" LOGIN NOSUPERUSER ${createdb ? 'CREATEDB' : 'NOCREATEDB'}`);
  onTestFinished(async () => {
    await p.db.drop();
    await p.query(`DROP ROLE IF EXISTS "${role}"`).catch(() => undefined);
  });
  await p.query(`ALTER DATABASE "${p.db.name}" OWNER TO "${role}"`);
  useUrl(p, (url) => (url.username = role));
  return role;
}

/** Points the project's config at its database through a URL changed by `change`. */
function useUrl(p: Project, change: (url: URL) => void): void {
  const url = new URL(p.db.url);
  change(url);
  const config = join(p.cwd, 'ormconfig.json');
  writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), url: url.toString() }, null, 2));
}

/** Names of the databases `role` owns. */
const ownedBy = async (p: Project, role: string) =>
  (await p.query(`SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = '${role}') ORDER BY datname`)).map((r) => r.datname);

const check = async (p: Project) => {
  const r = await p.orm(['check', '--json', '--no-cache']);
  return { code: r.code, stderr: r.stderr, checks: JSON.parse(r.stdout).checks as Array<{ id: string; status: string; detail: string }> };
};

const replayCheck = (checks: Array<{ id: string; status: string; detail: string }>) => checks.find((c) => c.id === 'migrations-reproduce-models')!;

describePostgres('orm check replays migrations that use extensions of the database', () => {
  it('citext, gin_trgm_ops and uuid_generate_v4() from extensions made before the first migration check clean for a role with CREATEDB; its scratch database is gone afterwards and the real users table keeps its row', async (ctx) => {
    const p = await createProject('postgres');
    await needExtensions(p, ctx);
    for (const sql of createExtensions) await p.query(sql);
    const role = await asNewRole(p, true);
    await usersMigrated(p, []);
    const r = await check(p);
    expect(replayCheck(r.checks), r.stderr).toMatchObject({ status: 'passed' });
    expect(r.code, JSON.stringify(r.checks)).toBe(0);
    expect(await ownedBy(p, role)).toEqual([p.db.name]);
    expect(await p.query('SELECT name FROM users')).toEqual([{ name: 'ann' }]);
  });

  it('a migration that creates the extensions itself replays cleanly (superuser)', async (ctx) => {
    const p = await createProject('postgres');
    await needExtensions(p, ctx);
    await usersMigrated(p, createExtensions);
    const r = await check(p);
    expect(replayCheck(r.checks), r.stderr).toMatchObject({ status: 'passed' });
    expect(r.code).toBe(0);
    expect(await p.query('SELECT name FROM users')).toEqual([{ name: 'ann' }]);
    expect(await p.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'orm_scratch_%'")).toEqual([]);
  });

  it('with ?schema=app and the extensions installed in app, the scratch database has them in app too and the replay checks clean', async (ctx) => {
    const p = await createProject('postgres');
    await needExtensions(p, ctx);
    await p.query('CREATE SCHEMA app');
    for (const sql of createExtensions) await p.query(`${sql} WITH SCHEMA app`);
    useUrl(p, (url) => url.searchParams.set('schema', 'app'));
    writeFileSync(join(p.cwd, 'models/index.ts'), MODELS);
    expect((await p.orm(['migrate', 'autogenerate', '-m', 'users'])).code).toBe(0);
    expect((await p.orm(['upgrade'])).code).toBe(0);
    const r = await check(p);
    expect(replayCheck(r.checks), r.stderr).toMatchObject({ status: 'passed' });
    expect(r.code).toBe(0);
    expect(await p.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'users'")).toEqual([{ table_schema: 'app' }]);
  });

  it('a role without CREATEDB replays into a scratch schema and is told in one line which object is missing, that the extensions are out of sight and to grant CREATEDB; nothing outside the scratch changes', async (ctx) => {
    const p = await createProject('postgres');
    await needExtensions(p, ctx);
    for (const sql of createExtensions) await p.query(sql);
    const role = await asNewRole(p, false);
    await usersMigrated(p, createExtensions);
    const r = await check(p);
    expect(r.code).toBe(1);
    const replay = replayCheck(r.checks);
    expect(replay.status).toBe('failed');
    expect(replay.detail).not.toContain('\n');
    expect(replay.detail).toMatch(/^replaying the migrations failed: .*type "citext" does not exist;.*; type citext comes from the extension citext, and the database's extensions are not visible in the scratch schema the migrations are replayed in; /);
    expect(replay.detail).toContain(`the role "${role}" may not create databases: let it (ALTER ROLE "${role}" CREATEDB)`);
    expect(await p.query('SELECT name FROM users')).toEqual([{ name: 'ann' }]);
    expect(await p.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'orm_scratch_%'")).toEqual([]);
    expect((await p.query("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname")).map((e) => e.extname)).toEqual(['citext', 'pg_trgm', 'uuid-ossp']);
  });

  it('a role with CREATEDB that cannot create one of the extensions (amcheck, untrusted) falls back to a scratch schema, drops the half-made scratch database and says why in the one line', async (ctx) => {
    const p = await createProject('postgres');
    await needExtensions(p, ctx);
    if ((await p.query("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")).length === 0) ctx.skip('the server lacks the extension amcheck');
    for (const sql of [...createExtensions, 'CREATE EXTENSION amcheck']) await p.query(sql);
    const role = await asNewRole(p, true);
    await usersMigrated(p, []);
    const replay = replayCheck((await check(p)).checks);
    expect(replay.status).toBe('failed');
    expect(replay.detail).toMatch(/; type citext comes from the extension citext, and the database's extensions are not visible in the scratch schema the migrations are replayed in; a scratch database with them could not be made: permission denied to create extension "amcheck"/);
    expect(replay.detail).not.toContain('\n');
    expect(await ownedBy(p, role)).toEqual([p.db.name]);
    expect(await p.query('SELECT name FROM users')).toEqual([{ name: 'ann' }]);
  });

  it('installing an extension makes the next check replay the migrations again instead of reusing the earlier replay', async (ctx) => {
    const p = await createProject('postgres');
    await needExtensions(p, ctx);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });" });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    const replay = async () => replayCheck(JSON.parse((await p.orm(['check', '--json'])).stdout).checks);
    expect((await replay()).status).toBe('passed');
    expect((await replay()).detail).toContain('earlier replay');
    await p.query('CREATE EXTENSION citext');
    expect(await replay()).toMatchObject({ status: 'passed', detail: expect.not.stringContaining('earlier replay') });
    expect((await replay()).detail).toContain('earlier replay');
  });
});
