/**
 * NULLS FIRST/LAST and operator classes on index keys through the real CLI. PostgreSQL:
 * a model saying them autogenerates a migration that upgrades, checks clean and
 * downgrades; declaring the defaults instead autogenerates the change back; `orm pull`
 * writes them into models that autogenerate nothing; pg_trgm's gin_trgm_ops when the
 * server has the extension. SQLite and MySQL/MariaDB: the NULLs placement they have anyway
 * migrates; the other one, and any operator class, stop autogenerate (and a migration file
 * asking for one stops upgrade before it runs anything) with one line.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { DialectName } from '../src/dialects/dialect.js';
import { describeDialects } from './support/databases.js';
import type { Project } from './support/migrations.js';
import { createProject, expectClean, expectNoChanges, oneLine } from './support/migrations.js';

const USERS = "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200) });";

const model = (index: string) => `import { integer, table, varchar } from 'ormkit';
export const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull(), email: varchar(200) }, (t) => [
  ${index},
]);
`;

async function usersProject(dialect: DialectName, ...statements: string[]): Promise<Project> {
  const p = await createProject(dialect);
  p.migration({ revision: 'aa1111', down: null, message: 'users', upgrade: [USERS, ...statements.map((sql) => `op.execute(${JSON.stringify(sql)});`)].join('\n  ') });
  const up = await p.orm(['upgrade']);
  expect(up.code, up.stderr).toBe(0);
  return p;
}

/** The index's definition as PostgreSQL prints it. */
const indexDef = async (p: Project, name: string) => String((await p.query(`SELECT indexdef FROM pg_indexes WHERE indexname = '${name}'`))[0]?.indexdef);

