import { ModelError } from '../../errors.js';
import { shortenIdentifier } from '../shared/normalize.js';

/** NAMEDATALEN - 1: PostgreSQL silently truncates longer names (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS). */
export const PG_MAX_IDENTIFIER_BYTES = 63;

/**
 * A name as PostgreSQL will store it: names past 63 bytes get a readable prefix and a
 * hash suffix instead of the server's silent truncation, so two long names that share a
 * prefix stay distinct and the model's name maps to one known database name.
 */
export const shortenPg = (name: string): string => shortenIdentifier(name, PG_MAX_IDENTIFIER_BYTES);

/**
 * Quotes an identifier with `"` (embedded quotes doubled), shortened like `shortenPg`.
 * Every statement we write goes through this, so DDL, plans and queries all reach the
 * same object however long the model's name is.
 */
export const quotePg = (name: string): string => `"${shortenPg(name).replace(/"/g, '""')}"`;

/**
 * The primary key name our DDL writes when the model gives none. It is also what
 * PostgreSQL itself picks (`<table>_pkey`) for short names, and the normalizer maps it
 * back to `null` on both sides.
 */
export const defaultPrimaryKeyName = (table: string): string => shortenPg(`${shortenPg(table)}_pkey`);

/** One name that must stay distinct from the others of its namespace once shortened. */
export interface NamedThing {
  readonly name: string;
  /** What it is, for the error message: `column`, `index`, `table`, … */
  readonly what: string;
}

/**
 * Throws a ModelError when two different names of one namespace become the same name
 * once shortened to 63 bytes (the hash makes this rare, but a short name can equal
 * another name's shortened form). Identical names are left to the database to report.
 */
export function assertDistinctWhenShortened(things: Iterable<NamedThing>, namespace: string): void {
  const seen = new Map<string, NamedThing>();
  for (const thing of things) {
    const short = shortenPg(thing.name);
    const other = seen.get(short);
    if (other && other.name !== thing.name) {
      throw new ModelError(
        `${other.what} '${other.name}' and ${thing.what} '${thing.name}' ${namespace} both become '${short}' under PostgreSQL's ` +
          `${PG_MAX_IDENTIFIER_BYTES}-byte identifier limit; rename one of them`,
        { namespace, names: [other.name, thing.name], shortened: short },
      );
    }
    if (!other) seen.set(short, thing);
  }
}
