#!/usr/bin/env node
// `npm run demo`: the whole flow on the embedded SQLite default, in a temporary folder,
// printing each command and its output. Stops at the first failing step.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ORM = fileURLToPath(new URL('../bin/orm.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ormkit-demo-'));
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

function orm(...args) {
  console.log(bold(`\n$ orm ${args.map((a) => (/[\s"'|]/.test(a) ? `'${a}'` : a)).join(' ')}`));
  const r = spawnSync(process.execPath, [ORM, ...args], { cwd: dir, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stdout.write(r.stderr);
  if (r.status !== 0) {
    console.error(`\ndemo failed: \`orm ${args.join(' ')}\` exited ${r.status}`);
    process.exit(1);
  }
  return r.stdout;
}

function edit(file, fn, note) {
  const path = join(dir, file);
  writeFileSync(path, fn(readFileSync(path, 'utf8')));
  console.log(bold(`\n# ${note}`));
}

console.log(`ormkit demo in ${dir}`);
orm('init');
orm('create-all');
orm('create-all');
orm('inspect');
orm('inspect', '--format', 'mermaid');
edit('models/index.ts', (s) => s, 'models/index.ts is plain TypeScript: edit it, then migrate (next steps)');
orm('drop-all', '--yes');
console.log(`\nDemo finished. The project is in ${dir}`);
