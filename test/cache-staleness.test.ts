/**
 * Nothing kept between runs outlives the files it was made from: entries are keyed by the
 * files' bytes, not their size or modification time, and files that import other files
 * are not kept at all (jiti, which loads those, keys its own cache by content). The
 * caches live in the temp folder, never in the project.
 */
import { readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from './support/cli.js';
import { describeDialects } from './support/databases.js';
import type { Project } from './support/migrations.js';
import { createProject } from './support/migrations.js';

type Check = { id: string; status: string; detail: string };
const checks = async (p: Project, env?: Record<string, string>): Promise<Record<string, Check>> => {
  const r = await p.orm(['check', '--json'], { env });
  expect(r.stderr).toBe('');
  return Object.fromEntries((JSON.parse(r.stdout).checks as Check[]).map((c) => [c.id, c]));
};

/** A fixed modification time (whole seconds: exactly restorable), set on files before a run caches them. */
const PINNED = 1_600_000_000;
const pin = (...paths: string[]): void => paths.forEach((path) => utimesSync(path, PINNED, PINNED));

/** Rewrites a pinned file with the same length and the same times, as an editor restoring mtime would. */
function sameSizeEdit(path: string, text: string): void {
  const before = statSync(path);
  expect(before.mtimeMs).toBe(PINNED * 1000);
  expect(Buffer.byteLength(text)).toBe(before.size);
  writeFileSync(path, text);
  pin(path);
  expect(statSync(path)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
}

const USERS = "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });";

describeDialects('edits the caches must see', (dialect) => {
  it('a migration and a model file changed in place, same size, same mtime', async () => {
    const p = await createProject(dialect);
    const migration = p.migration({ revision: 'aa1111', down: null, upgrade: USERS });
    const models = join(p.cwd, 'models/index.ts');
    pin(migration, models);
    expect((await p.orm(['upgrade'])).code).toBe(0);
    await checks(p);
    expect((await checks(p))['migrations-reproduce-models']!.detail).toContain('earlier replay');

    const name = migration.split('/').pop()!;
    sameSizeEdit(migration, p.read(name).replace('varchar(100)', 'varchar(200)'));
    const edited = await checks(p);
    expect(edited['migrations-reproduce-models']).toMatchObject({ status: 'failed', detail: expect.not.stringContaining('earlier replay') });
    expect(edited['files-unchanged']!.status).toBe('failed');

    sameSizeEdit(models, readFileSync(models, 'utf8').replace('varchar(100)', 'varchar(300)'));
    expect((await checks(p))['models-match-database']).toMatchObject({ status: 'failed', detail: expect.stringContaining('1 operation(s)') });
  });

  it('a migration not applied yet, changed in place, runs as it now reads', async () => {
    const p = await createProject(dialect);
    const file = p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('first_name', { id: integer().primaryKey() });" });
    pin(file);
    expect((await p.orm(['upgrade', '--sql'])).stdout).toMatch(/CREATE TABLE \W?first_name/);
    sameSizeEdit(file, p.read(file.split('/').pop()!).replace("'first_name'", "'other_name'"));
    const after = await p.orm(['upgrade', '--sql']);
    expect(after.stdout).toMatch(/CREATE TABLE \W?other_name/);
    expect(after.stdout).not.toContain('first_name');
  });

  it('a helper a migration imports, and a model file another imports, changed in place', async () => {
    const p = await createProject(dialect);
    p.write('_tables.ts', "export const NAME_LENGTH = 100;\n");
    p.migration({
      revision: 'aa1111',
      down: null,
      text: [
        "import type { MigrationOp } from 'ormkit';",
        "import { integer, varchar } from 'ormkit';",
        "import { NAME_LENGTH } from './_tables';",
        "export const revision = 'aa1111';",
        'export const downRevision = null;',
        "export async function upgrade(op: MigrationOp) { op.createTable('users', { id: integer().primaryKey(), name: varchar(NAME_LENGTH).notNull() }); }",
        "export async function downgrade(op: MigrationOp) { op.dropTable('users'); }",
        '',
      ].join('\n'),
    });
    const lengths = join(p.cwd, 'models/lengths.ts');
    writeFileSync(lengths, 'export const NAME_LENGTH = 100;\n');
    writeFileSync(join(p.cwd, 'models/index.ts'), "import { integer, table, varchar } from 'ormkit';\nimport { NAME_LENGTH } from './lengths';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(NAME_LENGTH).notNull() });\n");
    pin(join(p.cwd, 'migrations/_tables.ts'), lengths);
    expect((await p.orm(['upgrade'])).code).toBe(0);
    for (let i = 0; i < 2; i++) expect(Object.values(await checks(p)).map((c) => c.status)).toEqual(['passed', 'passed', 'passed', 'passed']);

    sameSizeEdit(join(p.cwd, 'migrations/_tables.ts'), "export const NAME_LENGTH = 200;\n");
    expect((await checks(p))['migrations-reproduce-models']).toMatchObject({ status: 'failed', detail: expect.stringContaining('1 operation(s)') });

    sameSizeEdit(lengths, 'export const NAME_LENGTH = 200;\n');
    const now = await checks(p);
    expect(now['models-match-database']).toMatchObject({ status: 'failed', detail: expect.stringContaining('1 operation(s)') });
    expect(now['migrations-reproduce-models']!.status).toBe('passed');
  });
});

it("the caches are written to this user's folder in the temp folder, nothing into the project", async () => {
  const p = await createProject('sqlite');
  p.write('_tables.ts', "export const USERS = 'users';\n");
  p.migration({ revision: 'aa1111', down: null, upgrade: USERS });
  p.migration({
    revision: 'bb2222',
    down: 'aa1111',
    text: "import type { MigrationOp } from 'ormkit';\nimport { USERS } from './_tables';\nexport const revision = 'bb2222';\nexport const downRevision = 'aa1111';\nexport async function upgrade(op: MigrationOp) { op.createIndex(USERS, 'users_name', ['name']); }\nexport async function downgrade(op: MigrationOp) { op.dropIndex(USERS, 'users_name'); }\n",
  });
  const tree = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true, recursive: true }).map((e) => `${relative(dir, join(e.parentPath, e.name))}${e.isDirectory() ? '/' : ''}`).sort();
  const before = tree(p.cwd);
  const tmp = tempDir('ormkit-tmp-');
  const env = { TMPDIR: tmp };
  expect((await p.orm(['upgrade'], { env })).code).toBe(0);
  for (let i = 0; i < 2; i++) expect((await p.orm(['check'], { env })).stderr).toBe('');
  expect(tree(p.cwd)).toEqual(before);
  // jiti's cache (the helper and the migration importing it) too, not in the `jiti` folder all users share.
  const folder = `ormkit-cache-${process.getuid?.() ?? 'user'}`;
  expect(readdirSync(tmp)).toEqual([folder]);
  expect(readdirSync(join(tmp, folder, 'jiti')).length).toBeGreaterThan(0);
});