describeDialects('index key options through the CLI', (dialect) => {
  if (dialect === 'postgres') {
    it('operator classes and NULLS placements migrate up, check clean and down; declared defaults migrate back to plain keys', async () => {
      const p = await usersProject(dialect);
      const models = join(p.cwd, 'models/index.ts');
      const declared = model("t.index('ix_users_name', [t.key(t.c.name).opclass('varchar_pattern_ops'), t.key(t.c.email).desc().nullsLast().opclass('text_pattern_ops')])");
      writeFileSync(models, declared);
      const auto = await p.orm(['migrate', 'autogenerate', '-m', 'pattern ops']);
      expect(auto.code, auto.stderr).toBe(0);
      const first = p.files().at(-1)!;
      expect(p.read(first)).toContain(
        "op.createIndex('users', 'ix_users_name', [{ column: 'name', opclass: 'varchar_pattern_ops' }, { column: 'email', order: 'desc', nulls: 'last', opclass: 'text_pattern_ops' }]);",
      );
      expect((await p.orm(['upgrade'])).code).toBe(0);
      expect(await indexDef(p, 'ix_users_name')).toContain('(name varchar_pattern_ops, email text_pattern_ops DESC NULLS LAST)');
      await expectClean(p);

      // The same keys with every option a default: the index changes, to plain keys.
      writeFileSync(models, model("t.index('ix_users_name', [t.key(t.c.name).opclass('text_ops').nullsLast(), t.key(t.c.email).desc().nullsFirst()])"));
      const before = p.files();
      const back = await p.orm(['migrate', 'autogenerate', '-m', 'plain']);
      expect(back.code, back.stderr).toBe(0);
      // Two files written within a minute sort by revision: find the new one.
      const second = p.files().find((f) => !before.includes(f))!;
      // The migration says what the model says; the index built is the plain one.
      expect(p.read(second)).toMatch(
        /op\.dropIndex\('users', 'ix_users_name'\);\s*op\.createIndex\('users', 'ix_users_name', \[\{ column: 'name', nulls: 'last', opclass: 'text_ops' \}, \{ column: 'email', order: 'desc', nulls: 'first' \}\]\);/,
      );
      expect((await p.orm(['upgrade'])).code).toBe(0);
      expect(await indexDef(p, 'ix_users_name')).toContain('(name, email DESC)');
      await expectClean(p);

      expect((await p.orm(['downgrade', '-1'])).code).toBe(0);
      unlinkSync(join(p.cwd, 'migrations', second));
      writeFileSync(models, declared);
      await expectClean(p);
      expect((await p.orm(['downgrade', 'aa1111'])).code).toBe(0);
      expect(await p.query("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_users_name'")).toEqual([]);
    });

    it('pull writes operator classes and NULLS placements of hand-made indexes, leaving defaults out; the models autogenerate nothing', async () => {
      const p = await usersProject(
        dialect,
        'CREATE INDEX ix_users_name ON users (name varchar_pattern_ops DESC NULLS LAST, email text_ops NULLS FIRST)',
        'CREATE UNIQUE INDEX ux_users_email ON users (lower(email) text_pattern_ops)',
      );
      const pulled = await p.orm(['pull', '--out', 'models/index.ts', '--force']);
      expect(pulled.code, pulled.stderr).toBe(0);
      const source = readFileSync(join(p.cwd, 'models/index.ts'), 'utf8');
      expect(source).toContain("t.index('ix_users_name', [t.key(t.c.name).desc().nullsLast().opclass('varchar_pattern_ops'), t.key(t.c.email).nullsFirst()])");
      expect(source).toContain("t.uniqueIndex('ux_users_email', [t.expr('lower(email::text)').opclass('text_pattern_ops')])");
      await expectClean(p);
    });

    it("pg_trgm's gin_trgm_ops: a gin index migrates, checks clean, is pulled back and downgrades (skipped when the server lacks pg_trgm)", async (ctx) => {
      const p = await createProject(dialect);
      const available = await p.query("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'");
      if (available.length === 0) ctx.skip('pg_trgm is not available on this server');
      p.migration({ revision: 'aa1111', down: null, message: 'users', upgrade: `op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm');\n  ${USERS}` });
      expect((await p.orm(['upgrade'])).code).toBe(0);
      const models = join(p.cwd, 'models/index.ts');
      writeFileSync(models, model("t.index('ix_users_name_trgm', [t.key(t.c.name).opclass('gin_trgm_ops')], { using: 'gin' })"));
      const auto = await p.orm(['migrate', 'autogenerate', '-m', 'trigrams']);
      expect(auto.code, auto.stderr).toBe(0);
      expect(p.read(p.files().at(-1)!)).toContain("op.createIndex('users', 'ix_users_name_trgm', [{ column: 'name', opclass: 'gin_trgm_ops' }], { using: 'gin' });");
      expect((await p.orm(['upgrade'])).code).toBe(0);
      expect(await indexDef(p, 'ix_users_name_trgm')).toContain('USING gin (name gin_trgm_ops)');
      // The replay's scratch database has pg_trgm too, so gin_trgm_ops is found there.
      await expectClean(p);
      expect((await p.orm(['pull', '--out', 'models/index.ts', '--force'])).code).toBe(0);
      expect(readFileSync(models, 'utf8')).toContain("t.index('ix_users_name_trgm', [t.key(t.c.name).opclass('gin_trgm_ops')], { using: 'gin' })");
      await expectNoChanges(p);
      expect((await p.orm(['downgrade', 'aa1111'])).code).toBe(0);
      expect(await p.query("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_users_name_trgm'")).toEqual([]);
    });
    return;
  }

  const database = dialect === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB';
  it('NULLs placed where the database puts them anyway migrate and check clean; the other placement and operator classes stop autogenerate', async () => {
    const p = await usersProject(dialect);
    const models = join(p.cwd, 'models/index.ts');
    const refused = async (index: string, message: string) => {
      writeFileSync(models, model(index));
      const r = await p.orm(['migrate', 'autogenerate', '-m', 'refused']);
      expect(r.code).toBe(2);
      expect(oneLine(r)).toBe(`error: table 'users', index 'ix_users_name': ${database} ${message}`);
      expect(p.files()).toHaveLength(1);
    };
    await refused("t.index('ix_users_name', [t.key(t.c.name).opclass('text_pattern_ops')])", "has no operator classes (name text_pattern_ops); remove opclass('text_pattern_ops')");
    await refused("t.index('ix_users_name', [t.key(t.c.name).nullsLast()])", 'puts NULLs first in an ascending key, so (name NULLS LAST) cannot be built; remove nullsLast()');

    writeFileSync(models, model("t.index('ix_users_name', [t.key(t.c.name).nullsFirst(), t.key(t.c.email).desc().nullsLast()])"));
    const auto = await p.orm(['migrate', 'autogenerate', '-m', 'low nulls']);
    expect(auto.code, auto.stderr).toBe(0);
    expect((await p.orm(['upgrade'])).code).toBe(0);
    await expectClean(p);
    expect((await p.orm(['downgrade', 'aa1111'])).code).toBe(0);
  });

  it('a migration file asking for an operator class fails to plan with one line, before any statement runs', async () => {
    const p = await usersProject(dialect);
    const before = await p.tables();
    p.migration({
      revision: 'bb2222',
      down: 'aa1111',
      message: 'tags',
      upgrade: "op.createTable('tags', { id: integer().primaryKey(), label: varchar(50) });\n  op.createIndex('tags', 'ix_tags_label', [{ column: 'label', opclass: 'text_pattern_ops' }]);",
    });
    const r = await p.orm(['upgrade']);
    expect(r.code).not.toBe(0);
    const line = oneLine(r);
    expect(line).toContain('createIndex');
    expect(line.endsWith(`table 'tags', index 'ix_tags_label': ${database} has no operator classes (label text_pattern_ops); remove opclass('text_pattern_ops')`), line).toBe(true);
    expect(await p.tables()).toEqual(before);
  });
});
