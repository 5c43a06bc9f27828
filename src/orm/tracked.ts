/**
 * The objects a session tracks, listed per model: new ones waiting for INSERT in the
 * order they were added, and stored ones (loaded, inserted, or deleted in the open
 * transaction). Either kind may come as a RowBatch of rows without states of their own
 * (see row-batch.ts). Flushes and checks walk these lists model by model; entries of
 * objects that left the session are skipped, and dropped at the next `compact()`.
 */
import type { InstanceState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { RowBatch } from './row-batch.js';

/** A pending entry: one new object's state, or a batch of new objects. */
export type PendingEntry = InstanceState | RowBatch;

/** The tracked states of one model. */
export interface MapperStates {
  readonly mapper: Mapper;
  /** Added, not inserted yet (in add order). */
  pending: PendingEntry[];
  /** Persistent, or deleted by a flush of the open transaction. */
  stored: InstanceState[];
  /** Stored rows in batches; those given a state of their own are listed in `stored` instead. */
  batches: RowBatch[];
}

/** True for a batch entry of a pending list. */
export function isBatch(entry: PendingEntry): entry is RowBatch {
  return entry instanceof RowBatch;
}

/** A session's tracked states, per model. */
export class Tracked {
  private readonly entries = new Map<Mapper, MapperStates>();
  private last: MapperStates | null = null;
  /** Listed states that left their session since the last compaction. */
  private departed = 0;

  entry(mapper: Mapper): MapperStates {
    if (this.last?.mapper === mapper) return this.last;
    let e = this.entries.get(mapper);
    if (!e) this.entries.set(mapper, (e = { mapper, pending: [], stored: [], batches: [] }));
    this.last = e;
    return e;
  }

  /** Models with tracked objects. */
  mappers(): Mapper[] {
    return [...this.entries.keys()];
  }

  lists(): IterableIterator<MapperStates> {
    return this.entries.values();
  }

  /** Lists a batch of stored rows. */
  storeBatch(batch: RowBatch): void {
    this.entry(batch.mapper).batches.push(batch);
  }

  /** Puts `states` in the place of a pending batch (whose rows just got states of their own). */
  replacePending(batch: RowBatch, states: readonly InstanceState[]): void {
    const e = this.entry(batch.mapper);
    const at = e.pending.indexOf(batch);
    if (at >= 0) e.pending.splice(at, 1, ...states);
  }

  /**
   * Gives every batched row its own state, listed in `pending` or `stored`, for the paths
   * that walk states one by one. Afterwards `pendingStates()` holds for every model.
   */
  materializeAll(): void {
    for (const e of this.entries.values()) {
      for (const b of e.pending.filter(isBatch)) b.materializeAll();
      const batches = e.batches;
      if (batches.length === 0) continue;
      e.batches = [];
      for (const b of batches) b.materializeAll();
    }
  }

  /** The pending list of a model, after `materializeAll()` (no batches in it). */
  pendingStates(e: MapperStates): InstanceState[] {
    return e.pending as InstanceState[];
  }

  /** Every listed state (including ones that left; callers check `owner`), batched rows made states first. */
  *all(): IterableIterator<InstanceState> {
    this.materializeAll();
    for (const e of this.entries.values()) {
      yield* this.pendingStates(e);
      yield* e.stored;
    }
  }

  /** Lists a stored state (once). */
  store(state: InstanceState): void {
    if (state.listedIn === this) return;
    state.listedIn = this;
    this.entry(state.mapper).stored.push(state);
  }

  /** Counts a listed state that left the session (its entry is dropped at the next `compact()`). */
  noteDeparture(): void {
    this.departed++;
  }

  /** Drops entries of objects no longer pending or stored in `owner`, when some left. */
  compact(owner: unknown): void {
    if (this.departed === 0) return;
    this.departed = 0;
    for (const e of this.entries.values()) {
      e.pending = e.pending.filter((s) => s.owner === owner && s.status === 'pending');
      e.stored = e.stored.filter((s) => {
        const keep = s.owner === owner && (s.status === 'persistent' || s.status === 'deleted');
        if (!keep && s.listedIn === this) s.listedIn = null;
        return keep;
      });
    }
  }

  clear(): void {
    for (const e of this.entries.values()) for (const b of e.batches) b.release();
    this.entries.clear();
    this.last = null;
    this.departed = 0;
  }
}
