/**
 * `orm check`, the CI schema check. Four checks, each passed, failed or skipped (with the
 * reason), never thrown: 1) the models match the live database at head; 2) the migrations
 * alone reproduce the models, replayed into a scratch database of the same dialect;
 * 3) no applied migration file changed; 4) there is exactly one head.
 */
import type { Dialect, ScratchDatabase } from '../dialects/dialect.js';
import { diff } from '../diff/diff.js';
import type { IgnoreRules } from '../diff/ignore.js';
import { assertModelsNotIgnored, ignoreRules, withoutIgnored } from '../diff/ignore.js';
import { createEngine } from '../engine/engine.js';
import type { Engine } from '../engine/engine.js';
import type { DatabaseUrl } from '../engine/url.js';
import { ConnectionError, OrmError } from '../errors.js';
import type { Operation } from '../ops/operations.js';
import type { Schema } from '../schema/ir.js';
import { sameIr } from '../schema/ir.js';
import type { RevisionGraph } from './graph.js';
import { display } from './graph.js';
import { MigrationLoader, readMigrations } from './load-migrations.js';
import type { MigrationsOptions } from './runner.js';
import { DEFAULT_VERSION_TABLE, upgrade } from './runner.js';
import { ReplayCache, schemaFingerprint } from './replay-cache.js';
import { schemaDdl } from './schema-ddl.js';
import { describeHeads } from './state.js';
import { statusOf } from './status.js';
import { mergeAdvice } from './targets.js';
import { VersionTable } from './version-table.js';

/** Stable ids of the four checks, for `--json` consumers. */
export type CheckId = 'models-match-database' | 'migrations-reproduce-models' | 'files-unchanged' | 'single-head';

/** One check: passed, failed or skipped, with a one-line detail and what to diff. */
export interface CheckOutcome {
  readonly id: CheckId;
  readonly title: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** One line: why it failed or was skipped, or what passed. */
  readonly detail: string;
  /** Operations that would take the database (or the replayed migrations) to the models. */
  readonly operations?: readonly Operation[];
  /** The models as DDL, and the database (or replayed migrations) as DDL, for a text diff. */
  readonly expected?: string;
  readonly actual?: string;
  readonly changed?: readonly { readonly revision: string; readonly file: string }[];
  readonly heads?: readonly string[];
}

/** All four checks, in a fixed order. */
export interface CheckResult {
  /** No check failed (skipped ones do not count). */
  readonly ok: boolean;
  readonly checks: readonly CheckOutcome[];
}

/** What `check` compares: models, the migrations folder, and optionally the live database. */
export interface CheckOptions extends MigrationsOptions {
  /** The models' schema. */
  readonly models: Schema;
  /** The live database; null skips the checks that need it. */
  readonly engine: Engine | null;
  /** The dialect migrations are replayed on (the live database's). */
  readonly dialect: Dialect;
  /** The live database's URL: a scratch database is made beside it. Null: use the dialect's default. */
  readonly url: DatabaseUrl | null;
  /** Why there is no engine, when there is none (for the skipped checks' detail). */
  readonly noDatabaseReason?: string;
  /**
   * Reuse the result of an earlier replay of the same migration files on the same engine
   * (see replay-cache.ts); default true. False replays them every time.
   */
  readonly cache?: boolean;
  /**
   * Tables and table objects left out of both comparisons, live and replayed (config
   * `ignore`, see diff/ignore.ts); a model declaring one is a ConfigError. Default none.
   */
  readonly ignore?: readonly string[];
}

const TITLES: Record<CheckId, string> = {
  'models-match-database': 'models match the database at head',
  'migrations-reproduce-models': 'migrations reproduce the models',
  'files-unchanged': 'applied migration files are unchanged',
  'single-head': 'exactly one head',
};

const outcome = (id: CheckId, status: CheckOutcome['status'], detail: string, extra: Partial<CheckOutcome> = {}): CheckOutcome => ({ id, title: TITLES[id], status, detail, ...extra });

