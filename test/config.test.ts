import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';
import { tempDir } from './support/cli.js';

describe('configuration discovery', () => {
  const forms: Array<[string, string, string]> = [
    ['ormconfig.json', 'ormconfig.json', '{"url":"sqlite:///a.db","migrations":"db/migrations"}'],
    ['.ormrc (yaml)', '.ormrc', 'url: sqlite:///a.db\nmigrations: db/migrations\n'],
    ['.ormrc.yaml', '.ormrc.yaml', 'url: sqlite:///a.db\nmigrations: db/migrations\n'],
    ['.ormrc.json', '.ormrc.json', '{"url":"sqlite:///a.db","migrations":"db/migrations"}'],
    ['ormconfig.mjs', 'ormconfig.mjs', 'export default { url: "sqlite:///a.db", migrations: "db/migrations" };'],
    ['ormconfig.ts', 'ormconfig.ts', 'const config: { url: string; migrations: string } = { url: "sqlite:///a.db", migrations: "db/migrations" };\nexport default config;'],
    ['package.json#orm', 'package.json', '{"name":"x","orm":{"url":"sqlite:///a.db","migrations":"db/migrations"}}'],
  ];
  for (const [name, file, content] of forms) {
    it(`reads ${name}, from a subfolder too`, async () => {
      const dir = tempDir();
      writeFileSync(join(dir, file), content);
      if (file !== 'package.json') writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
      mkdirSync(join(dir, 'src/deep'), { recursive: true });
      const config = await loadConfig({ cwd: join(dir, 'src/deep') });
      expect(config.url).toBe('sqlite:///a.db');
      expect(config.migrations).toBe(join(dir, 'db/migrations'));
      expect(config.models).toBe(join(dir, 'models'));
      expect(config.versionTable).toBe('orm_migrations');
    });
  }

  it('--config picks a file explicitly', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'custom.json'), '{"url":"sqlite:///b.db"}');
    expect((await loadConfig({ cwd: dir, configPath: 'custom.json' })).url).toBe('sqlite:///b.db');
    await expect(loadConfig({ cwd: dir, configPath: 'missing.json' })).rejects.toThrow(ConfigError);
  });

  it('skips empty files and stops at the project root, as cosmiconfig does', async () => {
    const outer = tempDir();
    writeFileSync(join(outer, 'ormconfig.json'), '{"url":"sqlite:///outer.db"}');
    const project = join(outer, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"name":"x"}');
    writeFileSync(join(project, 'ormconfig.json'), '  \n');
    writeFileSync(join(project, '.ormrc.json'), '{"url":"sqlite:///inner.db"}');
    expect((await loadConfig({ cwd: join(project, 'src') })).url).toBe('sqlite:///inner.db');
    writeFileSync(join(project, '.ormrc.json'), '');
    const none = await loadConfig({ cwd: join(project, 'src') });
    expect(none.filepath).toBeNull();
    expect(none.url).toBeNull();
    writeFileSync(join(project, 'package.json'), '{"name":"x","orm":{"url":"sqlite:///pkg.db"}}');
    expect((await loadConfig({ cwd: project })).url).toBe('sqlite:///pkg.db');
  });

  it('reads ignore patterns, ${VAR} interpolated; none by default', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ormconfig.json'), '{"url":"sqlite:///a.db","ignore":["spatial_ref_sys","${QUEUE}_*","users.users_name_trgm_idx"]}');
    process.env.QUEUE = 'pgboss';
    try {
      expect((await loadConfig({ cwd: dir })).ignore).toEqual(['spatial_ref_sys', 'pgboss_*', 'users.users_name_trgm_idx']);
    } finally {
      delete process.env.QUEUE;
    }
    writeFileSync(join(dir, 'ormconfig.json'), '{"url":"sqlite:///a.db"}');
    expect((await loadConfig({ cwd: dir })).ignore).toEqual([]);
  });

  const badIgnore: Array<[string, string]> = [
    ['"spatial_ref_sys"', `'ignore' must be an array of strings, e.g. ["spatial_ref_sys", "legacy_*", "users.users_name_trgm_idx"], got string`],
    ['{"tables":["a"]}', `'ignore' must be an array of strings, e.g. ["spatial_ref_sys", "legacy_*", "users.users_name_trgm_idx"], got object`],
    ['["a", 5]', `'ignore' entry 2 must be a string, got number`],
    ['[""]', `'ignore' pattern "" is empty`],
    ['["users."]', `'ignore' pattern "users." has an empty side of '.': write table or table.object`],
    ['["a.b.c"]', `'ignore' pattern "a.b.c" has more than one '.': write table or table.object`],
    ['["!spatial_ref_sys"]', `'ignore' pattern "!spatial_ref_sys" starts with !: there is no negation, list only what to ignore`],
    ['["legacy_[ab]"]', `'ignore' pattern "legacy_[ab]" has '[': the only wildcards are * and ?`],
  ];
  for (const [value, message] of badIgnore) {
    it(`rejects ignore: ${value} in one line naming the key`, async () => {
      const dir = tempDir();
      const file = join(dir, 'ormconfig.json');
      writeFileSync(file, `{"url":"sqlite:///a.db","ignore":${value}}`);
      const err = await loadConfig({ cwd: dir }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toBe(`${file}: ${message}`);
      expect((err as ConfigError).details.key).toBe('ignore');
    });
  }

  it('rejects a bad versionTable name', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ormconfig.json'), '{"url":"sqlite:///a.db","versionTable":"x; drop"}');
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(/plain identifier/);
  });
});
