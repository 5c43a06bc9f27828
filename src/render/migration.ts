import { MigrationError } from '../errors.js';
import type { Operation } from '../ops/operations.js';

export interface MigrationSource {
  readonly revision: string;
  /** null for the first migration; an array for a merge. */
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  readonly createdAt: Date;
  readonly upgrade: readonly Operation[];
  /** Defaults to the inversion of `upgrade`. */
  readonly downgrade?: readonly Operation[];
}

/** Migration file text (TypeScript) from operations, using templates/migration.ts.tmpl. */
export function renderMigration(_source: MigrationSource): string {
  throw new MigrationError('renderMigration: pending (being built in the autogenerate work)');
}
