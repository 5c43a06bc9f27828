/**
 * Why a replay in PostgreSQL's scratch schema failed where the database would not: the
 * missing type, operator class or function belongs to an extension of the database,
 * which the scratch schema's search_path leaves out.
 */
import type { Connection } from '../dialect.js';

/** undefined_object (a type, an operator class) and undefined_function. */
const MISSING = new Set(['42704', '42883']);

// Objects an extension owns (pg_depend deptype 'e'), by kind.
const MEMBERS_SQL = `SELECT e.extname AS extension, m.kind, m.name FROM (
  SELECT 'type' AS kind, t.typname::text AS name, d.refobjid, d.refclassid FROM pg_depend d JOIN pg_type t ON d.classid = 'pg_type'::regclass AND t.oid = d.objid WHERE d.deptype = 'e'
  UNION ALL SELECT 'operator class', o.opcname::text, d.refobjid, d.refclassid FROM pg_depend d JOIN pg_opclass o ON d.classid = 'pg_opclass'::regclass AND o.oid = d.objid WHERE d.deptype = 'e'
  UNION ALL SELECT 'function', p.proname::text, d.refobjid, d.refclassid FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid WHERE d.deptype = 'e'
) m JOIN pg_extension e ON m.refclassid = 'pg_extension'::regclass AND e.oid = m.refobjid
WHERE e.extname <> 'plpgsql'`;

/** The server's message for a missing object, found along the error's causes. */
function missingObjectMessage(err: unknown): string | undefined {
  for (let e = err; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { details?: { driverCode?: unknown }; code?: unknown }).details?.driverCode ?? (e as { code?: unknown }).code;
    if (typeof code === 'string' && MISSING.has(code)) return String((e as { message?: unknown }).message);
  }
  return undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One clause for the replay's error line when it failed on an object an extension of the
 * database provides (read through `conn`): which object, from which extension, that the
 * scratch schema cannot see it, and `advice`. Undefined for any other failure.
 */
export async function explainMissingExtensionObject(conn: Connection, err: unknown, advice: string): Promise<string | undefined> {
  const message = missingObjectMessage(err);
  if (message === undefined) return undefined;
  const members = (await conn.query(MEMBERS_SQL)).rows.map((r) => ({ extension: String(r.extension), kind: String(r.kind), name: String(r.name) }));
  const named = members.filter((m) => new RegExp(`(^|[^\\w$])${escape(m.name)}([^\\w$]|$)`).test(message));
  // The message names the kind too ("type "citext" does not exist"): prefer that kind, then the longest name.
  const score = (m: (typeof named)[number]) => (message.includes(m.kind) ? 1000 : 0) + m.name.length;
  const best = named.sort((a, b) => score(b) - score(a))[0];
  if (!best) return undefined;
  return `${best.kind} ${best.name} comes from the extension ${best.extension}, and the database's extensions are not visible in the scratch schema the migrations are replayed in; ${advice}`;
}
