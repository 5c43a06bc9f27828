/**
 * jiti, loaded the cheap way. Importing it from ESM (`import('jiti')`) makes Node scan its
 * 190 KB CommonJS bundle for export names (~40 ms); `require` does not, and also leaves
 * out the babel transformer until a file actually has to be transpiled.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Jiti, JitiOptions } from 'jiti';
import { jitiCacheFolder } from './disk-cache.js';

const require = createRequire(import.meta.url);

let cached: typeof import('jiti').createJiti | null = null;

/** `createJiti` from jiti's CommonJS entry, its cache of transpiled files in this user's cache folder (or none). */
export function createJiti(id: string, options: JitiOptions): Jiti {
  cached ??= (require('jiti') as typeof import('jiti')).createJiti;
  return cached(id, { fsCache: jitiCacheFolder() ?? false, ...options });
}

/** jiti's version, for keys of transpiled code (read without loading jiti). */
export function jitiVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('jiti/package.json'), 'utf8')) as { version?: string };
  return String(pkg.version);
}

/** The compiled entry of this installation (`dist/index.js`): what `ormkit` resolves to in user files. */
export function ormkitEntry(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'index.js');
}

/** Subsets of it for model and migration files: `schema-api` or `model-api` (`dist/<name>.js`). */
export function apiEntry(name: 'schema-api' | 'model-api'): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', `${name}.js`);
}

/** A jiti that imports user TypeScript with `ormkit` resolving to this installation. */
export function ormkitJiti(id: string, options: JitiOptions = {}): Jiti {
  return createJiti(id, { alias: { ormkit: ormkitEntry() }, interopDefault: false, moduleCache: false, ...options });
}
