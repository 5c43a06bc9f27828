/**
 * Errors and warnings specific to sessions and queries. They reuse the stable codes of
 * `errors.ts`, so the CLI maps them to exit codes like every other error.
 */
import { OrmError } from '../errors.js';

/** `query.one()` found no row. */
export class NoResultError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('USAGE', message, details);
  }
}

/** `query.one()` or `query.oneOrNone()` found more than one row. */
export class MultipleResultsError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('USAGE', message, details);
  }
}

/**
 * Handed to a session's `onWarning` (default `process.emitWarning`) when a session is
 * closed while it still holds changes: they are rolled back, never kept silently.
 */
export class SessionWarning extends Error {
  readonly code = 'ORM_SESSION_UNCOMMITTED';
  constructor(
    message: string,
    /** What was discarded, for programmatic callers. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'SessionWarning';
  }
}
