import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOrm, tempDir } from './support/cli.js';
import { columnKeys } from '../src/schema/index-keys.js';

describe('orm init, create-all, inspect, drop-all in an empty folder', () => {
  it('runs the whole foundation flow on SQLite', async () => {
    const cwd = tempDir();
    const init = await runOrm(['init'], { cwd });
    expect(init.code).toBe(0);
    expect(existsSync(join(cwd, 'ormconfig.json'))).toBe(true);
    expect(existsSync(join(cwd, 'models/index.ts'))).toBe(true);
    expect(existsSync(join(cwd, 'migrations'))).toBe(true);
    expect(existsSync(join(cwd, 'seeds'))).toBe(true);

    const create = await runOrm(['create-all'], { cwd });
    expect(create.code).toBe(0);
    expect(create.stdout).toContain('created table users');

    const again = await runOrm(['create-all', '--json'], { cwd });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ createdTables: [], createdIndexes: [], statements: [] });

    const inspect = await runOrm(['inspect', '--json'], { cwd });
    expect(inspect.code).toBe(0);
    const users = JSON.parse(inspect.stdout).tables.find((t: { name: string }) => t.name === 'users');
    expect(users.uniques).toEqual([{ name: 'uq_users_email', columns: ['email'] }]);
    expect(users.indexes).toEqual([{ name: 'ix_users_name', keys: columnKeys(['name']), unique: false, where: null }]);

    const mermaid = await runOrm(['inspect', '--format', 'mermaid'], { cwd });
    expect(mermaid.stdout.split('\n')[0]).toBe('erDiagram');
    expect(mermaid.stdout).toMatch(/^ {2}users \{$/m);
    expect(mermaid.stdout).toMatch(/^ {4}varchar\(255\) email UK$/m);

    const refused = await runOrm(['drop-all'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');

    const drop = await runOrm(['drop-all', '--yes'], { cwd });
    expect(drop.code).toBe(0);
    const after = await runOrm(['inspect', '--json'], { cwd });
    expect(JSON.parse(after.stdout).tables).toEqual([]);
  });

  it('keeps existing files on a second init unless --force', async () => {
    const cwd = tempDir();
    await runOrm(['init'], { cwd });
    writeFileSync(join(cwd, 'ormconfig.json'), '{"url":"sqlite:///mine.db"}');
    const second = await runOrm(['init'], { cwd });
    expect(second.stdout).toContain('kept    ormconfig.json');
    expect(readFileSync(join(cwd, 'ormconfig.json'), 'utf8')).toContain('mine.db');
    await runOrm(['init', '--force'], { cwd });
    expect(readFileSync(join(cwd, 'ormconfig.json'), 'utf8')).toContain('app.db');
  });

  it('accepts global options after the command', async () => {
    const cwd = tempDir();
    await runOrm(['init'], { cwd });
    const r = await runOrm(['create-all', '--url', 'sqlite:///other.db', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, 'other.db'))).toBe(true);
  });
});

