/**
 * What relations mean to a flush: related new objects are saved with their owner
 * (save-update cascade), foreign keys are copied from related objects once those have
 * keys, children removed from a loaded collection lose their key (or their row, with
 * 'delete-orphan'), and deleting a parent deletes its children first where the relation
 * cascades.
 */
import { SessionError, UsageError } from '../errors.js';
import type { InstanceState } from './instance-state.js';
import { stateOf } from './instance-state.js';
import { loadRelation } from './loading.js';
import type { Mapper } from './mapper.js';
import type { ResolvedRelation } from './relations.js';
import { resolvedRelations } from './relations.js';
import type { Session } from './session.js';

const hasOwn = (obj: object, name: string): boolean => Object.prototype.hasOwnProperty.call(obj, name);

/** Relations of a mapper, or an empty list (the common case, checked first). */
export function relationList(mapper: Mapper): readonly ResolvedRelation[] {
  const map = resolvedRelations(mapper);
  return map.size === 0 ? [] : [...map.values()];
}

function relatedObjects(state: InstanceState, rel: ResolvedRelation): readonly unknown[] {
  const value = state.obj[rel.name];
  if (rel.kind === 'belongsTo') {
    if (value !== null && typeof value !== 'object') throw new UsageError(`${state.mapper.name}.${rel.name} must be a ${rel.parent.name} object or null`);
    return value === null ? [] : [value];
  }
  if (!Array.isArray(value)) throw new UsageError(`${state.mapper.name}.${rel.name} must be an array of ${rel.child.name} objects`);
  return value;
}

/** Adds new objects reachable through relations of attached objects (transitively). */
export function cascadeSaves(session: Session): void {
  // Map iteration also visits entries added meanwhile; index loops see appended states.
  for (const entry of session.tracked.lists()) {
    const rels = relationList(entry.mapper);
    if (rels.length === 0) continue;
    // Batches were given states before (flush() materializes them when relations exist).
    for (const list of [session.tracked.pendingStates(entry), entry.stored]) {
      for (let i = 0; i < list.length; i++) {
        const state = list[i]!;
        if (state.owner !== session || state.markedForDeletion || (state.status !== 'pending' && state.status !== 'persistent')) continue;
        for (const rel of rels) {
          if (!hasOwn(state.obj, rel.name)) continue;
          for (const item of relatedObjects(state, rel)) {
            const s = stateOf(item as object);
            if (!s || s.owner !== session) session.add(item as object);
          }
        }
      }
    }
  }
}

/** True when a relation property differs from what was loaded or flushed. */
export function relationsChanged(state: InstanceState): boolean {
  for (const rel of relationList(state.mapper)) {
    if (!hasOwn(state.obj, rel.name)) continue;
    const now = state.obj[rel.name];
    const before = state.relationSnapshot?.get(rel.name);
    if (rel.kind === 'belongsTo' ? now !== before : !sameMembers(now, before)) return true;
  }
  return false;
}

function sameMembers(now: unknown, before: unknown): boolean {
  if (!Array.isArray(now) || !Array.isArray(before) || now.length !== before.length) return false;
  return now.every((x, i) => x === before[i]);
}

/**
 * Marks for deletion the orphans of 'delete-orphan' collections, then (level by level)
 * the children of deleted parents where the relation cascades, loading them as needed.
 * Returns the states it marked, so a failed flush can unmark them.
 */
export async function cascadeDeletes(session: Session): Promise<InstanceState[]> {
  const marked: InstanceState[] = [];
  const mark = (s: InstanceState, depth: number): boolean => {
    if (s.owner !== session || s.markedForDeletion || s.status !== 'persistent') return false;
    s.markedForDeletion = true;
    s.deleteDepth = depth;
    session.deletionCount++;
    marked.push(s);
    return true;
  };
  const storedOf = (mapper: Mapper) => session.tracked.entry(mapper).stored.filter((s) => s.owner === session && s.status === 'persistent');
  for (const mapper of session.tracked.mappers()) {
    for (const rel of relationList(mapper)) {
      if (!rel.deleteOrphan) continue;
      const parents = storedOf(mapper).filter((p) => hasOwn(p.obj, rel.name));
      for (const parent of parents) {
        const before = parent.relationSnapshot?.get(rel.name);
        if (!Array.isArray(before)) continue;
        const now = new Set(relatedObjects(parent, rel));
        for (const child of before) {
          if (now.has(child) || inAnyCollection(parents, rel, child)) continue;
          const s = stateOf(child as object);
          if (s) mark(s, 0);
        }
      }
    }
  }
  let frontier: InstanceState[] = [];
  if (session.deletionCount > 0) for (const mapper of session.tracked.mappers()) for (const s of storedOf(mapper)) if (s.markedForDeletion) frontier.push(s);
  while (frontier.length > 0) {
    const next: InstanceState[] = [];
    for (const mapper of new Set(frontier.map((s) => s.mapper))) {
      const parents = frontier.filter((s) => s.mapper === mapper);
      for (const rel of relationList(mapper)) {
        if (!rel.cascadeDelete) continue;
        const unloaded = parents.filter((p) => !hasOwn(p.obj, rel.name));
        await loadRelation(session, unloaded, rel);
        for (const p of parents) {
          const members = new Set([...relatedObjects(p, rel), ...((p.relationSnapshot?.get(rel.name) as unknown[] | undefined) ?? [])]);
          for (const child of members) {
            const s = stateOf(child as object);
            if (!s || s.owner !== session) continue;
            if (s.status === 'pending') session.expunge(s.obj);
            else if (mark(s, p.deleteDepth + 1)) next.push(s);
          }
        }
      }
    }
    frontier = next;
  }
  return marked;
}

