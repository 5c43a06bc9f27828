/**
 * Indexes beyond plain column lists through the real CLI, on every dialect: an index made
 * by raw SQL (a migration's op.execute) with a DESC key, declared the same way in the
 * model, passes `orm check` and autogenerates nothing; changing the key's order in the
 * model autogenerates a drop and create that upgrades and downgrades; likewise for access
 * methods (USING) and expression keys (lower(email)); `orm pull` writes models that read back clean.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDialects } from './support/databases.js';
import type { Project } from './support/migrations.js';
import { createProject, expectClean, oneLine } from './support/migrations.js';

const INDEX_SQL = 'CREATE INDEX ix_users_name ON users (name DESC, id)';

const model = (keys: string) => `import { integer, table, varchar } from 'ormkit';
export const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200).notNull() }, (t) => [
  t.index('ix_users_name', [${keys}]),
]);
`;

async function databaseWithIndex(dialect: Parameters<typeof createProject>[0]): Promise<Project> {
  const p = await createProject(dialect);
  p.migration({
    revision: 'aa1111',
    down: null,
    message: 'users',
    upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200).notNull() });",
  });
  p.migration({ revision: 'bb2222', down: 'aa1111', message: 'index by hand', upgrade: `op.execute(${JSON.stringify(INDEX_SQL)});` });
  const up = await p.orm(['upgrade']);
  expect(up.code, up.stderr).toBe(0);
  return p;
}

describeDialects('index kinds through the CLI', (dialect) => {
  it('a hand-made DESC index matching the model checks clean; an order change migrates both ways', async () => {
    const p = await databaseWithIndex(dialect);
    const models = join(p.cwd, 'models/index.ts');
    const declared = model('t.c.name.desc(), t.c.id');
    writeFileSync(models, declared);
    await expectClean(p);

    writeFileSync(models, model('t.c.name, t.c.id'));
    const auto = await p.orm(['migrate', 'autogenerate', '-m', 'name ascending']);
    expect(auto.code, auto.stderr).toBe(0);
    const file = p.files().at(-1)!;
    const source = p.read(file);
    expect(source).toMatch(/op\.dropIndex\('users', 'ix_users_name'\);\s*op\.createIndex\('users', 'ix_users_name', \['name', 'id'\]\);/);
    expect(source).toMatch(/op\.createIndex\('users', 'ix_users_name', \[\{ column: 'name', order: 'desc' \}, 'id'\]\);/);
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    await expectClean(p);

    const down = await p.orm(['downgrade', 'bb2222']);
    expect(down.code, down.stderr).toBe(0);
    // Back to DESC: without the reverted migration, the first model checks clean again.
    unlinkSync(join(p.cwd, 'migrations', file));
    writeFileSync(models, declared);
    await expectClean(p);
  });
});

const usersWith = (extra: string, index: string) => `import { integer, json, table, varchar } from 'ormkit';
export const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200).notNull()${extra} }, (t) => [
  ${index},
]);
`;

describeDialects('index access methods through the CLI', (dialect) => {
  it('a hand-made index with USING checks clean against the model saying so; SQLite refuses a method', async () => {
    const p = await createProject(dialect);
    const models = join(p.cwd, 'models/index.ts');
    const table = "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200).notNull() });";
    if (dialect === 'sqlite') {
      p.migration({ revision: 'aa1111', down: null, message: 'users', upgrade: table });
      expect((await p.orm(['upgrade'])).code).toBe(0);
      writeFileSync(models, usersWith('', "t.index('ix_users_name', [t.c.name], { using: 'gin' })"));
      const r = await p.orm(['migrate', 'autogenerate', '-m', 'gin']);
      expect(r.code).toBe(2);
      expect(oneLine(r)).toBe("error: table 'users', index 'ix_users_name': SQLite has no index access methods (using 'gin'); remove using");
      expect(p.files()).toHaveLength(1);
      return;
    }
    if (dialect === 'postgres') {
      p.migration({
        revision: 'aa1111',
        down: null,
        text: [
          "import type { MigrationOp } from 'ormkit';",
          "import { integer, json, varchar } from 'ormkit';",
          "export const revision = 'aa1111';",
          'export const downRevision = null;',
          `export async function upgrade(op: MigrationOp): Promise<void> { ${table.replace(' });', ', tags: json() });')} }`,
          'export async function downgrade(op: MigrationOp): Promise<void> {}',
        ].join('\n'),
      });
      p.migration({ revision: 'bb2222', down: 'aa1111', message: 'gin', upgrade: "op.execute('CREATE INDEX ix_users_tags ON users USING gin (tags)');" });
    } else {
      p.migration({ revision: 'aa1111', down: null, message: 'users', upgrade: table });
      p.migration({ revision: 'bb2222', down: 'aa1111', message: 'hash', upgrade: "op.execute('CREATE INDEX ix_users_tags ON users (name) USING HASH');" });
    }
    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    const extra = dialect === 'postgres' ? ', tags: json()' : '';
    const column = dialect === 'postgres' ? 't.c.tags' : 't.c.name';
    const declared = usersWith(extra, `t.index('ix_users_tags', [${column}], { using: ${dialect === 'postgres' ? "'gin'" : "'hash'"} })`);
    writeFileSync(models, declared);
    await expectClean(p);

    writeFileSync(models, usersWith(extra, `t.index('ix_users_tags', [${column}])`));
    if (dialect === 'mysql') {
      // InnoDB builds USING HASH as a B-tree: leaving the method out changes nothing.
      await expectClean(p);
      return;
    }
    const auto = await p.orm(['migrate', 'autogenerate', '-m', 'btree']);
    expect(auto.code, auto.stderr).toBe(0);
    const file = p.files().at(-1)!;
    expect(p.read(file)).toMatch(/op\.dropIndex\('users', 'ix_users_tags'\);\s*op\.createIndex\('users', 'ix_users_tags', \['tags'\]\);/);
    expect(p.read(file)).toContain("op.createIndex('users', 'ix_users_tags', ['tags'], { using: 'gin' });");
    expect((await p.orm(['upgrade'])).code).toBe(0);
    await expectClean(p);
    expect((await p.orm(['downgrade', 'bb2222'])).code).toBe(0);
    unlinkSync(join(p.cwd, 'migrations', file));
    writeFileSync(models, declared);
    await expectClean(p);
  });
});

describeDialects('expression index keys through the CLI', (dialect) => {
  const LOWER_SQL = 'CREATE UNIQUE INDEX ux_users_email ON users (lower(email))';
  const declared = usersWith('', "t.uniqueIndex('ux_users_email', [t.expr('lower(email)')])");

  it('a hand-made lower(email) index checks clean against the model (the server reprints it); MySQL refuses one', async () => {
    const p = await createProject(dialect);
    const models = join(p.cwd, 'models/index.ts');
    p.migration({
      revision: 'aa1111',
      down: null,
      message: 'users',
      upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200).notNull() });",
    });
    if (dialect === 'mysql') {
      expect((await p.orm(['upgrade'])).code).toBe(0);
      writeFileSync(models, declared);
      const r = await p.orm(['migrate', 'autogenerate', '-m', 'lower']);
      expect(r.code).toBe(2);
      expect(oneLine(r)).toBe(
        "error: table 'users', index 'ux_users_email': expression keys such as (lower(email)) are not supported on MySQL/MariaDB; index a generated column instead",
      );
      return;
    }
    p.migration({ revision: 'bb2222', down: 'aa1111', message: 'lower', upgrade: `op.execute(${JSON.stringify(LOWER_SQL)});` });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    writeFileSync(models, declared);
    await expectClean(p);

    // DESC on the expression: a drop and create, both ways.
    writeFileSync(models, usersWith('', "t.uniqueIndex('ux_users_email', [t.expr('lower(email)').desc()])"));
    const auto = await p.orm(['migrate', 'autogenerate', '-m', 'lower desc']);
    expect(auto.code, auto.stderr).toBe(0);
    const file = p.files().at(-1)!;
    expect(p.read(file)).toContain("op.createIndex('users', 'ux_users_email', [{ expression: 'lower(email)', order: 'desc' }], { unique: true });");
    expect((await p.orm(['upgrade'])).code).toBe(0);
    await expectClean(p);
    expect((await p.orm(['downgrade', 'bb2222'])).code).toBe(0);
    unlinkSync(join(p.cwd, 'migrations', file));
    writeFileSync(models, declared);
    await expectClean(p);
  });

  it('pull writes DESC keys, methods and expressions, and the pulled models autogenerate nothing', async () => {
    const p = await createProject(dialect);
    const table = "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200).notNull() });";
    const indexes = [INDEX_SQL, ...(dialect === 'mysql' ? ['CREATE INDEX ix_users_email ON users (email) USING HASH'] : [LOWER_SQL])];
    if (dialect === 'postgres') indexes.push('CREATE INDEX ix_users_email_hash ON users USING hash (email)');
    p.migration({ revision: 'aa1111', down: null, message: 'users', upgrade: [table, ...indexes.map((sql) => `op.execute(${JSON.stringify(sql)});`)].join('\n  ') });
    expect((await p.orm(['upgrade'])).code).toBe(0);
    const pulled = await p.orm(['pull', '--out', 'models/index.ts', '--force']);
    expect(pulled.code, pulled.stderr).toBe(0);
    const source = readFileSync(join(p.cwd, 'models/index.ts'), 'utf8');
    expect(source).toContain("t.index('ix_users_name', [t.c.name.desc(), t.c.id])");
    if (dialect !== 'mysql') expect(source).toContain("t.uniqueIndex('ux_users_email', [t.expr('lower(");
    if (dialect === 'postgres') expect(source).toContain("t.index('ix_users_email_hash', [t.c.email], { using: 'hash' })");
    await expectClean(p);
  });
});
