import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MigrationError } from '../errors.js';
import type { UserModuleLoader } from '../modules/user-module.js';
import type { MigrationOp } from '../ops/op-api.js';
import { RevisionGraph, display } from './graph.js';
import type { MigrationFile, MigrationHeader } from './migration-file.js';
import { REVISION_PATTERN, checksumOf, normalizeParents, parseMigrationHeader } from './migration-file.js';

/** What a migration module exports, checked. */
export interface MigrationModule {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  upgrade(op: MigrationOp): unknown;
  downgrade(op: MigrationOp): unknown;
}

const MODULE_EXT = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIP = /(\.d\.[cm]?ts|\.test\.[cm]?[jt]s|\.spec\.[cm]?[jt]s)$/;

/**
 * Migration files of a folder: every module except `.d.ts`, tests, and names starting
 * with `.` or `_` (helpers the migrations import). Sorted by name. A missing folder has none.
 */
export function listMigrationFiles(directory: string): string[] {
  const dir = resolve(directory);
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new MigrationError(`the migrations path ${display(dir)} is not a folder`, { directory: dir });
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && MODULE_EXT.test(e.name) && !SKIP.test(e.name) && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => join(dir, e.name))
    .sort();
}

/**
 * Reads the revision graph of a migrations folder. Each file's header is read from its
 * text; only files whose exports cannot be read that way are imported. Malformed files,
 * duplicate revisions and unknown parents are MigrationErrors naming the file.
 */
export async function readMigrations(directory: string, loader: MigrationLoader = new MigrationLoader()): Promise<RevisionGraph> {
  const files: MigrationFile[] = [];
  for (const path of listMigrationFiles(directory)) {
    const bytes = readFileSync(path);
    const text = bytes.toString('utf8');
    const checksum = checksumOf(bytes);
    loader.remember(path, text, checksum);
    const header = parseMigrationHeader(text);
    const complete = header && exportsFunction(text, 'upgrade') && exportsFunction(text, 'downgrade');
    const h: MigrationHeader = complete ? header : await loader.header(path);
    files.push({ ...h, path, name: basename(path), checksum });
  }
  return new RevisionGraph(files);
}

/** `export function name`, `export const name =`, or `name` in an `export { … }` list, at the start of a line. */
const EXPORTS = new Map(
  (['upgrade', 'downgrade'] as const).map((name) => [
    name,
    [
      new RegExp(`^export\\s+(?:async\\s+)?function\\s*\\*?\\s*${name}\\b`, 'm'),
      new RegExp(`^export\\s+(?:const|let|var)\\s+${name}\\b`, 'm'),
      new RegExp(`^export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`, 'm'),
    ],
  ]),
);

function exportsFunction(text: string, name: 'upgrade' | 'downgrade'): boolean {
  return EXPORTS.get(name)!.some((re) => re.test(text));
}

/**
 * Imports migration modules: TypeScript straight from disk, `ormkit` resolving to this
 * installation (see modules/user-module.ts). Transpiled code is cached on disk, keyed by
 * content, so a migration is compiled once per edit, not once per run; only the
 * migrations that run are imported.
 */
export class MigrationLoader {
  private readonly modules = new Map<string, Promise<UserModuleLoader>>();
  private readonly texts = new Map<string, { readonly text: string; readonly sha256: string }>();

  /** The module loader of a migrations folder (one transpile cache per folder). */
  private modulesIn(dir: string): Promise<UserModuleLoader> {
    let loader = this.modules.get(dir);
    if (!loader) {
      // Imported here, not at the top: a run with nothing to do never loads a migration.
      loader = import('../modules/user-module.js').then(({ UserModuleLoader }) => new UserModuleLoader(dir, this.texts));
      this.modules.set(dir, loader);
    }
    return loader;
  }

  /** A migration file as `readMigrations` read it, so loading does not read or hash it again. */
  remember(path: string, text: string, checksum: string): void {
    this.texts.set(path, { text, sha256: checksum });
  }

