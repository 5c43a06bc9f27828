/**
 * The order operations run in, so that every migration can run from top to bottom and
 * its inversion (reversed) can too:
 *
 * 1. foreign keys that change or go, then tables that go (dependents first), so no
 *    later step sees a foreign key into a table or key that is about to change;
 * 2. drops of indexes, unique/check constraints and primary keys that change or go,
 *    while tables and columns still have their old names (a check or partial index that
 *    names a renamed column is dropped before the rename and re-added after it);
 * 3. table renames, then column renames, then indexes and constraints that only change
 *    name (a default name following a renamed table or column): renamed, not rebuilt;
 * 4. named enum types created or altered before any column uses them (a column whose
 *    default is a value its altered enum loses drops that default first);
 * 5. columns added and altered, table comments, then primary keys, unique/check
 *    constraints and indexes of existing tables;
 * 6. new tables, referenced tables first (they may reference the columns and keys added
 *    in 5, which some databases require to exist);
 * 7. foreign keys of existing tables, once every table and column they name exists;
 * 8. columns dropped, then enum types no longer used.
 *
 * The downgrade runs the inverses in reverse, which is again an order that works.
 */
import type { Operation } from '../ops/operations.js';

/** The phases, in the order their operations run. */
export const PHASES = [
  'dropForeignKeys',
  'dropTables',
  'dropIndexes',
  'dropConstraints',
  'dropPrimaryKeys',
  'renameTables',
  'renameColumns',
  'renameIndexes',
  'renameConstraints',
  'createEnums',
  'dropEnumDefaults',
  'alterEnums',
  'addColumns',
  'alterColumns',
  'tableComments',
  'addPrimaryKeys',
  'addConstraints',
  'createIndexes',
  'createTables',
  'addForeignKeys',
  'dropColumns',
  'dropEnums',
] as const;

/** One phase of `PHASES`. */
export type Phase = (typeof PHASES)[number];

/** Operations collected per phase by the compare steps, read back in phase order. */
export class OperationBuckets {
  private readonly buckets = new Map<Phase, Operation[]>(PHASES.map((p) => [p, []]));

  add(phase: Phase, op: Operation): void {
    this.buckets.get(phase)!.push(op);
  }

  ordered(): Operation[] {
    return PHASES.flatMap((p) => this.buckets.get(p)!);
  }
}
