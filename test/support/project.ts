/**
 * A project folder wired to a test database: ormconfig.json with the URL, a models file,
 * the tables created with `orm create-all`, and a runner for `orm` in that folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from './cli.js';
import { runOrm, tempDir } from './cli.js';

export interface TestProject {
  readonly cwd: string;
  orm(args: readonly string[], options?: { input?: string; env?: Record<string, string | undefined> }): Promise<CliResult>;
  /** Runs `orm … --json` and parses stdout; fails the test on a non-zero exit. */
  json<T = any>(args: readonly string[]): Promise<T>;
  write(path: string, content: string): string;
}

export async function createProject(url: string, models: string): Promise<TestProject> {
  const cwd = tempDir('ormkit-crud-');
  mkdirSync(join(cwd, 'models'), { recursive: true });
  mkdirSync(join(cwd, 'seeds'), { recursive: true });
  writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify({ url, models: 'models', seeds: 'seeds' }));
  writeFileSync(join(cwd, 'models/index.ts'), models);
  const project: TestProject = {
    cwd,
    orm: (args, options = {}) => runOrm(args, { cwd, ...options }),
    async json(args) {
      const r = await runOrm([...args, '--json'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    },
    write(path, content) {
      const full = join(cwd, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
  };
  const created = await project.orm(['create-all']);
  if (created.code !== 0) throw new Error(`create-all failed: ${created.stderr}`);
  return project;
}