function inAnyCollection(parents: readonly InstanceState[], rel: ResolvedRelation, child: unknown): boolean {
  for (const s of parents) {
    if (!hasOwn(s.obj, rel.name)) continue;
    const v = s.obj[rel.name];
    if (Array.isArray(v) && v.includes(child)) return true;
  }
  return false;
}

/** Records attribute writes a flush makes, so a failed flush can put the old values back. */
export type UndoLog = [obj: Record<string, unknown>, prop: string, old: unknown][];

function assign(undo: UndoLog, obj: Record<string, unknown>, prop: string, value: unknown): void {
  const old = obj[prop];
  if (old === value) return;
  undo.push([obj, prop, old]);
  obj[prop] = value;
}

/**
 * Copies keys into the foreign key columns of `mapper`'s objects from the objects they are
 * related to, for relations changed since loading. `byMapper` lists the attached states
 * per mapper. Related objects without a key yet are skipped (a later wave inserts them).
 */
export function syncForeignKeys(session: Session, mapper: Mapper, byMapper: ReadonlyMap<Mapper, readonly InstanceState[]>, undo: UndoLog): void {
  for (const owner of byMapper.keys()) {
    for (const rel of relationList(owner)) {
      if (rel.child.table !== mapper.table) continue;
      if (rel.kind === 'belongsTo') syncBelongsTo(rel, byMapper.get(owner) ?? [], undo);
      else syncHasMany(session, rel, byMapper.get(owner) ?? [], undo);
    }
  }
}

function syncBelongsTo(rel: ResolvedRelation, children: readonly InstanceState[], undo: UndoLog): void {
  for (const child of children) {
    if (child.markedForDeletion || !hasOwn(child.obj, rel.name)) continue;
    const value = child.obj[rel.name];
    if (child.status === 'persistent' && value === child.relationSnapshot?.get(rel.name)) continue;
    if (value === null) {
      for (const f of rel.fk) assign(undo, child.obj, f.prop, null);
      continue;
    }
    const parent = value as Record<string, unknown>;
    const keys = rel.ref.map((c) => parent[c.prop]);
    if (keys.some((k) => k === undefined || k === null)) {
      if (stateOf(parent)?.status === 'pending') continue;
      throw new SessionError(`${child.mapper.name}.${rel.name} refers to a ${rel.parent.name} without a key; add it to the session`);
    }
    rel.fk.forEach((f, i) => assign(undo, child.obj, f.prop, keys[i]));
  }
}

function syncHasMany(session: Session, rel: ResolvedRelation, parents: readonly InstanceState[], undo: UndoLog): void {
  const current = new Set<unknown>();
  for (const p of parents) if (!p.markedForDeletion && hasOwn(p.obj, rel.name)) for (const c of relatedObjects(p, rel)) current.add(c);
  for (const p of parents) {
    if (p.markedForDeletion || !hasOwn(p.obj, rel.name)) continue;
    const keys = rel.ref.map((c) => p.obj[c.prop]);
    const keyed = !keys.some((k) => k === undefined || k === null);
    for (const child of relatedObjects(p, rel)) {
      const s = stateOf(child as object);
      if (!keyed || !s || s.owner !== session || s.markedForDeletion) continue;
      rel.fk.forEach((f, i) => assign(undo, s.obj, f.prop, keys[i]));
    }
    // Removed from the collection (and not moved to another): the row stays, without a parent.
    const before = p.relationSnapshot?.get(rel.name);
    if (!Array.isArray(before)) continue;
    for (const child of before) {
      const s = stateOf(child as object);
      if (current.has(child) || !s || s.owner !== session || s.markedForDeletion || s.status !== 'persistent') continue;
      for (const f of rel.fk) assign(undo, s.obj, f.prop, null);
    }
  }
}

/** Snapshots every loaded relation value after a successful flush. */
export function snapshotRelations(states: readonly InstanceState[]): void {
  for (const state of states) {
    for (const rel of relationList(state.mapper)) {
      if (!hasOwn(state.obj, rel.name)) continue;
      const v = state.obj[rel.name];
      (state.relationSnapshot ??= new Map()).set(rel.name, Array.isArray(v) ? [...v] : v);
    }
  }
}

/**
 * Orders one model's new objects so that an object comes after the new objects of the same
 * model it refers to (trees, self-referencing keys): each wave only refers to earlier ones.
 */
export function selfReferenceWaves(mapper: Mapper, pending: readonly InstanceState[]): InstanceState[][] {
  if (pending.length === 0) return [];
  const rels = relationList(mapper);
  const selfRels = rels.length === 0 ? rels : rels.filter((r) => r.parent.table === r.child.table);
  if (selfRels.length === 0) return [pending as InstanceState[]];
  const set = new Set(pending);
  const deps = new Map<InstanceState, Set<InstanceState>>(pending.map((s) => [s, new Set()]));
  for (const s of pending) {
    for (const rel of selfRels) {
      if (!hasOwn(s.obj, rel.name)) continue;
      for (const other of relatedObjects(s, rel)) {
        const o = stateOf(other as object);
        if (!o || !set.has(o) || o === s) continue;
        // belongsTo: s needs o first; hasMany: o (the child) needs s first.
        if (rel.kind === 'belongsTo') deps.get(s)!.add(o);
        else deps.get(o)!.add(s);
      }
    }
  }
  const waves: InstanceState[][] = [];
  const done = new Set<InstanceState>();
  let rest = [...pending];
  while (rest.length > 0) {
    const wave = rest.filter((s) => [...deps.get(s)!].every((d) => done.has(d)));
    if (wave.length === 0) throw new SessionError(`new ${mapper.name} objects refer to each other in a cycle; flush one of them first`);
    for (const s of wave) done.add(s);
    waves.push(wave);
    rest = rest.filter((s) => !done.has(s));
  }
  return waves;
}
