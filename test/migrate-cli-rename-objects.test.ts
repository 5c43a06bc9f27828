/**
 * A column or table rename through the CLI renames the unique constraints, indexes and
 * foreign keys whose default names follow it: no index is built again on PostgreSQL and
 * MariaDB (same index identity in the catalog), rows stay, the downgrade restores the
 * names, and `orm check` passes. SQLite cannot rename an index and rebuilds as before.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { DialectName } from '../src/dialects/dialect.js';
import { createEngine } from '../src/engine/engine.js';
import { describeDialects } from './support/databases.js';
import type { Project } from './support/migrations.js';
import { createProject } from './support/migrations.js';

const model = (teams: string, email: string) => `import { integer, table, varchar } from 'ormkit';
export const Team = table('${teams}', { id: integer().primaryKey(), title: varchar(50).notNull() });
export const User = table('users', {
  id: integer().primaryKey(),
  ${email}: varchar(255).notNull().unique(),
  name: varchar(100).notNull(),
  team_id: integer().references(() => Team.c.id).index(),
}, (t) => [t.index([t.c.${email}, t.c.name])]);
`;

/** The catalog's identity of each index of `users` (a rebuilt index gets a new one); none on SQLite. */
const IDENTITY: Record<DialectName, string | null> = {
  postgres: `SELECT c.oid::int AS id, c.relfilenode::int AS file FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'users'::regclass ORDER BY c.oid`,
  // MariaDB's catalog (the suite runs on MariaDB; MySQL 8 calls it INNODB_INDEXES).
  mysql:
    'SELECT i.INDEX_ID AS id FROM information_schema.INNODB_SYS_INDEXES i JOIN information_schema.INNODB_SYS_TABLES t ON t.TABLE_ID = i.TABLE_ID ' +
    "WHERE t.NAME = CONCAT(DATABASE(), '/users') ORDER BY i.INDEX_ID",
  sqlite: null,
};

/** Names of the unique constraints and indexes of `users`, as introspected. */
async function keyNames(p: Project): Promise<string[]> {
  const engine = await createEngine(p.db.url);
  try {
    const users = (await engine.introspect()).tables.find((t) => t.name === 'users')!;
    return [...users.uniques.map((u) => u.name), ...users.indexes.map((i) => i.name)].sort();
  } finally {
    await engine.close();
  }
}

describeDialects('orm migrate autogenerate: renames keep indexes and constraints', (dialect) => {
  const setModels = (p: Project, teams: string, email: string) => writeFileSync(join(p.cwd, 'models/index.ts'), model(teams, email));
  const server = dialect !== 'sqlite';

  it('a renamed column renames its unique constraint and index: nothing rebuilt, rows kept, downgrade restores the names', async () => {
    const p = await createProject(dialect);
    setModels(p, 'teams', 'email');
    expect((await p.orm(['migrate', 'autogenerate', '-m', 'init'])).code).toBe(0);
    expect((await p.orm(['upgrade'])).code).toBe(0);
    await p.query("INSERT INTO users (email, name) VALUES ('a@x', 'ada'), ('b@x', 'bob')");
    const identity = IDENTITY[dialect];
    const before = identity ? await p.query(identity) : [];
    const oldNames = ['ix_users_email_name', 'ix_users_team_id', 'uq_users_email'];
    expect(await keyNames(p)).toEqual(oldNames);

    setModels(p, 'teams', 'contact');
    const rename = ['--rename', 'users.email=contact'];
    const sql = await p.orm(['migrate', 'autogenerate', '-m', 'contact', ...rename, '--sql']);
    expect(sql.code, sql.stderr).toBe(0);
    if (server) {
      expect(sql.stdout).not.toMatch(/CREATE (UNIQUE )?INDEX|DROP INDEX|ADD CONSTRAINT|DROP CONSTRAINT/);
      expect(sql.stdout).toContain(dialect === 'postgres' ? 'ALTER INDEX "ix_users_email_name" RENAME TO "ix_users_contact_name"' : 'RENAME INDEX `ix_users_email_name` TO `ix_users_contact_name`');
      expect(sql.stdout).toContain(dialect === 'postgres' ? 'RENAME CONSTRAINT "uq_users_email" TO "uq_users_contact"' : 'RENAME INDEX `uq_users_email` TO `uq_users_contact`');
    }

    const gen = await p.orm(['migrate', 'autogenerate', '-m', 'contact', ...rename]);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stdout).not.toContain('destructive');
    const file = p.read(p.files().find((f) => f.endsWith('_contact.ts'))!);
    const upgrade = file.slice(file.indexOf('upgrade('), file.indexOf('downgrade('));
    expect(upgrade).toContain("op.renameColumn('users', 'email', 'contact');");
    expect(upgrade).toContain("op.renameIndex('users', 'ix_users_email_name', 'ix_users_contact_name');");
    expect(upgrade).toContain("op.renameConstraint('users', 'uq_users_email', 'uq_users_contact');");
    expect(upgrade).not.toMatch(/dropConstraint|addUnique|createIndex|dropIndex/);

    const up = await p.orm(['upgrade']);
    expect(up.code, up.stderr).toBe(0);
    expect(await keyNames(p)).toEqual(['ix_users_contact_name', 'ix_users_team_id', 'uq_users_contact']);
    expect(await p.query('SELECT contact, name FROM users ORDER BY id')).toEqual([
      { contact: 'a@x', name: 'ada' },
      { contact: 'b@x', name: 'bob' },
    ]);
    if (identity) expect(await p.query(identity)).toEqual(before);
    const check = await p.orm(['check']);
    expect(check.code, check.stdout).toBe(0);

    const down = await p.orm(['downgrade', '-1']);
    expect(down.code, down.stderr).toBe(0);
    expect(await keyNames(p)).toEqual(oldNames);
    if (identity) expect(await p.query(identity)).toEqual(before);
  });

  it('a renamed table renames the foreign key naming it', async () => {
    const p = await createProject(dialect);
    setModels(p, 'teams', 'email');
    await p.orm(['migrate', 'autogenerate', '-m', 'init']);
    await p.orm(['upgrade']);
    await p.query("INSERT INTO teams (title) VALUES ('red')");
    await p.query("INSERT INTO users (email, name, team_id) VALUES ('a@x', 'ada', 1)");

    setModels(p, 'squads', 'email');
    const gen = await p.orm(['migrate', 'autogenerate', '-m', 'squads', '--rename', 'teams=squads']);
    expect(gen.code, gen.stderr).toBe(0);
    const file = p.read(p.files().find((f) => f.endsWith('_squads.ts'))!);
    const upgrade = file.slice(file.indexOf('upgrade('), file.indexOf('downgrade('));
    expect(upgrade).toContain("op.renameTable('teams', 'squads');");
    expect(upgrade).toContain("op.renameConstraint('users', 'fk_users_team_id_teams', 'fk_users_team_id_squads');");
    expect(upgrade).not.toMatch(/dropConstraint|addForeignKey/);

    expect((await p.orm(['upgrade'])).code).toBe(0);
    const check = await p.orm(['check']);
    expect(check.code, check.stdout).toBe(0);
    expect(await p.query('SELECT u.name, s.title FROM users u JOIN squads s ON s.id = u.team_id')).toEqual([{ name: 'ada', title: 'red' }]);
    // The renamed foreign key still holds.
    await expect(p.query("INSERT INTO users (email, name, team_id) VALUES ('b@x', 'bob', 99)")).rejects.toThrow();
    expect((await p.orm(['downgrade', '-1'])).code).toBe(0);
    expect(await p.query('SELECT title FROM teams')).toEqual([{ title: 'red' }]);
  });
});
