import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, loadConfig } from '../src/config/config.js';
import { createEngine } from '../src/index.js';
import { loadModels } from '../src/schema/load-models.js';
import { runOrm } from './support/cli.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

const ROOT = resolve(__dirname, '..');

describe('the repository example app (ormconfig.example.json)', () => {
  it('is a valid config whose every key is documented in docs/config.md', async () => {
    const raw = JSON.parse(readFileSync(resolve(ROOT, 'ormconfig.example.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(raw).sort()).toEqual(Object.keys(CONFIG_KEYS).sort());
    const docs = readFileSync(resolve(ROOT, 'docs/config.md'), 'utf8');
    for (const key of Object.keys(CONFIG_KEYS)) expect(docs).toContain(`| \`${key}\` |`);
    const config = await loadConfig({ configPath: 'ormconfig.example.json', cwd: ROOT });
    expect(config).toMatchObject({ url: 'sqlite:///example.db', models: resolve(ROOT, 'examples/app/models'), migrations: resolve(ROOT, 'migrations'), versionTable: 'orm_migrations' });
  });

  it('has users, posts with a foreign key, tags and a composite-key join table', async () => {
    const { schema } = await loadModels(resolve(ROOT, 'examples/app/models'));
    expect(schema.tables.map((t) => t.name)).toEqual(['post_tags', 'posts', 'tags', 'users']);
    const posts = schema.tables.find((t) => t.name === 'posts')!;
    expect(posts.foreignKeys).toEqual([expect.objectContaining({ columns: ['author_id'], refTable: 'users', onDelete: 'cascade' })]);
    const postTags = schema.tables.find((t) => t.name === 'post_tags')!;
    expect(postTags.primaryKey?.columns).toEqual(['post_id', 'tag_id']);
    expect(postTags.foreignKeys.map((f) => f.refTable).sort()).toEqual(['posts', 'tags']);
  });

  it('creates its tables from the repository root', async () => {
    const r = await runOrm(['--config', 'ormconfig.example.json', 'create-all', '--url', 'sqlite://:memory:', '--json'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).createdTables).toHaveLength(4);
  });
});

describe('the repository checks itself', () => {
  it('its migrations upgrade a fresh database that then passes orm check', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const url = `sqlite:///${resolve(mkdtempSync(resolve(tmpdir(), 'ormkit-example-')), 'example.db')}`;
    const up = await runOrm(['--config', 'ormconfig.example.json', '--url', url, 'upgrade'], { cwd: ROOT });
    expect(up.code, up.stderr).toBe(0);
    const check = await runOrm(['--config', 'ormconfig.example.json', '--url', url, 'check', '--json'], { cwd: ROOT });
    expect(check.code, check.stdout).toBe(0);
    expect(JSON.parse(check.stdout).checks.every((c: { status: string }) => c.status === 'passed')).toBe(true);
  });
});

describeDialects('the example app from the CLI', (dialect) => {
  const db = useTestDatabase(dialect);
  const orm = (...args: string[]) => runOrm(['--config', 'ormconfig.example.json', '--url', db().url, ...args], { cwd: ROOT });
  const expectOk = async (...args: string[]) => {
    const r = await orm(...args);
    expect(r.code, `orm ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const current = async () => JSON.parse((await expectOk('current', '--json')).stdout);

  it('upgrade head, check, downgrade base, upgrade head again', async () => {
    await expectOk('upgrade', 'head');
    const check = await expectOk('check', '--json');
    expect(JSON.parse(check.stdout).checks.every((c: { status: string }) => c.status === 'passed')).toBe(true);
    const atHead = await current();

    await expectOk('downgrade', 'base');
    expect(await current()).not.toEqual(atHead);
    // Nothing is left behind but the version table (PostgreSQL: not the enum type either).
    const engine = await createEngine(db().url);
    try {
      expect((await engine.introspect()).tables.map((t) => t.name)).toEqual(['orm_migrations']);
      if (dialect === 'postgres') expect((await engine.execute(`SELECT to_regtype('post_status') AS t`)).rows).toEqual([{ t: null }]);
    } finally {
      await engine.close();
    }
    expect((await orm('check')).code).toBe(1);

    await expectOk('upgrade', 'head');
    expect(await current()).toEqual(atHead);
    await expectOk('check');
  }, 120_000);
});
