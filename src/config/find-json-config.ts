/**
 * The common case of configuration discovery without cosmiconfig: when the search ends
 * at a plain JSON file (`ormconfig.json`, `.ormrc.json`, `"orm"` in `package.json`), it
 * is read here, which spares every command the ~15 ms of loading cosmiconfig and its
 * parsers. Anything else — YAML, JS/TS, `$import`, a file that does not parse — is
 * `undefined`: the caller asks cosmiconfig, which then finds the same file and gives
 * its own result or error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

/** A config found without cosmiconfig; `null`: no config file anywhere on the search path. */
export type JsonConfigResult = { readonly filepath: string; readonly config: unknown } | null;

/** What `JSON.parse` accepts and cosmiconfig would return unchanged; undefined: let cosmiconfig read it. */
function plainJson(path: string): { empty: true } | { empty: false; value: unknown } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  if (text.trim() === '') return { empty: true };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // cosmiconfig words the parse error
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, '$import')) return undefined;
  return { empty: false, value };
}

/**
 * `--config <path>` when it names a `.json` file: its content (`{}` when empty), or
 * undefined for cosmiconfig to load (missing file, parse error, `$import`).
 */
export function loadJsonConfig(path: string): JsonConfigResult | undefined {
  if (extname(path) !== '.json' || !existsSync(path)) return undefined;
  const read = plainJson(path);
  if (read === undefined || (!read.empty && read.value === null)) return undefined;
  return { filepath: path, config: read.empty ? undefined : read.value };
}

/**
 * The search cosmiconfig does (`searchStrategy: 'project'`: from `cwd` up to the first
 * folder holding a package.json or package.yaml, each folder's `places` in order, empty
 * files skipped), as long as every file it meets on the way is plain JSON.
 */
export function searchJsonConfig(cwd: string, moduleName: string, places: readonly string[]): JsonConfigResult | undefined {
  let dir = resolve(cwd);
  for (;;) {
    if (isDirectory(dir)) {
      for (const place of places) {
        const path = join(dir, place);
        if (!existsSync(path)) continue;
        if (!place.endsWith('.json')) return undefined;
        const read = plainJson(path);
        if (read === undefined) return undefined;
        if (read.empty) continue;
        if (place === 'package.json') {
          const pkg = read.value;
          if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) return undefined;
          const own = (pkg as Record<string, unknown>)[moduleName];
          if (own === undefined || own === null) continue;
          if (typeof own === 'object' && !Array.isArray(own) && Object.hasOwn(own, '$import')) return undefined;
          return { filepath: path, config: own };
        }
        if (read.value === null) return undefined;
        return { filepath: path, config: read.value };
      }
    }
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'package.yaml'))) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
