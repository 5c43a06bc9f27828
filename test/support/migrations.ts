/**
 * Projects for migration CLI tests: a temp folder with ormconfig.json pointing at a fresh
 * database of the dialect under test, hand-written migration files, and direct queries.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { DialectName } from '../../src/dialects/dialect.js';
import { createEngine } from '../../src/engine/engine.js';
import type { CliResult } from './cli.js';
import { runOrm, tempDir } from './cli.js';
import type { TestDatabase } from './databases.js';
import { createTestDatabase } from './databases.js';

export interface Project {
  readonly cwd: string;
  readonly db: TestDatabase;
  orm(args: readonly string[], options?: { env?: Record<string, string | undefined>; input?: string }): Promise<CliResult>;
  /** Writes a migration file; returns its path. */
  migration(m: HandMigration): string;
  /** Migration file names, sorted. */
  files(): string[];
  read(file: string): string;
  write(file: string, text: string): void;
  /** Runs a query on the project's database. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Table names in the database (version table included). */
  tables(): Promise<string[]>;
}

export interface HandMigration {
  readonly revision: string;
  readonly down: string | readonly string[] | null;
  readonly message?: string;
  /** Body of `upgrade(op)`. */
  readonly upgrade?: string;
  /** Body of `downgrade(op)`. */
  readonly downgrade?: string;
  /** File name; default `<date>_<revision>_<slug>.ts` in creation order. */
  readonly name?: string;
  /** Replaces the whole text. */
  readonly text?: string;
}

const MODEL = `import { integer, table, varchar } from 'ormkit';
export const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull() });
`;

/** A project on a fresh database, dropped after the test. */
export async function createProject(dialect: DialectName, config: Record<string, unknown> = {}): Promise<Project> {
  const cwd = tempDir('ormkit-migrate-');
  const db = await createTestDatabase(dialect);
  cleanups.push(() => db.drop());
  mkdirSync(join(cwd, 'models'));
  mkdirSync(join(cwd, 'migrations'));
  writeFileSync(join(cwd, 'models/index.ts'), MODEL);
  writeFileSync(join(cwd, 'ormconfig.json'), JSON.stringify({ url: db.url, models: 'models', migrations: 'migrations', ...config }, null, 2));
  let counter = 0;
  const migrationsDir = join(cwd, 'migrations');
  const project: Project = {
    cwd,
    db,
    orm: (args, options = {}) => runOrm(args, { cwd, ...options }),
    migration(m) {
      counter++;
      const name = m.name ?? `20240101_${String(1000 + counter)}_${m.revision}_${(m.message ?? 'step').replace(/\W+/g, '_')}.ts`;
      const down = m.down === null ? 'null' : typeof m.down === 'string' ? `'${m.down}'` : `[${m.down.map((d) => `'${d}'`).join(', ')}]`;
      const text =
        m.text ??
        [
          "import type { MigrationOp } from 'ormkit';",
          "import { integer, text, varchar } from 'ormkit';",
          '',
          `export const revision = '${m.revision}';`,
          `export const downRevision = ${down};`,
          `export const message = '${m.message ?? 'step'}';`,
          '',
          `export async function upgrade(op: MigrationOp): Promise<void> {\n  ${m.upgrade ?? ''}\n}`,
          '',
          `export async function downgrade(op: MigrationOp): Promise<void> {\n  ${m.downgrade ?? ''}\n}`,
        ].join('\n');
      const path = join(migrationsDir, name);
      writeFileSync(path, text);
      return path;
    },
    files: () => readdirSync(migrationsDir).filter((f) => !f.startsWith('.')).sort(),
    read: (file) => readFileSync(join(migrationsDir, file), 'utf8'),
    write: (file, text) => writeFileSync(join(migrationsDir, file), text),
    async query(sql) {
      const engine = await createEngine(db.url);
      try {
        return (await engine.execute(sql)).rows;
      } finally {
        await engine.close();
      }
    },
    async tables() {
      const engine = await createEngine(db.url);
      try {
        return (await engine.introspect()).tables.map((t) => t.name);
      } finally {
        await engine.close();
      }
    },
  };
  return project;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** The stderr of a failed command, checked to be one line without a stack trace. */
export function oneLine(r: CliResult): string {
  const lines = r.stderr.trim().split('\n');
  if (lines.length !== 1 || r.stderr.includes('    at ')) throw new Error(`expected one error line, got:\n${r.stderr}`);
  return lines[0]!;
}

/** `orm migrate autogenerate` finds nothing to do (and writes no file). */
export async function expectNoChanges(p: Project): Promise<void> {
  const auto = await p.orm(['migrate', 'autogenerate', '-m', 'nothing']);
  expect(auto.code, auto.stderr).toBe(0);
  expect(auto.stdout).toContain('No changes detected');
}

/** `orm check` passes (migrations replayed included) and autogenerate finds nothing to do. */
export async function expectClean(p: Project): Promise<void> {
  const check = await p.orm(['check']);
  expect(check.code, check.stdout + check.stderr).toBe(0);
  await expectNoChanges(p);
}
