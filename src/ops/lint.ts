import { MigrationError } from '../errors.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Operation } from './operations.js';

export interface LintFinding {
  /** Stable code, e.g. `ORM001`. */
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Index of the operation in the list. */
  readonly operation: number;
}

export interface LintContext {
  readonly dialect: Dialect;
  /** Row counts of existing tables, when known (an empty table makes NOT NULL safe). */
  readonly rowCounts?: ReadonlyMap<string, number>;
}

export function lint(_ops: readonly Operation[], _context: LintContext): LintFinding[] {
  throw new MigrationError('lint: pending (being built in the autogenerate work)');
}
