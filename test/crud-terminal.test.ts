/**
 * What changes on a terminal: select draws a boxed table, delete --all asks, seed draws a
 * progress line. Runs the CLI under `script` (util-linux) for a pseudo-terminal.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORM_BIN } from './support/cli.js';
import { describeDialects, useTestDatabase } from './support/databases.js';
import type { TestProject } from './support/project.js';
import { createProject } from './support/project.js';

const SCRIPT = '/usr/bin/script';
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `orm` on a pseudo-terminal; stdout and stderr arrive merged, with CRLF line ends. */
function onTerminal(cwd: string, args: readonly string[], input = ''): Promise<string> {
  const command = [process.execPath, ORM_BIN, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, DATABASE_URL: undefined } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out.replace(/\r\n/g, '\n')));
    child.stdin.end(input);
  });
}

const MODELS = `
import { integer, table, text } from 'ormkit';
export const Note = table('notes', { id: integer().primaryKey(), body: text() });
`;

if (!existsSync(SCRIPT)) {
  describe.skip('orm on a terminal (skipped: no /usr/bin/script for a pseudo-terminal)', () => undefined);
} else {
  describeDialects('orm on a terminal', (dialect) => {
    const db = useTestDatabase(dialect);
    let p: TestProject;
    beforeAll(async () => {
      p = await createProject(db().url, MODELS);
    });

    it('select draws a boxed table by default', async () => {
      await p.orm(['insert', 'notes', JSON.stringify([{ id: 1, body: 'hello' }, { id: 2, body: null }])]);
      const out = await onTerminal(p.cwd, ['select', 'notes']);
      expect(out).toBe(['┌────┬───────┐', '│ id │ body  │', '├────┼───────┤', '│  1 │ hello │', '│  2 │ NULL  │', '└────┴───────┘', '(2 rows)', ''].join('\n'));
    });

    it('delete --all asks first, and "n" deletes nothing', async () => {
      const no = await onTerminal(p.cwd, ['delete', 'notes', '--all'], 'n\n');
      expect(no).toContain('delete --all will remove all 2 rows of notes. Continue? [y/N]');
      expect(no).toContain('Cancelled; nothing was deleted.');
      expect((await p.json(['count', 'notes'])).count).toBe(2);
      const yes = await onTerminal(p.cwd, ['delete', 'notes', '--all'], 'y\n');
      expect(yes).toContain('deleted 2 rows from notes');
      expect((await p.json(['count', 'notes'])).count).toBe(0);
    });

    it('seed draws a progress line with rows/s on stderr, then clears it for the summary', async () => {
      p.write('seeds/notes.csv', `id,body\n${Array.from({ length: 1200 }, (_, i) => `${i + 1},note ${i}`).join('\n')}\n`);
      const out = await onTerminal(p.cwd, ['seed']);
      expect(out).toMatch(/\r\x1b\[Knotes: [\d,]+ rows, [\d,]+ rows\/s/);
      expect(out).toMatch(/\r\x1b\[Knotes: 1,200 rows \(seeds\/notes\.csv/);
      expect(out).toContain('seeded 1,200 rows (insert)');
    });
  });
}
