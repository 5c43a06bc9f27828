/**
 * Error classes with stable codes. The library throws these; only `cli/` turns
 * them into exit codes and one-line messages (see `exitCodeFor`).
 */

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'CONFIG' // malformed or missing configuration
  | 'URL' // malformed database URL
  | 'DIALECT' // dialect unknown or not available
  | 'MODEL' // model file or definition problem
  | 'USAGE' // bad CLI argument or API misuse
  | 'INPUT' // bad user data (seed row, CRUD value, expression)
  | 'MIGRATION' // migration file or revision graph problem
  | 'VALIDATION' // value rejected before reaching the database
  | 'SESSION' // session misuse (closed, leaked)
  | 'CONNECTION' // cannot reach the database
  | 'DATABASE' // the database rejected a statement
  | 'INTEGRITY' // constraint violation
  | 'LOCK' // migration lock not obtained in time
  | 'CHECK_FAILED'; // a check found differences

export class OrmError extends Error {
  readonly code: ErrorCode;
  /** Extra structured data for `--json` output and programmatic callers. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class ConfigError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFIG', message, details);
  }
}

export class UrlError extends OrmError {
  constructor(message: string) {
    super('URL', message);
  }
}

export class DialectError extends OrmError {
  constructor(message: string) {
    super('DIALECT', message);
  }
}

export class ModelError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('MODEL', message, details, options);
  }
}

export class UsageError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('USAGE', message, details);
  }
}

export class InputError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INPUT', message, details);
  }
}

export class MigrationError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('MIGRATION', message, details, options);
  }
}

export class ValidationError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('VALIDATION', message, details);
  }
}

export class SessionError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('SESSION', message, details);
  }
}

export class ConnectionError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('CONNECTION', message, details, options);
  }
}

/** A statement failed in the database. `sql` is the statement; parameters are never included. */
export class DatabaseError extends OrmError {
  readonly sql: string | undefined;
  constructor(message: string, details: { sql?: string; [k: string]: unknown } = {}, options?: { cause?: unknown }) {
    super('DATABASE', message, details, options);
    this.sql = details.sql;
  }
}

/** A constraint rejected a write: names the constraint (when the driver tells) and the table. */
export class IntegrityError extends OrmError {
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly kind: 'unique' | 'foreign_key' | 'not_null' | 'check' | 'primary_key' | 'unknown';
  constructor(
    message: string,
    details: { constraint?: string; table?: string; kind: IntegrityError['kind']; sql?: string; columns?: string[] },
    options?: { cause?: unknown },
  ) {
    super('INTEGRITY', message, details, options);
    this.constraint = details.constraint;
    this.table = details.table;
    this.kind = details.kind;
  }
}

export class LockError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('LOCK', message, details);
  }
}

export class CheckFailedError extends OrmError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CHECK_FAILED', message, details);
  }
}

/** Exit codes documented in the README: 0 ok, 1 check found differences, 2 usage/config/input, 3 database. */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof OrmError)) return 3;
  switch (err.code) {
    case 'CHECK_FAILED':
      return 1;
    case 'CONFIG':
    case 'URL':
    case 'DIALECT':
    case 'MODEL':
    case 'USAGE':
    case 'INPUT':
    case 'MIGRATION':
    case 'VALIDATION':
    case 'SESSION':
      return 2;
    case 'CONNECTION':
    case 'DATABASE':
    case 'INTEGRITY':
    case 'LOCK':
      return 3;
  }
}

/** Levenshtein-based "did you mean" helper used by config, CLI and CRUD errors. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  return bestScore <= Math.max(2, Math.floor(best.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
