import type { Dialect } from '../dialects/dialect.js';
import type { Operation } from '../ops/operations.js';
import type { Schema } from '../schema/ir.js';
import { compareColumns, matchColumns } from './columns.js';
import { compareChecks, compareForeignKeys, comparePrimaryKey, compareUniques } from './constraints.js';
import { createContext } from './context.js';
import { compareEnums } from './enums.js';
import { compareIndexes } from './indexes.js';
import { emitCreatedTables, emitDroppedTables, emitTableComments, emitTableRenames, matchTables } from './tables.js';

/** Rename decisions: from model hints, `--rename` flags or prompts. */
export interface RenameDecisions {
  /** new table name → old table name */
  readonly tables: ReadonlyMap<string, string>;
  /** table (new name) → (new column name → old column name) */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Candidates the user answered "no, drop and add" for, as `table` or `table.column` keys of the new name. */
  readonly declined?: ReadonlySet<string>;
}

/** A drop and an add that could be a rename: the diff never guesses, it asks. */
export interface RenameCandidate {
  readonly kind: 'table' | 'column';
  /** For columns: the table (new name). */
  readonly table: string | null;
  readonly from: string;
  readonly to: string;
}

/** A rename decision the diff applied (decisions that no longer apply are skipped). */
export interface AppliedRename {
  readonly kind: 'table' | 'column';
  /** For columns: the table (new name). */
  readonly table: string | null;
  readonly from: string;
  readonly to: string;
}

/** What `diff` found. */
export interface DiffResult {
  /** Operations taking `from` to `to`, dependency-ordered. Empty when they match. */
  readonly operations: readonly Operation[];
  /** Undecided rename candidates; when non-empty, `operations` treats them as drop + add. */
  readonly ambiguities: readonly RenameCandidate[];
  /** The rename decisions that applied, in the order of their operations. */
  readonly renames?: readonly AppliedRename[];
}

/** How to compare: through which dialect, with which rename decisions. */
export interface DiffOptions {
  /** Comparison goes through `dialect.normalize`; operations carry the un-normalized IR. */
  readonly dialect: Dialect;
  readonly renames?: RenameDecisions;
}

const NO_RENAMES: RenameDecisions = { tables: new Map(), columns: new Map() };

/**
 * Compares the live schema (`from`, introspected) with the models (`to`). Pure: no I/O,
 * no prompts.
 *
 * Both sides are compared through `dialect.normalize`, so a schema and the database it
 * created give no operations; operations carry the un-normalized IR, the model side for
 * what is created and the live side for what is dropped or altered (before-states), so
 * migration files show what the user wrote. See `order.ts` for the order of operations.
 */
export function diff(from: Schema, to: Schema, options: DiffOptions): DiffResult {
  const ctx = createContext(from, to, options.dialect, options.renames ?? NO_RENAMES);
  const { added, dropped } = matchTables(ctx);
  const pairs = [...ctx.pairs.values()];
  for (const pair of pairs) matchColumns(ctx, pair);

  const sameEnum = compareEnums(ctx);
  emitTableRenames(ctx);
  for (const pair of pairs) {
    compareColumns(ctx, pair, sameEnum);
    comparePrimaryKey(ctx, pair);
    compareUniques(ctx, pair);
    compareChecks(ctx, pair);
    compareIndexes(ctx, pair);
    compareForeignKeys(ctx, pair);
  }
  emitTableComments(ctx);
  emitCreatedTables(ctx, added);
  emitDroppedTables(ctx, dropped);
  return { operations: ctx.out.ordered(), ambiguities: ctx.ambiguities, renames: ctx.renames };
}
