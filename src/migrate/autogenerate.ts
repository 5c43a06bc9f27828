/**
 * `orm migrate autogenerate`: the live database (at head) compared with the models; the
 * operations become a migration file (`renderMigration`) or, with `sql`, the statements
 * they would run. Rename ambiguities are settled by decisions given up front or by the
 * injected `decide` callback (a prompt in the CLI); never guessed.
 */
import type { DiffResult, RenameCandidate, RenameDecisions } from '../diff/diff.js';
import { diff } from '../diff/diff.js';
import { assertModelsNotIgnored, ignoreRules, withoutIgnored } from '../diff/ignore.js';
import type { Engine } from '../engine/engine.js';
import { MigrationError } from '../errors.js';
import { applyOperation } from '../ops/apply.js';
import type { OperationSummary } from '../ops/describe.js';
import { describeOperation } from '../ops/describe.js';
import type { LintFinding } from '../ops/lint.js';
import { lint } from '../ops/lint.js';
import type { Operation } from '../ops/operations.js';
import { assertNever } from '../ops/operations.js';
import { renderMigration } from '../render/migration.js';
import type { Schema } from '../schema/ir.js';
import { inlineParams } from './inline-params.js';
import { MigrationLoader, readMigrations } from './load-migrations.js';
import type { NewRevision } from './new-revision.js';
import { allocateRevision, writeMigrationFile } from './new-revision.js';
import { withAnswer } from './renames.js';
import type { MigrationsOptions } from './runner.js';
import { DEFAULT_VERSION_TABLE } from './runner.js';
import { assertConsistent, databaseState, describeHeads } from './state.js';
import { singleHead } from './targets.js';
import { VersionTable } from './version-table.js';

/** Options of `autogenerate`; the migrations folder and version table come from `MigrationsOptions`. */
export interface AutogenerateOptions extends MigrationsOptions {
  /** The models' schema (`loadModels(…).schema`). */
  readonly models: Schema;
  readonly message: string;
  /** Decisions known up front: model hints and flags (see `renameDecisions`). */
  readonly renames?: RenameDecisions;
  /** Asked once per undecided candidate: true renames, false drops and adds, undefined leaves it undecided. */
  readonly decide?: (candidate: RenameCandidate) => Promise<boolean | undefined>;
  /** Plan the SQL instead of writing a file. */
  readonly sql?: boolean;
  readonly createdAt?: Date;
  /**
   * Tables and table objects left out of the comparison (config `ignore`, see
   * diff/ignore.ts); a model declaring one is a ConfigError. Default none.
   */
  readonly ignore?: readonly string[];
}

/** What `autogenerate` did: nothing to decide or write, or the changes it found. */
export type AutogenerateResult =
  /** Rename candidates nobody decided: no file was written. */
  | { readonly status: 'ambiguous'; readonly candidates: readonly RenameCandidate[] }
  /** Models and database match: no file was written. */
  | { readonly status: 'empty' }
  | {
      readonly status: 'changes';
      readonly operations: readonly Operation[];
      readonly summaries: readonly OperationSummary[];
      readonly lint: readonly LintFinding[];
      /** The file written (null with `sql`). */
      readonly file: NewRevision | null;
      /** With `sql`: the statements, parameters written in. */
      readonly statements: readonly string[] | null;
      readonly renames: RenameDecisions;
    };

const NO_RENAMES: RenameDecisions = { tables: new Map(), columns: new Map() };
const MAX_ROUNDS = 20;

/**
 * Compares the live database (which must be at the single head) with the models and writes
 * the migration that takes one to the other, or returns its SQL with `sql`. Writes nothing
 * when there are no changes or an undecided rename.
 */