  /**
   * Transpiles what is not cached yet of the migrations about to run, in one go. True
   * when what every one of them does follows from its own text alone (it imports only
   * the model API and looks at no environment, clock or randomness: `LoadKind` 'pure').
   */
  async prepare(files: readonly MigrationFile[]): Promise<boolean> {
    const byDir = new Map<string, string[]>();
    for (const f of files) byDir.set(dirname(f.path), [...(byDir.get(dirname(f.path)) ?? []), f.path]);
    let pure = true;
    for (const [dir, paths] of byDir) {
      for (const kind of (await this.modulesIn(dir)).prepare(paths).values()) pure &&= kind === 'pure';
    }
    return pure;
  }

  /** Keeps what V8 compiled of the migrations loaded so far, for the next run (see `UserModuleLoader.saveCompiled`). */
  async saveCompiled(): Promise<void> {
    for (const modules of this.modules.values()) (await modules).saveCompiled();
  }

  private async exports(path: string): Promise<Record<string, unknown>> {
    const modules = await this.modulesIn(dirname(path));
    try {
      const mod = await modules.import(path);
      if (!mod || typeof mod !== 'object') throw new Error('the module exports nothing');
      return mod;
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      // jiti puts the position of a syntax error on a later line: `<file>:<line>:<column>`.
      const at = /:(\d+):(\d+)\s*$/m.exec(text.split('\n').slice(1).join('\n'));
      const message = `${text.split('\n')[0]!.trim()}${at ? ` at line ${at[1]}, column ${at[2]}` : ''}`;
      throw new MigrationError(`${display(path)}: failed to load: ${message}`, { file: path }, { cause: err });
    }
  }

  /** The header of a file whose exports are not plain literals: import it and read them. */
  async header(path: string): Promise<MigrationHeader> {
    return checkHeader(path, await this.exports(path));
  }

  /** The module of a migration that is about to run, checked against its header. */
  async load(file: MigrationFile): Promise<MigrationModule> {
    const mod = await this.exports(file.path);
    const header = checkHeader(file.path, mod);
    if (header.revision !== file.revision || header.parents.join(',') !== file.parents.join(',')) {
      throw new MigrationError(
        `${display(file.path)}: the module exports revision '${header.revision}' (parents: ${header.parents.join(', ') || 'none'}) but its text reads '${file.revision}' (parents: ${file.parents.join(', ') || 'none'}); export plain literals`,
        { file: file.path },
      );
    }
    for (const fn of ['upgrade', 'downgrade'] as const) {
      if (typeof mod[fn] !== 'function') {
        throw new MigrationError(`${display(file.path)}: missing export '${fn}': export async function ${fn}(op: MigrationOp) { … }`, { file: file.path });
      }
    }
    return mod as unknown as MigrationModule;
  }
}

function checkHeader(path: string, mod: Record<string, unknown>): MigrationHeader {
  const where = (): string => display(path);
  const { revision, downRevision, message } = mod;
  if (typeof revision !== 'string' || !REVISION_PATTERN.test(revision)) {
    throw new MigrationError(
      revision === undefined
        ? `${where()}: not a migration: it exports no 'revision' (helper modules in the migrations folder must start with _)`
        : `${where()}: 'revision' must be 1 to 64 letters, digits, _ or -, got ${JSON.stringify(revision)}`,
      { file: path },
    );
  }
  if (!('downRevision' in mod)) throw new MigrationError(`${where()}: missing export 'downRevision' (null for the first migration)`, { file: path });
  const parents = normalizeParents(downRevision);
  if (!parents) throw new MigrationError(`${where()}: 'downRevision' must be null, a revision string or an array of them, got ${JSON.stringify(downRevision)}`, { file: path });
  if (message !== undefined && typeof message !== 'string') throw new MigrationError(`${where()}: 'message' must be a string`, { file: path });
  for (const fn of ['upgrade', 'downgrade'] as const) {
    if (typeof mod[fn] !== 'function') {
      throw new MigrationError(`${where()}: missing export '${fn}': export async function ${fn}(op: MigrationOp) { … }`, { file: path });
    }
  }
  return { revision, parents, message: message ?? '' };
}