describe('bad input gives one clear line and exit 2, database untouched', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['unknown config key', '{"urll":"sqlite:///a.db"}', /ormconfig\.json: unknown key 'urll' \(did you mean 'url'\?\)/],
    ['wrong config type', '{"url":5}', /'url' must be a string, got number/],
    ['unparseable config', '{"url": ', /ormconfig\.json: cannot be parsed/],
    ['malformed URL', '{"url":"app.db"}', /invalid database URL 'app\.db'/],
    ['SQLite URL with a host part', '{"url":"sqlite://app.db"}', /three slashes/],
    ['unknown scheme', '{"url":"mongodb://x/y"}', /unsupported database URL scheme 'mongodb:'/],
  ];
  for (const [name, config, pattern] of cases) {
    it(name, async () => {
      const cwd = tempDir();
      await runOrm(['init'], { cwd });
      writeFileSync(join(cwd, 'ormconfig.json'), config);
      const r = await runOrm(['create-all'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain('    at ');
    });
  }

  it('missing url says how to set one', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'ormconfig.json'), '{"models":"models"}');
    const r = await runOrm(['inspect'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no database URL: add "url" to .*ormconfig\.json, set the DATABASE_URL environment variable, or pass --url/);
  });

  it('DATABASE_URL overrides the config and --url overrides both', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'ormconfig.json'), '{"url":"bad"}');
    const viaEnv = await runOrm(['inspect', '--json'], { cwd, env: { DATABASE_URL: 'sqlite://:memory:' } });
    expect(viaEnv.code).toBe(0);
    const viaFlag = await runOrm(['inspect', '--json', '--url', 'sqlite://:memory:'], { cwd, env: { DATABASE_URL: 'bad' } });
    expect(viaFlag.code).toBe(0);
  });

  it('${VAR} in the config comes from the environment, and .env beside the config', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'ormconfig.json'), '{"url":"${MY_DB_URL}"}');
    const missing = await runOrm(['inspect'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('MY_DB_URL is not set');
    writeFileSync(join(cwd, '.env'), 'MY_DB_URL=sqlite://:memory:\n');
    const ok = await runOrm(['inspect', '--json'], { cwd });
    expect(ok.code).toBe(0);
  });

  const modelCases: Array<[string, string, RegExp]> = [
    ['a model file that throws', "throw new Error('boom');", /models\/index\.ts: failed to load: boom/],
    ['a model file that exports nothing', 'export const x = 1;', /models\/index\.ts: exports no models/],
    [
      'the same table twice',
      "import { table, integer } from 'ormkit';\nexport const A = table('a', { id: integer().primaryKey() });\nexport const B = table('a', { id: integer().primaryKey() });",
      /table 'a' is defined twice/,
    ],
    [
      'an unknown column in an index',
      "import { table, integer } from 'ormkit';\nexport const A = table('a', { id: integer().primaryKey() }, (t) => [t.index([(t.c as any).nope])]);",
      /models\/index\.ts: table 'a': an index lists something that is not a column/,
    ],
  ];
  for (const [name, source, pattern] of modelCases) {
    it(name, async () => {
      const cwd = tempDir();
      await runOrm(['init'], { cwd });
      await runOrm(['create-all'], { cwd });
      writeFileSync(join(cwd, 'models/index.ts'), source);
      const r = await runOrm(['create-all'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      const inspect = await runOrm(['inspect', '--json'], { cwd });
      expect(JSON.parse(inspect.stdout).tables.map((t: { name: string }) => t.name)).toEqual(['users']);
    });
  }

  // Layouts people use: a barrel re-exporting model files, and files importing each other
  // through it. Every file in the folder is loaded; a model reached twice is one model.
  const layouts: Array<[string, Record<string, string>]> = [
    [
      'a barrel index re-exporting model files',
      {
        'models/index.ts': "export * from './user';\nexport { Post } from './post';",
        'models/user.ts': "import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(50) });",
        'models/post.ts':
          "import { integer, table } from 'ormkit';\nimport { User } from './user';\nexport const Post = table('posts', { id: integer().primaryKey(), userId: integer().references(() => User.c.id) });",
      },
    ],
    [
      'model files importing each other through the barrel (a cycle)',
      {
        'models/index.ts':
          "import { integer, table, varchar } from 'ormkit';\nexport const User = table('users', { id: integer().primaryKey(), name: varchar(50) });\nexport * from './post';",
        'models/post.ts':
          "import { integer, table } from 'ormkit';\nimport { User } from './index';\nexport const Post = table('posts', { id: integer().primaryKey(), userId: integer().references(() => User.c.id) });",
      },
    ],
  ];
  for (const [name, files] of layouts) {
    it(`loads ${name}, each model once`, async () => {
      const cwd = tempDir();
      await runOrm(['init'], { cwd });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(cwd, file), text);
      const r = await runOrm(['create-all'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const inspect = await runOrm(['inspect', '--json'], { cwd });
      expect(JSON.parse(inspect.stdout).tables.map((t: { name: string }) => t.name).sort()).toEqual(['posts', 'users']);
    });
  }

  it('unknown command and bad option values exit 2', async () => {
    const cwd = tempDir();
    expect((await runOrm(['bogus'], { cwd })).code).toBe(2);
    expect((await runOrm(['inspect', '--format', 'xml'], { cwd })).code).toBe(2);
  });

  it('--debug adds the stack trace', async () => {
    const cwd = tempDir();
    const r = await runOrm(['inspect', '--debug', '--url', 'sqlite://x.db'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('    at ');
  });
});

describe('start-up', () => {
  it('prints the same top-level help from the build-time copy as the full program does', async () => {
    const cwd = tempDir();
    const fast = await runOrm(['--help'], { cwd });
    const full = await runOrm(['--json', '--help'], { cwd }); // not the fast path: the program is built
    expect(fast.code).toBe(0);
    expect(fast.stdout).toContain('Commands:');
    expect(fast.stdout).toContain('upgrade [options] [target]');
    expect(fast.stdout.replace(/\s+/g, ' ')).toBe(full.stdout.replace(/\s+/g, ' '));
  });

  it('finds the command after global options that take a value', async () => {
    const { commandOf } = await import('../src/cli/main.js');
    expect(commandOf(['--url', 'sqlite://:memory:', '-c', 'x.json', '--json', 'upgrade', 'head'])).toBe('upgrade');
    expect(commandOf(['help', 'seed'])).toBe('seed');
    expect(commandOf(['--debug'])).toBeUndefined();
  });
});
