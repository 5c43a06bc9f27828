/**
 * Loading relations: one query per relation for any number of objects (`WHERE fk IN (…)`,
 * split only past the dialect's parameter limit), so eager `include()` and batched
 * `session.load(users, 'posts')` never issue N+1 queries. Results go through the identity
 * map; loaded values become plain own properties.
 */
import { UsageError } from '../errors.js';
import { compileAliasedSelect } from '../query/dml.js';
import type { MappedColumn } from './columns.js';
import { hydrateRows } from './hydrate.js';
import { matchTuples } from './keys.js';
import type { InstanceState } from './instance-state.js';
import { stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { Relation, ResolvedRelation } from './relations.js';
import { define, resolveRelation } from './relations.js';
import type { Session } from './session.js';

/** Loads `rel` for every state (all of the relation's owner model); sets the property on each. */
export async function loadRelation(session: Session, states: readonly InstanceState[], rel: ResolvedRelation): Promise<void> {
  if (states.length === 0) return;
  if (rel.kind === 'hasMany') await loadChildren(session, states, rel);
  else await loadParents(session, states, rel);
}

async function loadChildren(session: Session, parents: readonly InstanceState[], rel: ResolvedRelation): Promise<void> {
  const groups = new Map<string, unknown[]>();
  const keys: unknown[][] = [];
  for (const p of parents) {
    const values = rel.ref.map((c) => p.obj[c.prop]);
    if (values.some((v) => v === null || v === undefined)) continue;
    const k = tupleKey(values);
    if (!groups.has(k)) {
      groups.set(k, []);
      keys.push(values);
    }
  }
  const children = await selectWhereIn(session, rel.child, rel.fk, keys, rel);
  for (const child of children) {
    const k = tupleKey(rel.fk.map((c) => (child as Record<string, unknown>)[c.prop]));
    groups.get(k)?.push(child);
  }
  for (const p of parents) {
    const values = rel.ref.map((c) => p.obj[c.prop]);
    const list = groups.get(tupleKey(values)) ?? [];
    const copy = [...list];
    define(p.obj, rel.name, copy);
    noteLoaded(p, rel.name, copy);
  }
}

async function loadParents(session: Session, children: readonly InstanceState[], rel: ResolvedRelation): Promise<void> {
  const parent = rel.parent;
  const byPk = rel.ref.length === parent.pk.length && rel.ref.every((c, i) => c === parent.pk[i]);
  const found = new Map<string, object>();
  const missing: unknown[][] = [];
  const seen = new Set<string>();
  for (const c of children) {
    const values = rel.fk.map((f) => c.obj[f.prop]);
    if (values.some((v) => v === null || v === undefined)) continue;
    const k = tupleKey(values);
    if (seen.has(k)) continue;
    seen.add(k);
    // Parents already in the session (and not expired) need no query.
    const mapped = byPk ? session.identity.get(parent, parent.keyOf(Object.fromEntries(parent.pk.map((p, i) => [p.prop, values[i]])))) : undefined;
    if (mapped && mapped.status === 'persistent' && mapped.generation === session.generation) found.set(k, mapped.obj);
    else missing.push(values);
  }
  for (const obj of await selectWhereIn(session, parent, rel.ref, missing, null)) {
    found.set(tupleKey(rel.ref.map((c) => (obj as Record<string, unknown>)[c.prop])), obj);
  }
  for (const c of children) {
    const values = rel.fk.map((f) => c.obj[f.prop]);
    const value = values.some((v) => v === null || v === undefined) ? null : (found.get(tupleKey(values)) ?? null);
    define(c.obj, rel.name, value);
    noteLoaded(c, rel.name, value);
  }
}

/** Rows of `mapper` whose `columns` equal one of `tuples`, through the identity map. */
async function selectWhereIn(session: Session, mapper: Mapper, columns: readonly MappedColumn[], tuples: readonly unknown[][], rel: ResolvedRelation | null): Promise<object[]> {
  if (tuples.length === 0) return [];
  const { dialect } = session;
  const perQuery = Math.max(1, Math.floor(dialect.capabilities.maxParameters / columns.length));
  const out: object[] = [];
  for (let i = 0; i < tuples.length; i += perQuery) {
    const chunk = tuples.slice(i, i + perQuery);
    const q = compileAliasedSelect(dialect, {
      table: mapper.table.name,
      columns: mapper.columns,
      where: matchTuples(mapper, columns, chunk),
      orderBy: rel?.orderBy ?? [],
    });
    const rows = await session.queryArrays(q.sql, q.params);
    for (const obj of hydrateRows(session, mapper, rows)) out.push(obj);
  }
  return out;
}

/** Records a loaded relation value, so a flush can tell what the program changed. */
export function noteLoaded(state: InstanceState, name: string, value: unknown): void {
  (state.relationSnapshot ??= new Map()).set(name, Array.isArray(value) ? [...value] : value);
}

/** Stable text key of a tuple of key values (bigints and Dates included). */
export function tupleKey(values: readonly unknown[]): string {
  return JSON.stringify(values.map((v) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : `${v}n`) : v instanceof Date ? v.getTime() : v)));
}

/** The states of objects a caller passed to `load()`, checked. */
export function statesForLoad(session: Session, objs: readonly object[], rel: ResolvedRelation): InstanceState[] {
  return objs.map((obj) => {
    const state = stateOf(obj);
    if (!state || state.owner !== session) throw new UsageError(`session.load(): ${rel.owner.name} object is not in this session; add or load it here first`);
    if (state.mapper.table !== rel.owner.table) throw new UsageError(`session.load(): '${rel.name}' is a relation of ${rel.owner.name}, not of ${state.mapper.name}`);
    return state;
  });
}

/** `session.load()`: loads a relation of one object or many (one query), returning the loaded value(s). */
export async function loadFor(session: Session, target: object | readonly object[], relation: Relation | string, mapperOf: (obj: object) => Mapper): Promise<unknown> {
  const objs = Array.isArray(target) ? (target as object[]) : [target as object];
  if (objs.length === 0) return [];
  await session.autoflushNow();
  const rel = resolveRelation(mapperOf(objs[0]!), relation);
  await loadRelation(session, statesForLoad(session, objs, rel), rel);
  const values = objs.map((o) => (o as Record<string, unknown>)[rel.name]);
  return Array.isArray(target) ? values : values[0];
}
