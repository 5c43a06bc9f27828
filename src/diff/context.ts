/**
 * What every compare step shares: both schemas raw (to emit) and normalized (to
 * compare), the rename decisions, and the table/column matching once it is made.
 */
import type { Capabilities, Dialect } from '../dialects/dialect.js';
import type { Schema, Table } from '../schema/ir.js';
import type { AppliedRename, RenameCandidate, RenameDecisions } from './diff.js';
import { OperationBuckets } from './order.js';

/** One table in both its raw form (emitted in operations) and normalized form (compared). */
export interface TableVersions {
  readonly raw: Table;
  readonly norm: Table;
}

/** A live table and the model table it becomes (same name, or a decided rename). */
export interface TablePair {
  /** Name in the live database. */
  readonly from: string;
  /** Name in the models. */
  readonly to: string;
  readonly live: TableVersions;
  readonly model: TableVersions;
  /** Live column name → model column name, for every column kept (same name or renamed). */
  readonly columns: Map<string, string>;
}

/** The state of one diff: inputs, matching, and the operations collected per phase. */
export interface DiffContext {
  readonly dialect: Dialect;
  readonly capabilities: Capabilities;
  readonly decisions: RenameDecisions;
  readonly live: ReadonlyMap<string, TableVersions>;
  readonly model: ReadonlyMap<string, TableVersions>;
  /** Matched tables, keyed by live name. */
  readonly pairs: Map<string, TablePair>;
  readonly out: OperationBuckets;
  readonly ambiguities: RenameCandidate[];
  readonly renames: AppliedRename[];
}

/** Both schemas as raw and normalized tables, by name; nothing matched yet. */
export function createContext(from: Schema, to: Schema, dialect: Dialect, decisions: RenameDecisions): DiffContext {
  return {
    dialect,
    capabilities: dialect.capabilities,
    decisions,
    live: versions(from, normalized(dialect, from)),
    model: versions(to, normalized(dialect, to)),
    pairs: new Map(),
    out: new OperationBuckets(),
    ambiguities: [],
    renames: [],
  };
}

const normalizedCache = new WeakMap<Schema, WeakMap<Dialect, Schema>>();

/**
 * `dialect.normalize(schema)`, once per frozen schema and dialect: `orm check` diffs the
 * same models against the database and against the replayed migrations. IR built by
 * `makeSchema` is deep-frozen, so the result cannot go stale; other schemas are
 * normalized every time.
 */
function normalized(dialect: Dialect, schema: Schema): Schema {
  if (!Object.isFrozen(schema) || !Object.isFrozen(schema.tables)) return dialect.normalize(schema);
  let byDialect = normalizedCache.get(schema);
  if (!byDialect) normalizedCache.set(schema, (byDialect = new WeakMap()));
  let norm = byDialect.get(dialect);
  if (!norm) byDialect.set(dialect, (norm = dialect.normalize(schema)));
  return norm;
}

function versions(raw: Schema, norm: Schema): Map<string, TableVersions> {
  const rawByName = new Map(raw.tables.map((t) => [t.name, t]));
  return new Map(norm.tables.map((t) => [t.name, { raw: rawByName.get(t.name) ?? t, norm: t }]));
}

/** The model name of a live table (itself when it is not renamed). */
export function tableToModel(ctx: DiffContext, liveTable: string): string {
  return ctx.pairs.get(liveTable)?.to ?? liveTable;
}

/** Live column names of `liveTable` as the model names them (dropped columns keep theirs). */
export function columnsToModel(ctx: DiffContext, liveTable: string, columns: readonly string[]): string[] {
  const map = ctx.pairs.get(liveTable)?.columns;
  return columns.map((c) => map?.get(c) ?? c);
}

/** The raw object of a raw table named like a normalized one (normalization keeps names). */
export function rawNamed<T extends { readonly name: string | null }>(raw: readonly T[], norm: T): T {
  return raw.find((x) => x.name === norm.name) ?? norm;
}
