/**
 * `orm check` says the same with a reused replay as with `--no-cache` — the same checks,
 * statuses, operations, DDL and exit code — whatever state the models, the migrations
 * and the database are in. Only the note that a replay was reused differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDialects } from './support/databases.js';
import type { Project } from './support/migrations.js';
import { createProject } from './support/migrations.js';

const REUSED = / \(the same files as an earlier replay, whose result is reused; --no-cache replays them again\)/g;

const model = (extra: string) =>
  `import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull()${extra} });\n`;

/** Warms the cache, then checks with it (asserting it was used) and without it: both outputs, minus the note. */
async function bothWays(p: Project): Promise<void> {
  await p.orm(['check']);
  for (const json of [true, false]) {
    const args = json ? ['check', '--json'] : ['check'];
    const hit = await p.orm(args);
    const fresh = await p.orm([...args, '--no-cache']);
    expect(hit.stdout).toMatch(REUSED);
    expect(fresh.stdout).not.toMatch(REUSED);
    expect({ code: hit.code, stdout: hit.stdout.replace(REUSED, ''), stderr: hit.stderr }).toEqual({ code: fresh.code, stdout: fresh.stdout, stderr: fresh.stderr });
  }
}

describeDialects('check with a reused replay and with --no-cache', (dialect) => {
  it('agree on a clean project, models ahead, a database behind and a hand-edited database', async () => {
    const p = await createProject(dialect);
    p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });", downgrade: "op.dropTable('users');" });
    expect((await p.orm(['upgrade'])).code).toBe(0);

    // Clean: everything passes (the live schema is the replayed one).
    await bothWays(p);
    expect((await p.orm(['check'])).code).toBe(0);

    // Models ahead of the migrations.
    writeFileSync(join(p.cwd, 'models/index.ts'), model(', age: integer()'));
    await bothWays(p);
    expect((await p.orm(['check'])).code).toBe(1);

    // The database behind the migrations.
    p.migration({ revision: 'bb2222', down: 'aa1111', upgrade: "op.addColumn('users', 'age', integer());", downgrade: "op.dropColumn('users', 'age');" });
    await bothWays(p);
    expect((await p.orm(['check'])).code).toBe(1);

    // At head again, then the database edited by hand.
    expect((await p.orm(['upgrade'])).code).toBe(0);
    await bothWays(p);
    expect((await p.orm(['check'])).code).toBe(0);
    await p.query('ALTER TABLE users ADD COLUMN note VARCHAR(20)');
    await bothWays(p);
    expect((await p.orm(['check'])).code).toBe(1);
  });
});
