/**
 * What is kept between runs must never change an outcome: transpiled migrations are
 * keyed by their text, a replayed schema by every file's checksum (and the engine), and
 * files that import anything besides `ormkit` are not cached at all.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as modelApi from '../src/model-api.js';
import { MODEL_API_NAMES, SCHEMA_API_NAMES, ormkitNeeds } from '../src/modules/user-module.js';
import * as schemaApi from '../src/schema-api.js';
import { describeDialects } from './support/databases.js';
import { createProject } from './support/migrations.js';

const users = {
  upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });",
  downgrade: "op.dropTable('users');",
};

type Check = { id: string; status: string; detail: string };
const reproduce = (stdout: string): Check => (JSON.parse(stdout).checks as Check[]).find((c) => c.id === 'migrations-reproduce-models')!;

describeDialects('caches between runs', (dialect) => {
  it('check reuses an earlier replay of the same files, and replays again once one changes', async () => {
    const p = await createProject(dialect);
    const file = p.migration({ revision: 'aa1111', down: null, ...users });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    const first = await p.orm(['check', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(reproduce(first.stdout).detail).not.toContain('earlier replay');
    const second = await p.orm(['check', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(reproduce(second.stdout)).toMatchObject({ status: 'passed', detail: expect.stringContaining('the same files as an earlier replay') });
    const forced = await p.orm(['check', '--no-cache', '--json']);
    expect(reproduce(forced.stdout)).toMatchObject({ status: 'passed', detail: expect.not.stringContaining('earlier replay') });

    // The database drifts from the migrations: the replayed schema is read back, not taken from the database.
    await p.query('CREATE TABLE extra (id INTEGER)');
    const drifted = await p.orm(['check', '--json']);
    expect(drifted.code).toBe(1);
    const checks = JSON.parse(drifted.stdout).checks as Check[];
    expect(checks.find((c) => c.id === 'models-match-database')).toMatchObject({ status: 'failed' });
    expect(reproduce(drifted.stdout)).toMatchObject({ status: 'passed', detail: expect.stringContaining('earlier replay') });
    await p.query('DROP TABLE extra');

    // The same revision now makes a different table: the replay must see it.
    const name = file.split('/').pop()!;
    p.write(name, p.read(name).replace("name: varchar(100).notNull() }", "name: varchar(100).notNull(), extra: integer() }"));
    const edited = await p.orm(['check', '--json']);
    expect(edited.code).toBe(1);
    expect(reproduce(edited.stdout)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/replayed into a scratch \w+ database differ from the models by 1 operation/) });
    expect(reproduce(edited.stdout).detail).not.toContain('earlier replay');
  });

  it('a migration that reads the environment is replayed every time', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable(process.env.ORM_TEST_TABLE ?? 'users', { id: integer().primaryKey(), name: varchar(100).notNull() });" });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    expect(reproduce((await p.orm(['check', '--json'])).stdout).status).toBe('passed');
    // The same files, another environment: another schema, which a reused result would hide.
    const other = await p.orm(['check', '--json'], { env: { ORM_TEST_TABLE: 'people' } });
    expect(reproduce(other.stdout)).toMatchObject({ status: 'failed', detail: expect.not.stringContaining('earlier replay') });
  });

  it('a migration that runs raw SQL is replayed every time', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, ...users });
    p.migration({ revision: 'bb2222', down: 'aa1111', upgrade: "op.execute('CREATE TABLE extra (n INTEGER)');", downgrade: "op.execute('DROP TABLE extra');" });
    writeFileSync(join(p.cwd, 'models/index.ts'), "import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull() });\nexport const Extra = table('extra', { n: integer() });\n");
    expect((await p.orm(['upgrade'])).code).toBe(0);
    for (let i = 0; i < 2; i++) {
      const r = await p.orm(['check', '--json']);
      expect(reproduce(r.stdout)).toMatchObject({ status: 'passed', detail: expect.not.stringContaining('earlier replay') });
    }
  });

  if (dialect !== 'sqlite') {
    it('raw SQL reading outside the scratch database: a later check sees what it reads now', async () => {
      // MySQL's scratch database is on the live server, whose other databases raw SQL can read.
      // PostgreSQL's is another database there: raw SQL can read the server's shared catalogs
      // (here the live database's comment), not the live database's tables.
      const p = await createProject(dialect);
      const outside =
        dialect === 'postgres'
          ? {
              sql: `DO $$ BEGIN IF shobj_description((SELECT oid FROM pg_database WHERE datname = '${p.db.name}'), 'pg_database') = 'b' THEN CREATE TABLE copy (a INTEGER, b INTEGER); ELSE CREATE TABLE copy (a INTEGER); END IF; END $$`,
              change: `COMMENT ON DATABASE "${p.db.name}" IS 'b'`,
            }
          : { sql: `CREATE TABLE copy AS SELECT * FROM \`${p.db.name}\`.src`, change: 'ALTER TABLE src ADD COLUMN b INTEGER' };
      await p.query('CREATE TABLE src (a INTEGER)');
      p.migration({ revision: 'aa1111', down: null, upgrade: `op.execute(${JSON.stringify(outside.sql)});`, downgrade: "op.execute('DROP TABLE copy');" });
      writeFileSync(join(p.cwd, 'models/index.ts'), "import { integer, table } from 'ormkit';\nexport const Copy = table('copy', { a: integer() });\n");
      expect(reproduce((await p.orm(['check', '--json'])).stdout).status).toBe('passed');
      await p.query(outside.change);
      const cached = reproduce((await p.orm(['check', '--json'])).stdout);
      const replayed = reproduce((await p.orm(['check', '--json', '--no-cache'])).stdout);
      expect(replayed).toMatchObject({ status: 'failed', detail: expect.stringContaining('by 1 operation') });
      expect(cached).toEqual(replayed);
    });
  }

  it('migrations importing a helper module are replayed every time', async () => {
    const p = await createProject(dialect);
    p.write('_tables.ts', "export const USERS = 'users';\n");
    p.migration({
      revision: 'aa1111',
      down: null,
      text: [
        "import type { MigrationOp } from 'ormkit';",
        "import { integer, varchar } from 'ormkit';",
        "import { USERS } from './_tables';",
        "export const revision = 'aa1111';",
        'export const downRevision = null;',
        "export async function upgrade(op: MigrationOp) { op.createTable(USERS, { id: integer().primaryKey(), name: varchar(100).notNull() }); }",
        'export async function downgrade(op: MigrationOp) { op.dropTable(USERS); }',
        '',
      ].join('\n'),
    });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    for (let i = 0; i < 2; i++) {
      const r = await p.orm(['check', '--json']);
      expect(r.code, r.stdout).toBe(0);
      expect(reproduce(r.stdout).detail).not.toContain('earlier replay');
    }
  });
});

describeDialects('the models kept between runs', (dialect) => {
  const model = (body: string) => `import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), ${body} });\n`;

  it('a rename hint and an edit of the models reach autogenerate after a run that kept them', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('users', { id: integer().primaryKey(), fullname: varchar(100) });" });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    writeFileSync(join(p.cwd, 'models/index.ts'), model("name: varchar(100).renamedFrom('fullname')"));
    // The first run reads the models and keeps them; the second gets them back.
    expect((await p.orm(['check', '--json'])).code).toBe(1);
    const sql = await p.orm(['migrate', 'autogenerate', '--sql', '-m', 'rename']);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/RENAME COLUMN \W?fullname\W? TO \W?name\W?/i);
    writeFileSync(join(p.cwd, 'models/index.ts'), model("fullname: varchar(100), age: integer()"));
    const added = await p.orm(['migrate', 'autogenerate', '--sql', '-m', 'age']);
    expect(added.stdout).toMatch(/ADD (COLUMN )?\W?age\W?/i);
    expect(added.stdout).not.toMatch(/RENAME/i);
  });

  it('models that read the environment are read every time', async () => {
    const p = await createProject(dialect);
    writeFileSync(join(p.cwd, 'models/index.ts'), "import { integer, table } from 'ormkit';\nexport const T = table(process.env.ORM_TEST_TABLE ?? 'users', { id: integer().primaryKey() });\n");
    expect((await p.orm(['create-all'])).code).toBe(0);
    expect((await p.orm(['create-all'], { env: { ORM_TEST_TABLE: 'people' } })).code).toBe(0);
    expect(await p.tables()).toEqual(['people', 'users']);
  });
});

describeDialects('transpiled migrations', (dialect) => {
  it('an edited migration that has not run yet runs as it now reads', async () => {
    const p = await createProject(dialect);
    const file = p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('first_name', { id: integer().primaryKey() });" });
    const before = await p.orm(['upgrade', '--sql']);
    expect(before.stdout).toMatch(/CREATE TABLE \W?first_name/);
    const name = file.split('/').pop()!;
    p.write(name, p.read(name).replace("'first_name'", "'second_name'"));
    const after = await p.orm(['upgrade', '--sql']);
    expect(after.stdout).toMatch(/CREATE TABLE \W?second_name/);
    expect(after.stdout).not.toContain('first_name');
  });
});

describe('which transpiled files load without jiti', () => {
  const header = '"use strict";Object.defineProperty(exports, "__esModule", { value: true });';
  it('a file importing only ormkit, with the names it reads', () => {
    const code = `${header}var _ormkit = await jitiImport("ormkit");\nconst x = (0, _ormkit.integer)(); exports.y = _ormkit.table;`;
    expect(ormkitNeeds(code)).toEqual({ names: ['integer', 'table'], whole: false, pure: true });
  });
  it('a file using the whole namespace, more than the model API, or the world outside it is not pure', () => {
    const ormkit = `${header}var _ormkit = await jitiImport("ormkit");\n`;
    expect(ormkitNeeds(`${ormkit}exports.all = _ormkit;`)).toEqual({ names: [], whole: true, pure: false });
    expect(ormkitNeeds(`${ormkit}exports.e = _ormkit.createEngine;`)).toEqual({ names: ['createEngine'], whole: false, pure: false });
    expect(ormkitNeeds(`${ormkit}exports.t = (0, _ormkit.table)(process.env.T, {});`)).toMatchObject({ pure: false });
    expect(ormkitNeeds(`${ormkit}exports.t = Date.now();`)).toMatchObject({ pure: false });
  });
  it('knows the model and schema APIs by name', () => {
    expect([...MODEL_API_NAMES].sort()).toEqual(Object.keys(modelApi).sort());
    expect([...SCHEMA_API_NAMES].sort()).toEqual(Object.keys(schemaApi).sort());
  });
  it('anything else is left to jiti', () => {
    expect(ormkitNeeds(`${header}var _ormkit = await jitiImport("ormkit");var _x = await jitiImport("./x");`)).toBeNull();
    expect(ormkitNeeds(`${header}const fs = require("node:fs");`)).toBeNull();
    expect(ormkitNeeds(`${header}const m = await import("./y.js");`)).toBeNull();
    expect(ormkitNeeds('exports.__JITI_ERROR__ = {"message":"Unexpected token"}')).toBeNull();
  });
});
