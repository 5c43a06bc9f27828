#!/usr/bin/env node
// `npm run demo`: the whole flow on the embedded SQLite default, in a temporary folder,
// printing each command and its output. Stops at the first step that does not behave.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ORM = fileURLToPath(new URL('../bin/orm.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JITI = fileURLToPath(new URL('../node_modules/jiti/lib/jiti-cli.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ormkit-demo-'));
const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s) => (tty ? `\x1b[2m${s}\x1b[22m` : s);

/** Runs `orm …` in the demo folder; `expect` is the exit code this step must give. */
function orm(args, expect = 0) {
  const shown = args.map((a) => (!/[\s"'|>;]/.test(a) ? a : a.includes("'") ? `"${a.replace(/"/g, '\\"')}"` : `'${a}'`));
  console.log(bold(`\n$ orm ${shown.join(' ')}`));
  const r = spawnSync(process.execPath, [ORM, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: tty ? '1' : '0' } });
  process.stdout.write(r.stdout);
  process.stdout.write(r.stderr);
  if (r.status !== expect) {
    console.error(`\ndemo failed: \`orm ${args.join(' ')}\` exited ${r.status}, expected ${expect}`);
    process.exit(1);
  }
  return r.stdout;
}

function step(note) {
  console.log(bold(`\n# ${note}`));
}

function write(file, text, note) {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
  step(note);
  console.log(dim(text.trimEnd()));
}

console.log(`ormkit demo in ${dir}`);

step('1. A new project: config (SQLite app.db), a User model, migrations/ and seeds/');
orm(['init']);

step('2. Versioned migrations: generate the first one from the models, apply it');
orm(['migrate', 'autogenerate', '-m', 'create users']);
orm(['upgrade']);
orm(['migrate', 'autogenerate', '-m', 'nothing to do']);

const models = join(dir, 'models/index.ts');
const source = readFileSync(models, 'utf8')
  .replace("import { integer, table, timestamp, varchar } from 'ormkit';", "import { integer, table, text, timestamp, varchar } from 'ormkit';")
  .replace('  age: integer().default(18),\n', '  age: integer().default(18),\n  bio: text(),\n');
write('models/index.ts', source, '3. Add a column to the model (bio: text())');
orm(['migrate', 'autogenerate', '-m', 'add bio']);
orm(['upgrade']);
orm(['history']);

step('4. Step back one migration, look, and come back');
orm(['downgrade', '-1']);
orm(['current']);
orm(['upgrade']);

step('5. The CI check: models, migrations and database agree');
orm(['check']);

write('seeds/users.csv', 'name,email,age\nAlice,alice@example.com,25\nBob,bob@example.com,30\nCarol,carol@example.com,19\n', '6. Seed data (CSV, one transaction, foreign-key order)');
orm(['seed']);

step('7. Ad-hoc data work: --where is parsed, never pasted into SQL');
orm(['select', 'users', '--where', 'age > 20', '--columns', 'name,email,age', '--order', 'name']);
orm(['update', 'users', '--where', "name = 'Alice'", '--set', 'age=26']);
orm(['delete', 'users', '--where', "email = 'bob@example.com'"]);
orm(['count', 'users']);
orm(['select', 'users', '--where', "name = 'x'; DROP TABLE users; --"], 2);
orm(['select', 'users', '--where', "name = 'x''; DROP TABLE users; --'"]);
orm(['count', 'users']);

step('8. Mistakes get one clear line and a non-zero exit code');
orm(['select', 'users', '--where', 'agee > 3'], 2);
orm(['upgrade', 'nope'], 2);

step('9. The schema as a diagram GitHub renders');
orm(['inspect', '--format', 'mermaid']);

// As if `npm install ormkit` had run in the project: node_modules/ormkit is this repository.
mkdirSync(join(dir, 'node_modules'), { recursive: true });
symlinkSync(ROOT, join(dir, 'node_modules/ormkit'), 'dir');
write(
  'app.ts',
  `import { createEngine, withSession } from 'ormkit';
import { User } from './models/index.js';

const engine = await createEngine('sqlite:///app.db');
await withSession(engine, async (s) => {
  const dave = new User({ name: 'Dave', email: 'dave@example.com', age: 41 });
  s.add(dave);
  await s.commit(); // withSession also commits at the end, or rolls back on a throw
  console.log(\`added \${dave.name} with id \${dave.id}\`);
  const adults = await s.query(User).where(User.c.age.gt(20)).orderBy(User.c.name.asc()).all();
  console.log('age > 20:', adults.map((u) => \`\${u.name} (\${u.age})\`).join(', '));
});
await engine.close();
`,
  '10. The same engine from code: a session, typed models and queries (app.ts)',
);
console.log(bold('\n$ npx jiti app.ts'));
const app = spawnSync(process.execPath, [JITI, 'app.ts'], { cwd: dir, encoding: 'utf8' });
process.stdout.write(app.stdout + app.stderr);
if (app.status !== 0) {
  console.error('\ndemo failed: app.ts exited', app.status);
  process.exit(1);
}
orm(['count', 'users']);

console.log(`\nDemo finished. The project is in ${dir}`);
