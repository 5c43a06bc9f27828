import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ModelError, OrmError } from '../errors.js';
import type { UserModuleLoader } from '../modules/user-module.js';
import type { Schema } from './ir.js';
import type { AnyModel } from './table.js';
import { isModel } from './table.js';
import { toSchema } from './to-schema.js';

export interface LoadedModels {
  readonly models: readonly AnyModel[];
  readonly schema: Schema;
  /** Model file each table came from, for messages. */
  readonly sources: ReadonlyMap<string, string>;
  readonly files: readonly string[];
}

const MODULE_EXT = /\.(ts|mts|cts|js|mjs|cjs)$/;
const SKIP = /(\.d\.ts|\.test\.[cm]?[jt]s|\.spec\.[cm]?[jt]s)$/;

/**
 * Loads model modules straight from TypeScript. `target` is a file, a directory
 * (every module in it, recursively), or a glob (`src/**\/*.model.ts`). The `ormkit`
 * import inside model files resolves to this installation, so a folder without
 * node_modules works. Every failure names the file.
 *
 * When every model file imports nothing but `ormkit`, they are evaluated from a
 * transpile cache (modules/user-module.ts); otherwise all of them go through one jiti,
 * so files importing each other share one instance of each model.
 */
export async function loadModels(target: string, options: { baseDir?: string; loader?: UserModuleLoader } = {}): Promise<LoadedModels> {
  const files = listModelFiles(target, options.baseDir ?? process.cwd());
  const loader = options.loader ?? (await modelLoader(files));
  const viaJiti = [...loader.prepare(files).values()].includes('jiti');
  const models: AnyModel[] = [];
  const sources = new Map<string, string>();
  const display = (f: string) => relative(process.cwd(), f) || f;
  // Files that import each other share module instances, so a model reached twice is one model.
  const load = () => importEach(loader, files, viaJiti, display);
  const modules = await (viaJiti ? loader.sharingModules(load) : load());
  for (const [file, mod] of modules) {
    const found = collectModels(mod);
    if (found.length === 0 && files.length === 1) {
      throw new ModelError(`${display(file)}: exports no models; export each table, e.g. export const User = table('users', { … })`, { file });
    }
    for (const model of found) {
      const previous = sources.get(model.tableName);
      if (previous !== undefined && !models.includes(model)) {
        throw new ModelError(
          `${display(file)}: table '${model.tableName}' is defined twice${previous === file ? '' : ` (also in ${display(previous)})`}`,
          { file, table: model.tableName },
        );
      }
      if (!models.includes(model)) {
        models.push(model);
        sources.set(model.tableName, file);
      }
    }
  }
  if (models.length === 0) {
    throw new ModelError(`no models found in ${display(target)}: export tables made with table() from your model files`, { target });
  }
  let schema: Schema;
  try {
    schema = toSchema(models);
  } catch (err) {
    if (err instanceof OrmError) {
      const table = (err.details as { table?: string }).table;
      const file = table ? sources.get(table) : undefined;
      throw new ModelError(file ? `${display(file)}: ${err.message}` : err.message, { ...err.details, file }, { cause: err });
    }
    throw err;
  }
  // After toSchema, which ran the extras callbacks: their compiled code is kept too.
  loader.saveCompiled();
  return { models, schema, sources, files };
}

/** Each file's exports, in order; a failure names its file. */
async function importEach(loader: UserModuleLoader, files: readonly string[], viaJiti: boolean, display: (f: string) => string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    try {
      out.set(file, await loader.import(file, { viaJiti }));
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new ModelError(`${display(file)}: failed to load: ${message}`, { file }, { cause: err });
    }
  }
  return out;
}

/** The module loader for a list of model files (one transpile cache, beside the first file). */
export async function modelLoader(files: readonly string[]): Promise<UserModuleLoader> {
  const { UserModuleLoader } = await import('../modules/user-module.js');
  return new UserModuleLoader(dirname(files[0]!));
}

/** Exports that are models, including models inside an exported object or array (`export default { User }`). */
function collectModels(mod: Record<string, unknown>): AnyModel[] {
  const out: AnyModel[] = [];
  const visit = (value: unknown, depth: number) => {
    if (isModel(value)) {
      if (!out.includes(value)) out.push(value);
    } else if (depth < 2 && value && typeof value === 'object') {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  for (const value of Object.values(mod)) visit(value, 0);
  return out;
}

/** Model files for a path, directory or glob, sorted for determinism. */
export function listModelFiles(target: string, baseDir: string): string[] {
  const abs = resolve(baseDir, target);
  if (/[*?[{]/.test(target)) {
    const root = globRoot(abs);
    const re = globToRegExp(abs);
    const files = existsSync(root) ? walk(root).filter((f) => re.test(f)) : [];
    if (files.length === 0) throw new ModelError(`no model files match '${target}'`);
    return files;
  }
  if (!existsSync(abs)) {
    for (const ext of ['.ts', '.js', '.mts', '.mjs']) if (existsSync(abs + ext)) return [abs + ext];
    throw new ModelError(`model path '${target}' does not exist: set "models" in your config to your model file or folder`);
  }
  if (statSync(abs).isDirectory()) {
    const files = walk(abs).filter((f) => MODULE_EXT.test(f) && !SKIP.test(f));
    if (files.length === 0) throw new ModelError(`model folder '${target}' has no .ts or .js files`);
    return files;
  }
  return [abs];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else if (entry.isFile()) out.push(p);
    }
  }
  return out.sort();
}

function globRoot(abs: string): string {
  const parts = abs.split(sep);
  const i = parts.findIndex((p) => /[*?[{]/.test(p));
  return parts.slice(0, i).join(sep) || sep;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob.slice(i + 1, end).split(',').map(escapeRe).join('|')})`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

const escapeRe = (s: string) => s.replace(/[.+^$()|[\]\\]/g, '\\$&');

/** The compiled entry of this installation (`dist/index.js`), for the `ormkit` alias. */
export { ormkitEntry } from '../modules/jiti.js';
