/**
 * What the commands that compare models with a database need from the models: their
 * schema and their rename hints. When every model file is pure (it imports only the model
 * API and names no global through which it could see the environment, the clock or
 * randomness: see modules/user-module.ts), both follow from the files' text alone, so
 * they are kept between runs (temp-dir cache), keyed by each file's path and sha256 and
 * by this build of ormkit, and the files are not evaluated again until one changes.
 */
import { dirname, resolve } from 'node:path';
import { ormkitBuild } from '../modules/build-id.js';
import { DiskCache, sha256 } from '../modules/disk-cache.js';
import type { Schema, Table } from './ir.js';
import { makeSchema } from './ir.js';
import { listModelFiles, loadModels, modelLoader } from './load-models.js';
import type { RenameHints } from './to-schema.js';
import { renameHints } from './to-schema.js';

/** The models as the schema commands see them. */
export interface ModelSchema {
  readonly schema: Schema;
  readonly renames: RenameHints;
}

interface Stored {
  readonly tables: Table[];
  readonly renameTables: Array<[string, string]>;
  readonly renameColumns: Array<[string, Array<[string, string]>]>;
}

const isStored = (v: unknown): v is Stored =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as Stored).tables) &&
  Array.isArray((v as Stored).renameTables) &&
  Array.isArray((v as Stored).renameColumns);

/** The schema and rename hints of the models at `target` (see `loadModels`). */
export async function loadModelSchema(target: string, options: { baseDir?: string } = {}): Promise<ModelSchema> {
  const files = listModelFiles(target, options.baseDir ?? process.cwd());
  const loader = await modelLoader(files);
  const pure = [...loader.prepare(files).values()].every((kind) => kind === 'pure');
  const scope = dirname(files[0]!);
  const cache = pure ? new DiskCache<Stored>(`${resolve(scope)}#model-schema`, ormkitBuild(), isStored) : null;
  const key = sha256(JSON.stringify(files.map((f) => [f, loader.hash(f)])));
  const stored = cache?.get(scope, key);
  if (stored) {
    return {
      schema: makeSchema(stored.tables),
      renames: { tables: new Map(stored.renameTables), columns: new Map(stored.renameColumns.map(([t, cols]) => [t, new Map(cols)])) },
    };
  }
  const loaded = await loadModels(target, { ...options, loader });
  const renames = renameHints(loaded.models);
  if (cache) {
    cache.set(scope, key, {
      tables: [...loaded.schema.tables],
      renameTables: [...renames.tables],
      renameColumns: [...renames.columns].map(([t, cols]) => [t, [...cols]]),
    });
    cache.flush();
  }
  return { schema: loaded.schema, renames };
}
