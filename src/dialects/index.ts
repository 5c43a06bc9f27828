import { DialectError } from '../errors.js';
import type { Dialect, DialectName } from './dialect.js';

/**
 * Loads a dialect by name. Imports are lazy so that a SQLite user never loads `pg`
 * or `mysql2`, and `orm --help` loads none of them.
 */
export async function loadDialect(name: DialectName): Promise<Dialect> {
  switch (name) {
    case 'sqlite':
      return (await import('./sqlite/index.js')).sqliteDialect;
    case 'postgres':
      return (await import('./postgres/index.js')).postgresDialect;
    case 'mysql':
      return (await import('./mysql/index.js')).mysqlDialect;
    default:
      throw new DialectError(`unknown dialect '${String(name)}'`);
  }
}

export type { Dialect, DialectName } from './dialect.js';
