/**
 * The connection a session works on. A session holds one only while a transaction is
 * open: the first statement borrows it (or joins the session's given connection) and
 * begins the transaction; commit or rollback ends it and lets the connection go.
 */
import type { Engine, EngineConnection } from '../engine/engine.js';
import type { SessionTransaction } from './session-transaction.js';
import { openSessionTransaction } from './session-transaction.js';

/** A session's transaction and its connection, opened on first use. */
export class SessionConnection {
  private conn: EngineConnection | null = null;
  private tx: SessionTransaction | null = null;
  private connecting: Promise<EngineConnection> | null = null;

  constructor(
    private readonly engine: Engine,
    /** The caller's connection (`SessionOptions.connection`), or null for one from the pool. */
    private readonly joined: EngineConnection | null,
    private readonly site: () => string,
  ) {}

  /** The open transaction's connection, if any. */
  get current(): EngineConnection | null {
    return this.conn;
  }

  /** The transaction's connection, begun on first use. */
  get(): Promise<EngineConnection> {
    if (this.conn) return Promise.resolve(this.conn);
    this.connecting ??= (async () => {
      const tx = await openSessionTransaction(this.engine, this.joined, this.site);
      this.tx = tx;
      this.conn = tx.conn;
      return tx.conn;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Commits the open transaction, if any. When COMMIT fails the transaction stays open (roll it back). */
  async commit(): Promise<void> {
    const tx = this.tx;
    if (!tx) return;
    await tx.commit();
    this.conn = null;
    this.tx = null;
  }

  /** Rolls back the open transaction, if any; the connection is let go either way. */
  async rollback(): Promise<void> {
    const tx = this.tx;
    this.conn = null;
    this.tx = null;
    if (tx) await tx.rollback();
  }
}
