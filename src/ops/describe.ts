import { MigrationError } from '../errors.js';
import type { Operation } from './operations.js';

export interface OperationSummary {
  /** One line, e.g. `add column users.age (integer, default 18)`. */
  readonly text: string;
  /** Drops data or may fail on existing data. */
  readonly destructive: boolean;
}

export function describeOperation(_op: Operation): OperationSummary {
  throw new MigrationError('describeOperation: pending (being built in the autogenerate work)');
}
