/**
 * Sessions: a unit of work over one engine. A session holds a pooled connection only
 * while a transaction is open — from its first statement until `commit()`, `rollback()`
 * or `close()` — and tracks the objects it added or loaded: one object per row (identity
 * map), changes found by comparing with snapshots, everything written by `flush()` (before
 * every query, and at commit) in foreign-key order.
 */
import type { Dialect, QueryResult } from '../dialects/dialect.js';
import type { Engine, EngineConnection } from '../engine/engine.js';
import { SessionError, UsageError } from '../errors.js';
import type { AnyModel, InferInsert, InferRow } from '../schema/table.js';
import { SessionWarning } from './errors.js';
import { flush } from './flush.js';
import { IdentityMap } from './identity-map.js';
import { insertMany } from './insert-many.js';
import type { InstanceState } from './instance-state.js';
import { stateOf } from './instance-state.js';
import { loadFor } from './loading.js';
import type { Mapper } from './mapper.js';
import { mapperFor, mapperOfInstance } from './mapper.js';
import { addObject, addObjects, expungeObject, forgetState, markForDeletion } from './membership.js';
import { getByKey, refreshObject } from './lookup.js';
import { Query } from './query.js';
import type { Relation, RelationValue } from './relations.js';
import { restoreAfterRollback } from './restore.js';
import { SessionConnection } from './session-connection.js';
import { captureSite } from './site.js';
import { Tracked } from './tracked.js';
import { describeUnsaved, trackedObjects } from './unsaved.js';
import { WriteLog } from './write-log.js';

/** Options of `engine.session()`, `sessionmaker()` and `withSession()`. */
export interface SessionOptions {
  /** Flush pending changes before each query, so queries see them (default true). */
  readonly autoflush?: boolean;
  /**
   * Receives warnings, such as closing a session with uncommitted changes. Default:
   * `process.emitWarning` (the library itself never prints).
   */
  readonly onWarning?: (warning: SessionWarning) => void;
  /**
   * Work on this borrowed connection instead of one from the pool. Inside a transaction
   * open there, the session works in a savepoint: `commit()` keeps its rows in that
   * transaction (they commit or roll back with it), `rollback()` undoes only its own
   * writes. Outside one, the session begins and ends its own transactions on it. Either
   * way the connection stays the caller's to release.
   */
  readonly connection?: EngineConnection;
}

/** A primary key value, or an object of them for composite keys: `get(User, 1)`, `get(Member, { orgId, userId })`. */
export type PrimaryKeyInput<M extends AnyModel> = string | number | bigint | Date | Uint8Array | Readonly<Partial<InferRow<M>>>;

/**
 * A unit of work: `engine.session()`, `sessionmaker(engine)()`, or the one `withSession()`
 * passes. Not for concurrent use by independent tasks (like a transaction).
 */
export class Session {
  readonly dialect: Dialect;
  readonly autoflush: boolean;
  /** @internal */
  readonly identity = new IdentityMap();
  /** @internal The tracked objects, per model. */
  readonly tracked = new Tracked();
  /** @internal Bumped by commit and rollback: objects loaded before are expired. */
  generation = 1;
  /** @internal */
  pendingCount = 0;
  /** @internal */
  deletionCount = 0;
  private readonly writes = new WriteLog();
  private readonly link: SessionConnection;
  private flushing: Promise<void> | null = null;
  private isClosed = false;
  private readonly site: () => string;
  private readonly onWarning: (warning: SessionWarning) => void;
  private lastCtor: unknown = undefined;
  private lastMapper: Mapper | undefined = undefined;
  private lastModel: unknown = undefined;
  private lastModelMapper: Mapper | undefined = undefined;

