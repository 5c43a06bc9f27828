/**
 * Loads the user's TypeScript modules (models, migrations) the way jiti does, only
 * cheaper for the common kind: a `.ts` file whose only import is `ormkit`.
 *
 * jiti transpiles a file (babel, cached on disk) and evaluates the result as the body of
 * `async function (exports, require, module, __filename, __dirname, jitiImport, …)`; it
 * costs about half a millisecond per file even when cached, plus loading jiti and the
 * whole library behind `ormkit`. Here the transpiled code (jiti's own transform) is kept
 * in one cache file per folder (disk-cache.ts) and evaluated in the same wrapper,
 * with `jitiImport('ormkit')` answered by the model API subset (model-api.ts) when the
 * file uses nothing else — the same module instances the full entry re-exports.
 *
 * Any other file (relative or package imports, `require`, a parse error, not `.ts`) goes
 * through jiti itself, unchanged.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import type { Jiti } from 'jiti';
import { ormkitBuild } from './build-id.js';
import { DiskCache, sha256 } from './disk-cache.js';
import { apiEntry, jitiVersion, ormkitEntry, ormkitJiti } from './jiti.js';

type Namespace = Record<string, unknown>;

/** Node's require, for its module cache (the one jiti's `moduleCache` fills). */
const nodeRequire = createRequire(import.meta.url);

/** What a transpiled file needs from `ormkit`; null: it needs something else, leave it to jiti. */
interface Needs {
  /** Members it reads from the `ormkit` namespace. */
  readonly names: readonly string[];
  /** It uses the namespace as a value (`import * as o`, `export * from`): give it everything. */
  readonly whole: boolean;
  /**
   * Its text names nothing that could make two runs differ — the environment, the clock,
   * randomness (`process`, `Date`, `Math`, `globalThis`, …) — and it uses only the model
   * API: what it defines follows from its text alone.
   */
  readonly pure: boolean;
}

/** How a file loads: through jiti, here, or here and defining the same thing every time (`Needs.pure`). */
export type LoadKind = 'jiti' | 'own' | 'pure';

/** The exports of schema-api.ts and model-api.ts (a test keeps these lists in step with the modules). */
export const SCHEMA_API_NAMES: ReadonlySet<string> = new Set([
  'table', 'isModel', 'MODEL', 'integer', 'bigint', 'real', 'numeric', 'text', 'varchar', 'boolean', 'date', 'timestamp', 'json', 'blob', 'uuid',
  'enumType', 'customType', 'ColumnBuilder', 'ColumnRef', 'isColumnRef', 'and_', 'or_', 'not_',
]);
export const MODEL_API_NAMES: ReadonlySet<string> = new Set([...SCHEMA_API_NAMES, 'relations', 'hasMany', 'belongsTo']);

/** Globals through which a module could see the world outside its own text. */
const IMPURE = /\b(?:process|globalThis|global|Date|Math|eval|Function|setTimeout|setInterval|setImmediate|queueMicrotask|fetch|crypto|performance|Intl|Buffer|WebAssembly)\b/;

/** A file as transpiled and cached: its code and what it needs, or null when jiti must load it. */
type Transpiled = { readonly code: string; readonly needs: Needs } | null;

/** What `transpiled()` found for a file: the cached entry and the hash it is keyed by. */
type Found = { readonly hash: string; readonly transpiled: Transpiled };

const isTranspiled = (v: unknown): v is Transpiled =>
  v === null ||
  (typeof v === 'object' &&
    typeof (v as { code?: unknown }).code === 'string' &&
    Array.isArray((v as { needs?: { names?: unknown } }).needs?.names) &&
    typeof (v as { needs?: { whole?: unknown } }).needs?.whole === 'boolean' &&
    typeof (v as { needs?: { pure?: unknown } }).needs?.pure === 'boolean');

const ORMKIT_IMPORT = /\bvar (_[\w$]*) = await jitiImport\("ormkit"\);/g;

