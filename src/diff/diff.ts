import type { Dialect } from '../dialects/dialect.js';
import { MigrationError } from '../errors.js';
import type { Operation } from '../ops/operations.js';
import type { Schema } from '../schema/ir.js';

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

export interface DiffResult {
  /** Operations taking `from` to `to`, dependency-ordered. Empty when they match. */
  readonly operations: readonly Operation[];
  /** Undecided rename candidates; when non-empty, `operations` treats them as drop + add. */
  readonly ambiguities: readonly RenameCandidate[];
}

export interface DiffOptions {
  /** Comparison goes through `dialect.normalize`; operations carry the un-normalized IR. */
  readonly dialect: Dialect;
  readonly renames?: RenameDecisions;
}

/**
 * Compares the live schema (`from`, introspected) with the models (`to`). Pure: no I/O,
 * no prompts.
 */
export function diff(_from: Schema, _to: Schema, _options: DiffOptions): DiffResult {
  throw new MigrationError('diff: pending (being built in the autogenerate work)');
}