export async function autogenerate(engine: Engine, options: AutogenerateOptions): Promise<AutogenerateResult> {
  if (!options.sql && !options.message.trim()) throw new MigrationError('a migration needs a message: -m "what it does"');
  const { dialect } = engine;
  const rules = ignoreRules(options.ignore);
  assertModelsNotIgnored(options.models, rules);
  const graph = await readMigrations(options.directory, options.loader ?? new MigrationLoader());
  const head = singleHead(graph);
  const tableName = options.versionTable ?? DEFAULT_VERSION_TABLE;
  const state = databaseState(graph, (await new VersionTable(dialect, tableName).read(engine)) ?? []);
  assertConsistent(graph, state, { allowChanged: true });
  const atHead = head === null ? state.heads.length === 0 : state.heads.length === 1 && state.heads[0] === head;
  if (!atHead) {
    throw new MigrationError(`database is at ${describeHeads(graph, state.heads)}, head is ${head === null ? 'base' : describeHeads(graph, [head])}: run \`orm upgrade\` first`, {
      current: state.heads,
      head,
    });
  }
  // Ignored objects stay in what the statements are planned and linted against: they exist.
  const everything = await engine.introspect({ exclude: [tableName] });
  const live = withoutIgnored(everything, rules);

  let renames = options.renames ?? NO_RENAMES;
  let result: DiffResult = diff(live, options.models, { dialect, renames });
  for (let round = 0; result.ambiguities.length > 0; round++) {
    if (!options.decide || round >= MAX_ROUNDS) return { status: 'ambiguous', candidates: result.ambiguities };
    const undecided: RenameCandidate[] = [];
    for (const c of result.ambiguities) {
      const answer = await options.decide(c);
      if (answer === undefined) undecided.push(c);
      else renames = withAnswer(renames, c, answer);
    }
    if (undecided.length > 0) return { status: 'ambiguous', candidates: undecided };
    result = diff(live, options.models, { dialect, renames });
  }
  const operations = result.operations;
  if (operations.length === 0) return { status: 'empty' };

  const summaries = operations.map((op) => describeOperation(op));
  const findings = lint(operations, { dialect, schema: everything, rowCounts: await rowCounts(engine, live, operations) });

  if (options.sql) {
    const statements: string[] = [];
    let schema = everything;
    for (const op of operations) {
      for (const s of dialect.plan(op, { schema })) statements.push(inlineParams(dialect, s.sql, s.params));
      schema = applyOperation(schema, op);
    }
    return { status: 'changes', operations, summaries, lint: findings, file: null, statements, renames };
  }

  const rev = allocateRevision(graph, { message: options.message, parents: head === null ? [] : [head], createdAt: options.createdAt, directory: options.directory });
  const text = renderMigration({ revision: rev.revision, downRevision: head, message: rev.message, createdAt: rev.createdAt, upgrade: operations });
  writeMigrationFile(rev.path, text);
  return { status: 'changes', operations, summaries, lint: findings, file: rev, statements: null, renames };
}

/** Row counts of the existing tables the operations touch (lint: NOT NULL on a non-empty table, …). */
async function rowCounts(engine: Engine, live: Schema, operations: readonly Operation[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const existing = new Set(live.tables.map((t) => t.name));
  for (const name of new Set(operations.flatMap(tablesOf))) {
    if (!existing.has(name)) continue;
    const { rows } = await engine.execute(`SELECT COUNT(*) AS n FROM ${engine.dialect.quoteIdentifier(name)}`);
    counts.set(name, Number(rows[0]?.n ?? 0));
  }
  return counts;
}

function tablesOf(op: Operation): string[] {
  switch (op.kind) {
    case 'createTable':
    case 'dropTable':
      return [op.table.name];
    case 'renameTable':
      return [op.from];
    case 'addColumn':
    case 'dropColumn':
    case 'alterColumn':
    case 'renameColumn':
    case 'createIndex':
    case 'dropIndex':
    case 'renameIndex':
    case 'addConstraint':
    case 'dropConstraint':
    case 'renameConstraint':
    case 'setTableComment':
    case 'bulkInsert':
      return [op.table];
    case 'createEnum':
    case 'dropEnum':
    case 'alterEnum':
    case 'execute':
      return [];
    default:
      return assertNever(op);
  }
}