  constructor(
    readonly engine: Engine,
    options: SessionOptions = {},
  ) {
    this.dialect = engine.dialect;
    this.autoflush = options.autoflush ?? true;
    this.onWarning = options.onWarning ?? ((w) => process.emitWarning(w));
    this.site = captureSite();
    this.link = new SessionConnection(engine, options.connection ?? null, this.site);
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** True while a transaction (and so a pooled connection) is held. */
  get inTransaction(): boolean {
    return this.link.current !== null;
  }

  /**
   * Adds a new object (INSERTed at the next flush) or re-attaches one from a closed
   * session. Literal defaults are filled in now and present values are checked against
   * their columns (ValidationError naming `Model.field`); missing required values are
   * reported at flush, when relations may have supplied them.
   */
  add(obj: object): void {
    this.assertOpen('add');
    addObject(this, this.mapperOf(obj, 'session.add()'), obj as Record<string, unknown>);
  }

  /** `add()` for each object. */
  addAll(objs: Iterable<object>): void {
    this.assertOpen('addAll');
    if (objs === null || typeof objs !== 'object' || !(Symbol.iterator in objs)) throw new UsageError('session.addAll() expects an array (or iterable) of model objects');
    addObjects(this, objs, (obj) => this.mapperOf(obj, 'session.addAll()'));
  }

  /**
   * INSERTs plain rows (`{ name: 'Ada' }`, typed `InferInsert<typeof User>`) in multi-row
   * statements, in the session's transaction, after an autoflush; resolves to the number
   * of rows inserted. Values are checked as `add()` checks them (ValidationError naming
   * `Model.field` and `rows[i]`); a failure leaves none of the rows. The rows are not
   * tracked and never changed: generated keys and defaults are not written onto them
   * (use `addAll()` with model objects for that).
   */
  async insertMany<M extends AnyModel>(model: M, rows: Iterable<InferInsert<M>>): Promise<number> {
    this.assertOpen('insertMany');
    return insertMany(this, mapperFor(model, this.dialect), rows as Iterable<object>);
  }

  /** Marks a stored object for deletion at the next flush (cascading where relations say so). */
  delete(obj: object): void {
    this.assertOpen('delete');
    markForDeletion(this, this.mapperOf(obj, 'session.delete()'), obj);
  }

  /** Removes an object from the session without touching the database. */
  expunge(obj: object): void {
    this.assertOpen('expunge');
    expungeObject(this, obj);
  }

  /** Writes pending changes (in a savepoint: a failed flush changes nothing). */
  async flush(): Promise<void> {
    this.assertOpen('flush');
    while (this.flushing) await this.flushing.catch(() => undefined);
    const run = flush(this).finally(() => {
      this.flushing = null;
    });
    this.flushing = run;
    await run;
  }

  /** @internal Flushes if autoflush is on (queries call this first). */
  async autoflushNow(): Promise<void> {
    this.assertOpen('query');
    if (this.autoflush) await this.flush();
  }

  /** Flushes, commits and releases the connection. Loaded objects expire (refreshed by the next load). */
  async commit(): Promise<void> {
    this.assertOpen('commit');
    await this.flush();
    try {
      await this.link.commit();
    } catch (err) {
      await this.rollback().catch(() => undefined);
      throw err;
    }
    for (const s of this.writes.take()) {
      s.transactionBackup = undefined;
      if (s.status === 'deleted') this.forget(s);
    }
    // Rows inserted in this transaction (insertedIn === generation) stop counting as such.
    this.generation++;
    this.tracked.compact(this);
  }

  /**
   * Rolls back and releases the connection. Objects go back to what the database holds:
   * rows inserted in the transaction become new objects again (generated keys cleared),
   * deleted ones come back, changed values return, unflushed changes are discarded.
   */
  async rollback(): Promise<void> {
    this.assertOpen('rollback');
    while (this.flushing) await this.flushing.catch(() => undefined);
    try {
      await this.link.rollback();
    } finally {
      restoreAfterRollback(this, this.writes.take());
      this.generation++;
      this.tracked.compact(this);
    }
  }

  /** @internal Detaches a state and makes it new again (no row, no snapshot). */
  forget(s: InstanceState): void {
    forgetState(this, s);
  }

  /**
   * Rolls back what was not committed and ends the session; objects stay usable, detached.
   * Unflushed or uncommitted changes are never dropped silently: `onWarning` receives a
   * SessionWarning saying what was discarded and where the session was opened.
   */
  async close(): Promise<void> {
    if (this.isClosed) return;
    while (this.flushing) await this.flushing.catch(() => undefined);
    const unsaved = describeUnsaved(this, this.writes.wrote);
    try {
      // With nothing to restore, this just ends the (read-only) transaction.
      if (unsaved) await this.rollback();
      else await this.link.rollback();
    } finally {
      // Objects keep pointing at this (now closed) session: that is what makes them detached.
      this.isClosed = true;
      this.tracked.clear();
      this.identity.clear();
      if (unsaved) {
        this.onWarning(
          new SessionWarning(
            `session closed with changes that were never committed (${unsaved}); they were rolled back. ` +
              `Call \`await session.commit()\` before close(), or use withSession(); ${this.site()}`,
            { discarded: unsaved, site: this.site() },
          ),
        );
      }
    }
  }

  /** `await using session = engine.session()` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * The object with this primary key: from the identity map when loaded (no SQL), else
   * one SELECT. Null when there is no such row.
   */
  get<M extends AnyModel>(model: M, key: PrimaryKeyInput<M>): Promise<InferRow<M> | null> {
    // Not async itself: point lookups are hot, and getByKey already makes the one promise.
    let mapper = this.lastModelMapper;
    try {
      this.assertOpen('get');
      if (model !== this.lastModel || !mapper) {
        mapper = mapperFor(model, this.dialect);
        mapper.requireKey();
        this.lastModel = model;
        this.lastModelMapper = mapper;
      }
    } catch (err) {
      return Promise.reject(err);
    }
    return getByKey(this, mapper, key) as Promise<InferRow<M> | null>;
  }

  /** Reloads every column of a stored object from the database, discarding unflushed changes to it. */
  async refresh(obj: object): Promise<void> {
    this.assertOpen('refresh');
    await refreshObject(this, this.mapperOf(obj, 'session.refresh()'), obj);
  }

  /** A query over one model: `session.query(User).where(User.c.age.gt(20)).all()`. */
  query<M extends AnyModel>(model: M): Query<M> {
    this.assertOpen('query');
    return new Query<M>(this, mapperFor(model, this.dialect));
  }

  /**
   * Loads a relation of one object, or of many in one query, and sets it on them:
   * `await session.load(user, 'posts')` → the posts, now also `user.posts`.
   */
  async load<R extends Relation>(objs: readonly object[], relation: R): Promise<RelationValue<R>[]>;
  async load<R extends Relation>(obj: object, relation: R): Promise<RelationValue<R>>;
  async load(objs: readonly object[], relation: string): Promise<unknown[]>;
  async load(obj: object, relation: string): Promise<unknown>;
  async load(target: object | readonly object[], relation: Relation | string): Promise<unknown> {
    this.assertOpen('load');
    return loadFor(this, target, relation, (obj) => this.mapperOf(obj, 'session.load()'));
  }

  /** Runs one statement in the session's transaction. Values go in `params`, never in `sql`. */
  execute(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    if (this.isClosed) return Promise.reject(this.closedError('execute'));
    const conn = this.link.current;
    if (conn) return conn.execute(sql, params);
    return this.link.get().then((c) => c.execute(sql, params));
  }

  /** @internal A SELECT's rows as arrays (select-list order), in the session's transaction. */
  queryArrays(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    if (this.isClosed) return Promise.reject(this.closedError('execute'));
    const conn = this.link.current;
    if (conn) return conn.queryArrays(sql, params);
    return this.link.get().then((c) => c.queryArrays(sql, params));
  }

  /** @internal The open transaction's connection, if any. */
  get currentConnection(): EngineConnection | null {
    return this.link.current;
  }

  /** @internal The transaction's connection, begun on first use. */
  connection(): Promise<EngineConnection> {
    return this.link.get();
  }

  /** @internal Records that the open transaction wrote this row (for rollback). */
  noteWrite(state: InstanceState): void {
    this.writes.note(state);
  }

  /** @internal Records a write no object tracks (bulk update/delete). */
  noteBulkWrite(): void {
    this.writes.noteBulk();
  }

  /** New objects waiting for their INSERT. */
  get pendingObjects(): object[] {
    return trackedObjects(this, (s) => s.status === 'pending');
  }

  /** Stored objects with changes not yet flushed. */
  get dirtyObjects(): object[] {
    return trackedObjects(this, (s) => s.status === 'persistent' && s.mapper.dirty(s) !== null);
  }

  /** Objects marked for deletion, or deleted by a flush of the open transaction. */
  get deletedObjects(): object[] {
    return trackedObjects(this, (s) => s.markedForDeletion || s.status === 'deleted');
  }

  /** True when the object is attached to this (open) session. */
  contains(obj: object): boolean {
    return !this.isClosed && stateOf(obj)?.owner === this;
  }

  private mapperOf(obj: object, what: string): Mapper {
    const ctor = (obj as { constructor?: unknown } | null)?.constructor;
    if (ctor !== undefined && ctor === this.lastCtor) return this.lastMapper!;
    const mapper = mapperOfInstance(obj, this.dialect, what);
    this.lastCtor = ctor;
    this.lastMapper = mapper;
    return mapper;
  }

  private assertOpen(what: string): void {
    if (this.isClosed) throw this.closedError(what);
  }

  private closedError(what: string): SessionError {
    return new SessionError(`session.${what}(): this session is closed (${this.site()}); open a new one with engine.session()`);
  }
}