/** Runs the four checks; a failing check is a result, never an exception. */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const loader = options.loader ?? new MigrationLoader();
  const graph = await readMigrations(options.directory, loader);
  const rules = ignoreRules(options.ignore);
  assertModelsNotIgnored(options.models, rules);
  const checks: CheckOutcome[] = [];
  const toModels = differ(options.models, options.dialect, rules);
  const live = await liveChecks(graph, options, toModels);
  checks.push(live.models, await reproduceCheck(graph, { ...options, loader }, toModels), live.files, headsCheck(graph));
  return { ok: checks.every((c) => c.status !== 'failed'), checks };
}

/** The operations from a schema to the models, remembered per schema. */
interface Differ {
  (schema: Schema): readonly Operation[];
  /** The schema as compared: without ignored objects. */
  compared(schema: Schema): Schema;
  /** A schema diffed before whose fingerprint is `fingerprint`, if any. */
  withFingerprint(fingerprint: string): Schema | undefined;
}

/**
 * The migrations replayed usually give the very schema the database has: a schema equal
 * to one diffed before gets that result. Schemas are remembered as read, ignored objects
 * included, so their fingerprints match the replay cache's whatever the patterns.
 */
function differ(models: Schema, dialect: Dialect, rules: IgnoreRules): Differ {
  const seen: Array<{ schema: Schema; operations: readonly Operation[]; fingerprint?: string }> = [];
  const toModels = (schema: Schema): readonly Operation[] => {
    const known = seen.find((s) => s.schema === schema || sameIr(s.schema, schema));
    if (known) return known.operations;
    const { operations } = diff(withoutIgnored(schema, rules), models, { dialect });
    seen.push({ schema, operations });
    return operations;
  };
  return Object.assign(toModels, {
    compared: (schema: Schema) => withoutIgnored(schema, rules),
    withFingerprint: (fingerprint: string) => seen.find((s) => (s.fingerprint ??= schemaFingerprint(s.schema)) === fingerprint)?.schema,
  });
}

function headsCheck(graph: RevisionGraph): CheckOutcome {
  const heads = graph.heads();
  if (heads.length === 1) return outcome('single-head', 'passed', `head is ${describeHeads(graph, heads)}`, { heads });
  if (heads.length === 0) return outcome('single-head', 'passed', 'no migrations yet', { heads });
  return outcome('single-head', 'failed', `${heads.length} heads: ${heads.join(', ')}; ${mergeAdvice(heads)}`, { heads });
}

async function liveChecks(graph: RevisionGraph, options: CheckOptions, toModels: Differ): Promise<{ models: CheckOutcome; files: CheckOutcome }> {
  const skip = (reason: string) => ({
    models: outcome('models-match-database', 'skipped', reason),
    files: outcome('files-unchanged', 'skipped', reason),
  });
  const engine = options.engine;
  if (!engine) return skip(options.noDatabaseReason ?? 'no database configured');
  const tableName = options.versionTable ?? DEFAULT_VERSION_TABLE;
  let rows;
  let schema: Schema;
  try {
    rows = await new VersionTable(engine.dialect, tableName).read(engine);
    schema = await engine.introspect({ exclude: [tableName] });
  } catch (err) {
    if (err instanceof ConnectionError) return skip(`the database cannot be reached: ${err.message}`);
    throw err;
  }
  const status = statusOf(graph, rows);

  const changed = status.state.changed.map((c) => ({ revision: c.revision, file: c.file }));
  const files =
    changed.length === 0
      ? outcome('files-unchanged', 'passed', `${status.state.applied.size} applied migration file(s) match their checksums`, { changed })
      : outcome('files-unchanged', 'failed', `edited after they were applied: ${changed.map((c) => display(c.file)).join(', ')} (restore them, or \`orm migrate rehash <rev>\`)`, { changed });

  if (!status.atHead) {
    const at = describeHeads(graph, status.state.heads);
    const head = status.fileHeads.length ? describeHeads(graph, status.fileHeads) : 'base';
    const extra = status.state.failed.length ? `; ${status.state.failed.length} migration(s) recorded as failed` : status.state.unknown.length ? `; unknown revision(s) ${status.state.unknown.map((r) => r.revision).join(', ')}` : '';
    return { models: outcome('models-match-database', 'failed', `database is at ${at}, head is ${head}: run \`orm upgrade\` first${extra}`), files };
  }
  const operations = toModels(schema);
  const models =
    operations.length === 0
      ? outcome('models-match-database', 'passed', 'autogenerate would find no changes')
      : outcome('models-match-database', 'failed', `${operations.length} operation(s) would bring the database to the models: run \`orm migrate autogenerate\``, {
          operations,
          expected: schemaDdl(engine.dialect, options.models),
          actual: schemaDdl(engine.dialect, toModels.compared(schema)),
        });
  return { models, files };
}

