import { MigrationError } from '../errors.js';
import type { Operation } from './operations.js';

/** The inverse of one operation, or an explanation of why there is none. */
export type Inversion = { readonly ok: true; readonly operation: Operation; readonly dataLoss: string | null } | { readonly ok: false; readonly reason: string };

export function invert(_op: Operation): Inversion {
  throw new MigrationError('invert: pending (being built in the autogenerate work)');
}

/** Downgrade = upgrade inverted and reversed. */
export function invertAll(_ops: readonly Operation[]): Inversion[] {
  throw new MigrationError('invertAll: pending (being built in the autogenerate work)');
}
