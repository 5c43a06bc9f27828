/**
 * The new rows one flush inserts, per model, in add order: single objects' states and
 * batches of objects added together (see row-batch.ts). A flush takes them from the
 * session's pending lists up front (objects added meanwhile start new lists), inserts
 * them model by model, and then either makes them stored rows or, when the flush failed,
 * clears what the database generated for them and hands them back as pending.
 */
import type { EngineConnection } from '../engine/engine.js';
import { insertObjects, insertStates } from './insert.js';
import type { InstanceState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { RowBatch } from './row-batch.js';
import { hasSelfReference, referenceWaves } from './self-reference.js';
import type { Session } from './session.js';
import type { PendingEntry } from './tracked.js';
import { isBatch } from './tracked.js';

/** The pending rows a flush took, per model. */
export class PendingInserts {
  private readonly byMapper = new Map<Mapper, PendingEntry[]>();

  /** Takes every model's pending list from the session (objects that left it are dropped). */
  static take(session: Session): PendingInserts {
    const taken = new PendingInserts();
    for (const entry of session.tracked.lists()) {
      // Rows of a table referencing each other are ordered one by one.
      if (entry.pending.some(isBatch) && hasSelfReference(entry.mapper)) for (const b of entry.pending.filter(isBatch)) b.materializeAll();
      const list = entry.pending;
      entry.pending = [];
      const live = valid(list, (e) => e.owner === session && e.status === 'pending');
      if (live.length > 0) taken.byMapper.set(entry.mapper, live);
    }
    return taken;
  }

  /**
   * The pending states of a model without batches (`hasBatches()` false): always so in
   * flushes that sync relations, where every batch got states first (`Tracked.materializeAll()`).
   */
  states(mapper: Mapper): InstanceState[] {
    return (this.byMapper.get(mapper) ?? []) as InstanceState[];
  }

  /** Inserts the rows of `states` (a wave of one model's states, see relation-sync.ts), in reference order. */
  async insertStates(conn: EngineConnection, mapper: Mapper, states: readonly InstanceState[]): Promise<void> {
    for (const part of referenceWaves(mapper, states, 'object')) await insertStates(conn, mapper, part);
  }

  /** Inserts every pending row of a model that has batches (so no relations or self-references to order by). */
  async insertAll(conn: EngineConnection, mapper: Mapper): Promise<void> {
    const list = this.byMapper.get(mapper) ?? [];
    let i = 0;
    while (i < list.length) {
      const e = list[i]!;
      if (isBatch(e)) {
        e.generated = new Array(e.size).fill(null);
        await insertObjects(conn, mapper, e.objs, e.generated);
        i++;
        continue;
      }
      let j = i;
      while (j < list.length && !isBatch(list[j]!)) j++;
      await insertStates(conn, mapper, list.slice(i, j) as InstanceState[]);
      i = j;
    }
  }

  /** The identity keys the pending rows of a model already hold (explicit keys), batches included. */
  *keys(mapper: Mapper): IterableIterator<unknown> {
    for (const e of this.byMapper.get(mapper) ?? []) {
      if (isBatch(e)) for (const obj of e.objs) yield mapper.keyOf(obj);
      else yield mapper.keyOf(e.obj);
    }
  }

  /** True when the model has batches among its pending rows (then `insertAll` inserts them). */
  hasBatches(mapper: Mapper): boolean {
    return (this.byMapper.get(mapper) ?? []).some(isBatch);
  }

  /** After a successful flush: the rows are stored, of the session's current generation. */
  settle(session: Session): void {
    const generation = session.generation;
    const tracked = session.tracked;
    for (const [mapper, list] of this.byMapper) {
      const states: InstanceState[] = [];
      for (const e of list) {
        if (isBatch(e)) settleBatch(session, e, generation);
        else states.push(e);
      }
      if (states.length === 0) continue;
      const entry = tracked.entry(mapper);
      const width = mapper.columns.length;
      const snapshots = new Array<unknown>(states.length * width);
      const snapshotInto = mapper.snapshotInto;
      let k = 0;
      let listed = 0;
      for (const s of states) {
        s.status = 'persistent';
        s.key = mapper.keyOf(s.obj);
        snapshotInto(s.obj, snapshots, k);
        s.snapshot = snapshots;
        s.snapOffset = k;
        k += width;
        s.generation = generation;
        s.insertedIn = generation;
        if (s.listedIn === tracked) listed++;
      }
      // Usually none was listed before: one copy instead of a push per row.
      if (listed === 0) {
        entry.stored = entry.stored.length === 0 ? states.slice() : entry.stored.concat(states);
        for (const s of states) s.listedIn = tracked;
      } else {
        for (const s of states) tracked.store(s);
      }
      session.pendingCount -= states.length;
      session.identity.addFresh(mapper, states);
      session.noteBulkWrite();
    }
  }

  /** After a failed flush: values the database generated are cleared and the rows are pending again, first. */
  undo(session: Session): void {
    for (const [mapper, list] of this.byMapper) {
      for (const e of list) {
        if (isBatch(e)) {
          e.generated.forEach((props, i) => {
            for (const prop of props ?? []) e.objs[i]![prop] = undefined;
          });
          e.generated = [];
          continue;
        }
        for (const prop of e.generated ?? []) e.obj[prop] = undefined;
        e.generated = null;
      }
      const entry = session.tracked.entry(mapper);
      entry.pending = list.concat(entry.pending);
    }
  }
}

function settleBatch(session: Session, batch: RowBatch, generation: number): void {
  batch.stored(generation);
  session.tracked.storeBatch(batch);
  session.identity.addBatch(batch);
  session.pendingCount -= batch.size;
  session.noteBulkWrite();
}

/** `list` when every entry passes `test` (the usual case: no copy), else the passing ones. */
function valid<T>(list: T[], test: (x: T) => boolean): T[] {
  for (let i = 0; i < list.length; i++) if (!test(list[i]!)) return list.filter(test);
  return list;
}