async function reproduceCheck(graph: RevisionGraph, options: CheckOptions & { loader: MigrationLoader }, toModels: Differ): Promise<CheckOutcome> {
  const { dialect } = options;
  if (!dialect.createScratchDatabase) return outcome('migrations-reproduce-models', 'skipped', `the ${dialect.name} dialect cannot create a scratch database`);
  const tableName = options.versionTable ?? DEFAULT_VERSION_TABLE;
  const replayed = `${graph.size} migration(s) replayed into a scratch ${dialect.name} database`;
  const compare = (schema: Schema, detail: string): CheckOutcome => {
    const operations = toModels(schema);
    return operations.length === 0
      ? outcome('migrations-reproduce-models', 'passed', detail)
      : outcome('migrations-reproduce-models', 'failed', `${detail} differ from the models by ${operations.length} operation(s): run \`orm migrate autogenerate\``, {
          operations,
          expected: schemaDdl(dialect, options.models),
          actual: schemaDdl(dialect, toModels.compared(schema)),
        });
  };
  // The same files replayed on the same engine before: compare with what they gave then.
  const cache = options.cache !== false && (await options.loader.prepare(graph.files)) ? new ReplayCache(options.directory, graph, dialect, tableName) : null;
  let scratch: ScratchDatabase | null = null;
  let engine: Engine | null = null;
  try {
    let version: string | null = null;
    if (cache) {
      // The scratch database lives on the live database's server (or engine), so either can say which version.
      if (!options.engine) {
        scratch = await dialect.createScratchDatabase(options.url);
        engine = await createEngine(scratch.url);
      }
      version = await cache.engineVersion((options.engine ?? engine)!).catch(() => null);
      const fingerprint = version !== null ? cache.fingerprint(version) : undefined;
      // Mostly the database itself, already compared: otherwise read the replayed schema back.
      const known = fingerprint !== undefined ? (toModels.withFingerprint(fingerprint) ?? cache.schema(version!)) : undefined;
      if (known) return compare(known, `${replayed} (the same files as an earlier replay, whose result is reused; --no-cache replays them again)`);
    }
    scratch ??= await dialect.createScratchDatabase(options.url);
    engine ??= await createEngine(scratch.url);
    let rawSql: boolean;
    try {
      const { steps } = await upgrade(engine, { directory: options.directory, versionTable: tableName, loader: options.loader, target: 'heads' });
      rawSql = steps.some((s) => s.rawSql);
    } catch (err) {
      if (!(err instanceof OrmError)) throw err;
      const why = await scratch.explainFailure?.(err).catch(() => undefined);
      return outcome('migrations-reproduce-models', 'failed', `replaying the migrations failed: ${err.message.split('\n')[0]}${why ? `; ${why}` : ''}`);
    }
    const schema = await engine.introspect({ exclude: [tableName] });
    // Raw SQL can read what lies outside the scratch database (the server's other schemas,
    // extensions, settings, the clock): its outcome is not the files' alone.
    if (cache && version !== null && !rawSql) cache.set(version, schema);
    return compare(schema, replayed);
  } finally {
    await engine?.close();
    await scratch?.drop();
  }
}
