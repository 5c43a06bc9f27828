import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ignoreRules, withoutIgnored } from '../diff/ignore.js';
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { renderModels } from '../render/models.js';
import { display } from './graph.js';
import { DEFAULT_VERSION_TABLE } from './runner.js';

/** The file `pull` wrote and the tables in it. */
export interface PullResult {
  readonly path: string;
  readonly tables: readonly string[];
}

/** Options of `pull`. */
export interface PullOptions {
  /** The file to write. */
  readonly out: string;
  /** Overwrite `out` if it exists. */
  readonly force?: boolean;
  /** Version table name; default `orm_migrations`. */
  readonly versionTable?: string;
  /** Tables and table objects to leave out of the models (config `ignore`, see diff/ignore.ts). */
  readonly ignore?: readonly string[];
}

/**
 * `orm pull`: model source written from the live database (version table and ignored
 * objects left out), to adopt an existing database: pull, autogenerate finds nothing,
 * `orm stamp head`. An existing file is kept unless `force`.
 */
export async function pull(engine: Engine, options: PullOptions): Promise<PullResult> {
  const path = resolve(options.out);
  if (existsSync(path) && !options.force) throw new UsageError(`${display(path)} exists: pass --force to overwrite it, or --out another file`, { file: path });
  const rules = ignoreRules(options.ignore);
  const schema = withoutIgnored(await engine.introspect({ exclude: [options.versionTable ?? DEFAULT_VERSION_TABLE] }), rules);
  const source = renderModels(schema, { dialect: engine.dialect });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
  return { path, tables: schema.tables.map((t) => t.name) };
}
