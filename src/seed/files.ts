import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** Seed file kinds by extension. */
export type SeedFileKind = 'csv' | 'json' | 'module';

/** One seed file found on disk. */
export interface SeedFile {
  readonly path: string;
  /** The path as shown in messages: relative to the current directory. */
  readonly display: string;
  readonly kind: SeedFileKind;
}

const KINDS: Readonly<Record<string, SeedFileKind>> = {
  '.csv': 'csv',
  '.json': 'json',
  '.ts': 'module',
  '.mts': 'module',
  '.cts': 'module',
  '.js': 'module',
  '.mjs': 'module',
  '.cjs': 'module',
};

/**
 * The seed files for the given paths: files as given, folders walked recursively in name
 * order (hidden entries, node_modules and `.d.ts` files skipped). A missing path is a
 * `UsageError`; so is a file of a kind we cannot load.
 */
export function listSeedFiles(paths: readonly string[], baseDir: string): SeedFile[] {
  const out: SeedFile[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, display: relative(process.cwd(), path) || path, kind: KINDS[extname(path).toLowerCase()]! });
  };
  for (const p of paths) {
    const abs = resolve(baseDir, p);
    if (!existsSync(abs)) throw new UsageError(`seed path '${p}' does not exist`, { path: abs });
    if (statSync(abs).isDirectory()) {
      for (const file of walk(abs)) if (kindOf(file)) add(file);
    } else {
      if (!kindOf(abs)) throw new UsageError(`${p}: not a seed file (use .json, .csv, .ts or .js)`, { path: abs });
      add(abs);
    }
  }
  return out;
}

function kindOf(path: string): SeedFileKind | undefined {
  if (/\.d\.[cm]?ts$/.test(path)) return undefined;
  return KINDS[extname(path).toLowerCase()];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** The table a file names: `users.csv` → `users`. */
export function tableNameOf(path: string): string {
  return basename(path, extname(path));
}

/**
 * The live table a name refers to: the name itself, or, for names such as `01_users`
 * (a prefix some projects use to order files), the name without its numeric prefix.
 */
export function resolveTableName(name: string, tables: ReadonlySet<string>): string | null {
  if (tables.has(name)) return name;
  const stripped = name.replace(/^\d+[-_.]/, '');
  return stripped !== name && tables.has(stripped) ? stripped : null;
}
