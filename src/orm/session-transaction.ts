/**
 * The transaction a session works in. Usually its own: a pooled connection borrowed at the
 * first statement, BEGIN, and COMMIT or ROLLBACK before the connection goes back. A
 * session given a connection (`SessionOptions.connection`) joins that connection's work
 * instead: inside a transaction already open there it works in a savepoint, so its
 * commit keeps the rows in the outer transaction (they commit or roll back with it) and
 * its rollback undoes only its own writes; it never ends a transaction it did not begin,
 * and never releases a connection it did not borrow.
 */
import type { Engine, EngineConnection } from '../engine/engine.js';

/** An open session transaction. */
export interface SessionTransaction {
  readonly conn: EngineConnection;
  /** Makes the session's writes permanent (or part of the outer transaction) and lets go of the connection. */
  commit(): Promise<void>;
  /** Undoes the session's writes and lets go of the connection. */
  rollback(): Promise<void>;
}

let savepoints = 0;

/** Opens the session's transaction: on `joined` when given, else on a connection borrowed from `engine`. */
export async function openSessionTransaction(engine: Engine, joined: EngineConnection | null, site: () => string): Promise<SessionTransaction> {
  if (joined === null) return own(await engine.connect(site), true);
  if (!joined.inTransaction) return own(joined, false);
  // Unique per session: two sessions may share one outer transaction.
  const name = `orm_session_${++savepoints}`;
  await joined.execute(`SAVEPOINT ${name}`);
  return {
    conn: joined,
    async commit() {
      await joined.execute(`RELEASE SAVEPOINT ${name}`);
    },
    async rollback() {
      await joined.execute(`ROLLBACK TO SAVEPOINT ${name}`);
      await joined.execute(`RELEASE SAVEPOINT ${name}`);
    },
  };
}

/** BEGIN … COMMIT/ROLLBACK on `conn`, returned to the pool afterwards when `borrowed`. */
async function own(conn: EngineConnection, borrowed: boolean): Promise<SessionTransaction> {
  try {
    await conn.begin();
  } catch (err) {
    if (borrowed) conn.release();
    throw err;
  }
  return {
    conn,
    async commit() {
      await conn.commit();
      if (borrowed) conn.release();
    },
    async rollback() {
      try {
        await conn.rollback();
      } finally {
        if (borrowed) conn.release();
      }
    },
  };
}
