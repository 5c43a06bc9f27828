import type { Engine, EngineConnection } from '../engine/engine.js';
import type { Session } from '../orm/session.js';

/** How seeded rows meet rows that already exist. */
export type SeedMode = 'insert' | 'upsert' | 'replace';

/**
 * What a seed function (`export default async (ctx) => { … }`) receives. Everything it
 * does runs inside the seed's single transaction and rolls back with it. More ways in
 * (an ORM `session`) are added here as fields, so existing seed functions keep working.
 */
export interface SeedContext {
  /**
   * The engine, for reading configuration such as `engine.dialect`. Run statements on
   * `connection`: the engine's other connections are outside the seed's transaction,
   * and SQLite has only the one the seed holds.
   */
  readonly engine: Engine;
  /** The seed's transaction: `await ctx.connection.execute(sql, params)`. */
  readonly connection: EngineConnection;
  /** The `--mode` of this seed; `insert` applies it too. */
  readonly mode: SeedMode;
  /**
   * Inserts rows (plain objects of column values, coerced by column type like every
   * seeded row) into a table, honouring the seed's mode. Returns the rows written.
   */
  insert(table: string, rows: readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, unknown>>): Promise<number>;
  /**
   * An ORM session working in the seed's transaction: `ctx.session.add(new User({ … }))`.
   * What it still holds when the function returns is flushed then (no `commit()` needed),
   * and its rows commit or roll back with the whole seed. `ctx.session.commit()` writes
   * earlier, the rows staying in the seed's transaction; `rollback()` undoes what was
   * written on the seed's transaction since the session's first statement after its
   * last commit (a savepoint). The mode does not apply: objects added are INSERTed.
   */
  readonly session: Session;
}