/** Reads what a file transpiled by jiti imports; null unless `ormkit` is all of it. */
export function ormkitNeeds(code: string): Needs | null {
  if (code.includes('__JITI_ERROR__') || /\brequire\b|\bjitiESMResolve\b|\bimport\s*\(/.test(code)) return null;
  const vars = [...code.matchAll(ORMKIT_IMPORT)].map((m) => m[1]!);
  if ((code.match(/\bjitiImport\b/g)?.length ?? 0) !== vars.length) return null;
  const rest = code.replace(ORMKIT_IMPORT, '');
  const names = new Set<string>();
  let whole = false;
  for (const v of new Set(vars)) {
    const use = new RegExp(`(?<![\\w$.])${v.replace(/\$/g, '\\$')}(?![\\w$])(\\.[\\w$]+)?`, 'g');
    for (const m of rest.matchAll(use)) {
      if (m[1]) names.add(m[1].slice(1));
      else whole = true;
    }
  }
  const pure = !whole && [...names].every((n) => MODEL_API_NAMES.has(n)) && !IMPURE.test(rest);
  return { names: [...names], whole, pure };
}

/** Loads user modules; one instance per command run (it holds the caches of one folder). */
export class UserModuleLoader {
  private jitiInstance: Jiti | null = null;
  /** The jiti of a `sharingModules` call while it runs. */
  private sharedJiti: Jiti | null = null;
  private readonly cache: DiskCache<Transpiled>;
  /** V8's code cache of each evaluated file (base64), by the sha256 of the text compiled: compiling is most of what evaluating costs. */
  private readonly compiled: DiskCache<string>;
  /** Scripts compiled in this run without a usable code cache, to save with `saveCompiled`. */
  private readonly fresh = new Map<string, { readonly hash: string; readonly script: Script }>();

  /**
   * @param scope the folder the modules live in: one transpile cache per scope
   * @param sources texts of files the caller has read already, by path, with their
   *   sha256 when known (filled as files are read)
   */
  constructor(
    scope: string,
    private readonly sources: Map<string, { readonly text: string; readonly sha256?: string }> = new Map(),
  ) {
    // What a file needs (`ormkitNeeds`) is this build's reading of it: another build reads it again.
    this.cache = new DiskCache(`${resolve(scope)}#transpiled`, `${ormkitBuild()}/jiti@${jitiVersion()}`, isTranspiled);
    this.compiled = new DiskCache(`${resolve(scope)}#v8`, `v8@${process.versions.v8}`, (v): v is string => typeof v === 'string');
  }

  /** jiti, for files outside the fast path (and to transpile). */
  jiti(): Jiti {
    return this.sharedJiti ?? (this.jitiInstance ??= ormkitJiti(import.meta.url));
  }

  /**
   * Runs `body` with the files jiti loads shared between imports, as within one program:
   * a model file reached both directly and through a barrel (`export * from './user'`)
   * or an import cycle is one module, so its models are the same objects. Afterwards the
   * process forgets those modules (packages under node_modules excepted), so a later
   * load reads the files again.
   */
  async sharingModules<T>(body: () => Promise<T>): Promise<T> {
    const cache = nodeRequire.cache;
    const before = new Set(Object.keys(cache));
    this.sharedJiti = ormkitJiti(import.meta.url, { moduleCache: true });
    try {
      return await body();
    } finally {
      this.sharedJiti = null;
      for (const key of Object.keys(cache)) if (!before.has(key) && !key.includes(`${sep}node_modules${sep}`)) delete cache[key];
    }
  }

  /**
   * Transpiles the files not in the cache yet and saves the cache once; returns how
   * each file loads.
   */
  prepare(paths: readonly string[]): Map<string, LoadKind> {
    const out = new Map<string, LoadKind>();
    for (const path of paths) {
      const { transpiled } = this.transpiled(path);
      out.set(path, transpiled === null ? 'jiti' : transpiled.needs.pure ? 'pure' : 'own');
    }
    this.cache.flush();
    return out;
  }

  /** The module's exports, like `jiti.import(path)` with `interopDefault: false`. */
  async import(path: string, options: { readonly viaJiti?: boolean } = {}): Promise<Namespace> {
    const found = options.viaJiti ? null : this.transpiled(path);
    this.cache.flush();
    if (!found?.transpiled) return (await this.jiti().import(path)) as Namespace;
    const { code, needs } = found.transpiled;
    const source = `(async function (exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve) { ${code}\n});`;
    // Keyed by the very text compiled: V8 checks only its length, and runs what it compiled
    // before for any other text of that length.
    const key = sha256(source);
    const cached = this.compiled.get(path, key);
    const script = new Script(source, { filename: path, cachedData: cached === undefined ? undefined : Buffer.from(cached, 'base64') });
    if (cached === undefined || script.cachedDataRejected) this.fresh.set(path, { hash: key, script });
    const ns = namespaceFor(needs);
    return evaluate(path, script, ns instanceof Promise ? await ns : ns);
  }

  /**
   * Saves V8's code cache of the files evaluated in this run that had none. Called once
   * their functions have run, so what V8 compiled lazily (`upgrade`) is in it too.
   */
  saveCompiled(): void {
    for (const [path, { hash, script }] of this.fresh) this.compiled.set(path, hash, script.createCachedData().toString('base64'));
    this.fresh.clear();
    this.compiled.flush();
  }

  /** sha256 of the file's text as this loader read it. */
  hash(path: string): string {
    let source = this.sources.get(path);
    if (source === undefined) {
      source = { text: readFileSync(path, 'utf8') };
      this.sources.set(path, source);
    }
    if (source.sha256 === undefined) {
      source = { ...source, sha256: sha256(source.text) };
      this.sources.set(path, source);
    }
    return source.sha256!;
  }

  private transpiled(path: string): Found {
    if (extname(path) !== '.ts') return { hash: '', transpiled: null };
    const hash = this.hash(path);
    const source = this.sources.get(path)!;
    const cached = this.cache.get(path, hash);
    if (cached !== undefined) return { hash, transpiled: cached };
    let result: Transpiled = null;
    try {
      const code = this.jiti().transform({ source: source.text, filename: path, ts: true, async: true });
      const needs = ormkitNeeds(code);
      result = needs && { code, needs };
    } catch {
      // jiti will report it, in its words, when the file is imported
      return { hash, transpiled: null };
    }
    this.cache.set(path, hash, result);
    return { hash, transpiled: result };
  }
}

/** The entries of `ormkit` imported so far, by path. */
const loaded = new Map<string, Namespace>();
const entries = new Map<string, string>();
const entry = (name: 'schema-api' | 'model-api' | 'index'): string => {
  let path = entries.get(name);
  if (path === undefined) entries.set(name, (path = name === 'index' ? ormkitEntry() : apiEntry(name)));
  return path;
};

/** The smallest entry of `ormkit` that has every name the file reads (once imported, without waiting). */
function namespaceFor(needs: Needs): Namespace | Promise<Namespace> {
  if (!needs.whole && needs.names.length === 0) return {};
  const path =
    !needs.whole && needs.names.every((n) => SCHEMA_API_NAMES.has(n)) ? entry('schema-api')
    : !needs.whole && needs.names.every((n) => MODEL_API_NAMES.has(n)) ? entry('model-api')
    : entry('index');
  const ns = loaded.get(path);
  if (ns) return ns;
  return (import(pathToFileURL(path).href) as Promise<Namespace>).then((imported) => {
    loaded.set(path, imported);
    return imported;
  });
}

type ModuleBody = (
  this: unknown,
  exports: Namespace,
  require: unknown,
  module: { exports: Namespace },
  filename: string,
  dirname: string,
  jitiImport: (id: string) => Promise<unknown>,
  jitiESMResolve: unknown,
) => Promise<void>;

/** Runs transpiled code as jiti does (same wrapper, same arguments), `ormkit` being `api`. */
async function evaluate(path: string, script: Script, api: Namespace): Promise<Namespace> {
  const body = script.runInThisContext() as ModuleBody;
  const module = { exports: {} as Namespace };
  const jitiImport = async (id: string): Promise<unknown> => {
    if (id === 'ormkit') return api;
    throw new Error(`cannot import '${id}' here`);
  };
  const unavailable = () => {
    throw new Error('require is not available here');
  };
  await body.call(module.exports, module.exports, unavailable, module, path, dirname(path), jitiImport, unavailable);
  return module.exports;
}
