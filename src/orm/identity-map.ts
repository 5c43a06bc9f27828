/**
 * One object per row per session. Rows that cannot collide with anything already mapped
 * (fresh INSERTs, the first load of a model) are only queued and indexed on the next
 * lookup of their model, so bulk loads and inserts that are never looked up again pay
 * no hashing (and batched rows get no state of their own).
 */
import type { InstanceState } from './instance-state.js';
import { stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { RowBatch } from './row-batch.js';

/** Persistent states by model and primary key. */
export class IdentityMap {
  private readonly indexed = new Map<Mapper, Map<unknown, InstanceState>>();
  private readonly queued = new Map<Mapper, InstanceState[]>();
  private readonly queuedBatches = new Map<Mapper, RowBatch[]>();
  private lastMapper: Mapper | null = null;
  private lastMap: Map<unknown, InstanceState> | null = null;

  /** The persistent state for a key, if mapped. */
  get(mapper: Mapper, key: unknown): InstanceState | undefined {
    return this.index(mapper).get(key);
  }

  /** Maps a state whose key may already be mapped; returns the state now mapped for the key. */
  add(state: InstanceState): void {
    this.index(state.mapper).set(state.key, state);
  }

  /**
   * Maps states with keys new to the session (fresh INSERTs, a first load), indexed lazily.
   * Takes ownership of `states`.
   */
  addFresh(mapper: Mapper, states: InstanceState[]): void {
    const list = this.queued.get(mapper);
    if (list) for (const s of states) list.push(s);
    else this.queued.set(mapper, states);
  }

  /** Maps a batch of rows loaded with keys new to the session, indexed lazily. */
  addBatch(batch: RowBatch): void {
    const list = this.queuedBatches.get(batch.mapper);
    if (list) list.push(batch);
    else this.queuedBatches.set(batch.mapper, [batch]);
  }

  /** True when nothing of this model is mapped (a load may then use `addFresh` or `addBatch`). */
  isEmpty(mapper: Mapper): boolean {
    return (this.indexed.get(mapper)?.size ?? 0) === 0 && (this.queued.get(mapper)?.length ?? 0) === 0 && !this.queuedBatches.has(mapper);
  }

  remove(state: InstanceState): void {
    const map = this.index(state.mapper);
    if (map.get(state.key) === state) map.delete(state.key);
  }

  /** Every mapped state of a model. */
  *states(mapper: Mapper): IterableIterator<InstanceState> {
    yield* this.index(mapper).values();
  }

  /** Models with mapped states. */
  mappers(): Mapper[] {
    return [...new Set([...this.indexed.keys(), ...this.queued.keys(), ...this.queuedBatches.keys()])];
  }

  clear(): void {
    this.indexed.clear();
    this.queued.clear();
    this.queuedBatches.clear();
    this.lastMapper = null;
    this.lastMap = null;
  }

  private index(mapper: Mapper): Map<unknown, InstanceState> {
    if (mapper === this.lastMapper && this.queued.size === 0 && this.queuedBatches.size === 0) return this.lastMap!;
    let map = this.indexed.get(mapper);
    if (!map) this.indexed.set(mapper, (map = new Map()));
    const queued = this.queued.get(mapper);
    if (queued) {
      this.queued.delete(mapper);
      for (const state of queued) indexOne(map, state);
    }
    const batches = this.queuedBatches.get(mapper);
    if (batches) {
      this.queuedBatches.delete(mapper);
      // Mapped objects need states of their own (lookups return states).
      for (const batch of batches) for (const obj of batch.objs) indexOne(map, stateOf(obj)!);
    }
    this.lastMapper = mapper;
    this.lastMap = map;
    return map;
  }
}

function indexOne(map: Map<unknown, InstanceState>, state: InstanceState): void {
  if (state.status !== 'persistent') return;
  const old = map.get(state.key);
  // A reused key (SQLite hands out the highest rowid again after a delete) means the
  // older object's row is gone.
  if (old && old !== state) old.status = 'detached';
  map.set(state.key, state);
}
