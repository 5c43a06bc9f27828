import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/**
 * `orm pull`: model source written from the live database (version table left out), to
 * adopt an existing database: pull, autogenerate finds nothing, `orm stamp head`.
 * An existing file is kept unless `force`.
 */
export async function pull(engine: Engine, options: { readonly out: string; readonly force?: boolean; readonly versionTable?: string }): Promise<PullResult> {
  const path = resolve(options.out);
  if (existsSync(path) && !options.force) throw new UsageError(`${display(path)} exists: pass --force to overwrite it, or --out another file`, { file: path });
  const schema = await engine.introspect({ exclude: [options.versionTable ?? DEFAULT_VERSION_TABLE] });
  const source = renderModels(schema, { dialect: engine.dialect });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
  return { path, tables: schema.tables.map((t) => t.name) };
}
