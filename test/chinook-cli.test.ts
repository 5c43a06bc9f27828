/**
 * Issue 5's real-world check, from the CLI on every dialect: Chinook loaded with its own
 * script, `orm pull` turns it into models, `orm create-all` makes a second database from
 * them, the two databases diff to nothing, and `orm migrate autogenerate` against the
 * original (and the copy) finds nothing to write.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Engine } from '../src/index.js';
import { createEngine } from '../src/index.js';
import { diff } from '../src/diff/diff.js';
import { runOrm, tempDir } from './support/cli.js';
import { loadableChinookScript } from './support/corpus.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

const TABLES = ['album', 'artist', 'customer', 'employee', 'genre', 'invoice', 'invoiceline', 'mediatype', 'playlist', 'playlisttrack', 'track'];

async function withEngine<T>(url: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await createEngine(url);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

describeDialects('Chinook from the CLI: pull, create-all, nothing to migrate', (dialect) => {
  const original = useTestDatabase(dialect);
  const copy = useTestDatabase(dialect);

  it('pulled models recreate the database exactly, and autogenerate finds no changes against either', async () => {
    await withEngine(original().url, async (engine) => {
      const conn = await engine.connect();
      try {
        await conn.raw.exec(loadableChinookScript(dialect));
      } finally {
        conn.release();
      }
    });

    const cwd = tempDir('ormkit-chinook-');
    mkdirSync(join(cwd, 'models'));
    mkdirSync(join(cwd, 'migrations'));
    writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify({ models: 'models', migrations: 'migrations' }));
    const orm = (url: string, ...args: string[]) => runOrm(['--url', url, ...args], { cwd });

    const pulled = await orm(original().url, 'pull', '--json');
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout).tables.map((t: string) => t.toLowerCase().replace(/_/g, '')).sort()).toEqual(TABLES);
    expect(readdirSync(join(cwd, 'models'))).toEqual(['schema.ts']);

    const created = await orm(copy().url, 'create-all', '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).createdTables).toHaveLength(TABLES.length);

    const [a, b] = await Promise.all([original(), copy()].map((db) => withEngine(db.url, (e) => e.introspect())));
    await withEngine(copy().url, async (engine) => {
      expect(diff(a!, b!, { dialect: engine.dialect })).toEqual({ operations: [], ambiguities: [], renames: [] });
      expect(engine.dialect.normalize(b!)).toEqual(engine.dialect.normalize(a!));
    });

    for (const db of [original(), copy()]) {
      const r = await orm(db.url, 'migrate', 'autogenerate', '-m', 'nothing');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('No changes detected');
      expect(readdirSync(join(cwd, 'migrations'))).toEqual([]);
    }
  }, 120_000);
});
