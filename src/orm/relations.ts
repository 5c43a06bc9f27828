/**
 * Relationships, declared next to the models through their foreign keys:
 *
 * ```ts
 * export const userRelations = relations(User, { posts: hasMany(() => Post, Post.c.userId, { cascade: 'delete-orphan' }) });
 * export const postRelations = relations(Post, { author: belongsTo(() => User, Post.c.userId) });
 * ```
 *
 * Once loaded (`query(User).include('posts')`, `session.load(user, 'posts')`), a relation
 * is a plain own property: an array for `hasMany`, an object or null for `belongsTo`.
 * Reading one that is not loaded throws instead of quietly returning nothing: loading is
 * I/O, and I/O in a session is always an explicit `await`.
 */
import { ModelError, UsageError } from '../errors.js';
import type { OrderBy } from '../query/ast.js';
import type { ColumnRef } from '../schema/column-ref.js';
import { isColumnRef } from '../schema/column-ref.js';
import type { AnyModel, InferRow } from '../schema/table.js';
import { isModel } from '../schema/table.js';
import type { MappedColumn } from './columns.js';
import { stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { mapperFor } from './mapper.js';

/** `hasMany`: one-to-many, the key on the target; `belongsTo`: many-to-one, the key on this model. */
export type RelationKind = 'hasMany' | 'belongsTo';

/** Options of `hasMany()`. */
export interface HasManyOptions {
  /**
   * `'delete'`: deleting the parent through a session deletes its children first (loading
   * them if needed). `'delete-orphan'`: also deletes a child removed from the loaded
   * collection. Default: children are left alone, and one removed from the collection
   * gets a NULL foreign key.
   */
  readonly cascade?: 'delete' | 'delete-orphan';
  /** Order of loaded collections; default: the child's primary key. */
  readonly orderBy?: readonly (OrderBy | ColumnRef)[];
}

/** What `hasMany()` / `belongsTo()` return; `relations()` names and binds it. */
export interface RelationSpec<T extends AnyModel = AnyModel, K extends RelationKind = RelationKind> {
  readonly kind: K;
  readonly target: () => T;
  /** The foreign key columns, always on the child (the "many") side. */
  readonly foreignKey: readonly ColumnRef[];
  readonly options: HasManyOptions;
}

/** A named relation of model `M` to model `T`. Pass it to `include()` and `load()` for typed results. */
export interface Relation<M extends AnyModel = AnyModel, T extends AnyModel = AnyModel, N extends string = string, K extends RelationKind = RelationKind>
  extends RelationSpec<T, K> {
  readonly owner: M;
  readonly name: N;
}

/** The loaded value of a relation: `T[]` for hasMany, `T | null` for belongsTo. */
export type RelationValue<R> =
  R extends Relation<AnyModel, infer T, string, infer K> ? (K extends 'hasMany' ? InferRow<T>[] : InferRow<T> | null) : unknown;

/** `{ [name]: value }` for a relation, merged into result types by `include()`. */
export type Loaded<R> = R extends Relation<AnyModel, AnyModel, infer N> ? { [P in N]: RelationValue<R> } : never;

/** A model's row type together with (optional) relation properties, for variables that carry them. */
export type WithRelations<M extends AnyModel, Rs extends Record<string, Relation>> = InferRow<M> & {
  -readonly [K in keyof Rs]?: RelationValue<Rs[K]>;
};

/** One-to-many: the target's `foreignKey` columns reference this model. */
export function hasMany<T extends AnyModel>(target: () => T, foreignKey: ColumnRef | readonly ColumnRef[], options: HasManyOptions = {}): RelationSpec<T, 'hasMany'> {
  return spec('hasMany', target, foreignKey, options);
}

/** Many-to-one: this model's `foreignKey` columns reference the target. */
export function belongsTo<T extends AnyModel>(target: () => T, foreignKey: ColumnRef | readonly ColumnRef[]): RelationSpec<T, 'belongsTo'> {
  return spec('belongsTo', target, foreignKey, {});
}

function spec<T extends AnyModel, K extends RelationKind>(kind: K, target: () => T, foreignKey: ColumnRef | readonly ColumnRef[], options: HasManyOptions): RelationSpec<T, K> {
  if (typeof target !== 'function' || isModel(target)) {
    throw new ModelError(`${kind}(): the first argument must be a function returning the model, e.g. ${kind}(() => Post, …), so models may refer to each other`);
  }
  const fk = isColumnRef(foreignKey) ? [foreignKey] : foreignKey;
  if (!Array.isArray(fk) || fk.length === 0 || !fk.every(isColumnRef)) {
    throw new ModelError(`${kind}(): the second argument must be the foreign key column (Post.c.userId) or an array of them`);
  }
  if (options.cascade !== undefined && options.cascade !== 'delete' && options.cascade !== 'delete-orphan') {
    throw new ModelError(`${kind}(): cascade must be 'delete' or 'delete-orphan', got ${JSON.stringify(options.cascade)}`);
  }
  return Object.freeze({ kind, target, foreignKey: Object.freeze([...fk]), options: Object.freeze({ ...options }) });
}

const registry = new WeakMap<AnyModel, Map<string, Relation>>();

/**
 * Declares relations on a model and returns them by name. Can be called more than once per
 * model (names must stay unique and must not clash with columns).
 */
export function relations<M extends AnyModel, S extends Record<string, RelationSpec>>(
  model: M,
  specs: S,
): { readonly [K in keyof S & string]: Relation<M, S[K] extends RelationSpec<infer T> ? T : never, K, S[K]['kind']> } {
  if (!isModel(model)) throw new ModelError('relations(): the first argument must be a model made by table()');
  let own = registry.get(model);
  if (!own) registry.set(model, (own = new Map()));
  const out: Record<string, Relation> = {};
  for (const [name, s] of Object.entries(specs)) {
    if (typeof s !== 'object' || s === null || (s.kind !== 'hasMany' && s.kind !== 'belongsTo')) {
      throw new ModelError(`relations(${model.name}): '${name}' must be hasMany(…) or belongsTo(…)`);
    }
    if (name in model.c) throw new ModelError(`relations(${model.name}): '${name}' is already a column`);
    if (relationOf(model, name)) throw new ModelError(`relations(${model.name}): '${name}' is declared twice`);
    if (s.kind === 'belongsTo' && s.foreignKey.some((c) => c.table !== model.tableName)) {
      throw new ModelError(`relations(${model.name}): belongsTo '${name}' needs foreign key columns of ${model.tableName}, got ${s.foreignKey.map((c) => `${c.table}.${c.column}`).join(', ')}`);
    }
    const rel: Relation = Object.freeze({ ...s, owner: model, name });
    own.set(name, rel);
    out[name] = rel;
    installAccessor(model, rel);
  }
  return Object.freeze(out) as never;
}

/** A relation by name, looking through model subclasses' parents. */
export function relationOf(model: AnyModel, name: string): Relation | undefined {
  for (let m: unknown = model; isModel(m); m = Object.getPrototypeOf(m)) {
    const rel = registry.get(m)?.get(name);
    if (rel) return rel;
  }
  return undefined;
}

/** Every relation of a model (including those of model classes it extends). */
export function relationsOf(model: AnyModel): Relation[] {
  const out = new Map<string, Relation>();
  for (let m: unknown = model; isModel(m); m = Object.getPrototypeOf(m)) {
    for (const [name, rel] of registry.get(m) ?? []) if (!out.has(name)) out.set(name, rel);
  }
  return [...out.values()];
}

function installAccessor(model: AnyModel, rel: Relation): void {
  const { name } = rel;
  Object.defineProperty((model as unknown as { prototype: object }).prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Record<string, unknown>) {
      const state = stateOf(this);
      if (!state || state.snapshot === null) {
        // A new object starts with an empty collection to push into; a new object's
        // belongsTo reads as null without claiming it was set (the key column stays the truth).
        if (rel.kind === 'belongsTo') return null;
        const empty: unknown[] = [];
        define(this, name, empty);
        return empty;
      }
      throw new UsageError(
        `${model.name}.${name} is not loaded; use \`await session.load(obj, '${name}')\` or \`session.query(${model.name}).include('${name}')\``,
      );
    },
    set(this: object, value: unknown) {
      define(this, name, value);
    },
  });
}

/** Sets a relation value as an own, enumerable property (shadowing the prototype accessor). */
export function define(obj: object, name: string, value: unknown): void {
  Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true });
}

/** A relation resolved against mappers of one dialect. */
export interface ResolvedRelation {
  readonly relation: Relation;
  readonly name: string;
  readonly kind: RelationKind;
  /** Model that declared it. */
  readonly owner: Mapper;
  /** The referenced ("one") side. */
  readonly parent: Mapper;
  /** The side holding the foreign key ("many"). */
  readonly child: Mapper;
  readonly fk: readonly MappedColumn[];
  /** Parent columns the foreign key references, in order. */
  readonly ref: readonly MappedColumn[];
  readonly cascadeDelete: boolean;
  readonly deleteOrphan: boolean;
  readonly orderBy: readonly OrderBy[];
}

const resolved = new WeakMap<Mapper, Map<string, ResolvedRelation>>();

/** A relation of a mapper, by name or by its declaration; a UsageError naming the declared ones otherwise. */
export function resolveRelation(mapper: Mapper, relation: Relation | string): ResolvedRelation {
  const name = typeof relation === 'string' ? relation : relation?.name;
  const declared = typeof name === 'string' ? relationOf(mapper.model, name) : undefined;
  if (!declared || (typeof relation === 'object' && declared !== relation)) {
    const known = [...resolvedRelations(mapper).keys()];
    throw new UsageError(`${mapper.name} has no relation ${JSON.stringify(name)}${known.length ? `; declared: ${known.join(', ')}` : '; declare relations with relations()'}`);
  }
  return resolvedRelations(mapper).get(declared.name)!;
}

/** The relations of a mapper's model, resolved (targets are thunks, so this happens on first use). */
export function resolvedRelations(mapper: Mapper): ReadonlyMap<string, ResolvedRelation> {
  let map = resolved.get(mapper);
  if (map) return map;
  map = new Map();
  for (const rel of relationsOf(mapper.model)) map.set(rel.name, resolve(mapper, rel));
  resolved.set(mapper, map);
  return map;
}

function resolve(owner: Mapper, rel: Relation): ResolvedRelation {
  const where = `${owner.name}.${rel.name}`;
  let target: AnyModel;
  try {
    target = rel.target();
  } catch (err) {
    throw new ModelError(`${where}: the target callback threw: ${(err as Error).message}`);
  }
  if (!isModel(target)) throw new ModelError(`${where}: the target callback must return a model made by table()`);
  const other = mapperFor(target, owner.dialect);
  const [parent, child] = rel.kind === 'hasMany' ? [owner, other] : [other, owner];
  const fk = rel.foreignKey.map((ref) => {
    const col = ref.table === child.table.name ? child.byName.get(ref.column) : undefined;
    if (!col) throw new ModelError(`${where}: foreign key column ${ref.table}.${ref.column} is not a column of ${child.table.name}`);
    return col;
  });
  const names = fk.map((c) => c.name);
  const declared = child.table.foreignKeys.find(
    (f) => f.refTable === parent.table.name && f.columns.length === names.length && f.columns.every((c, i) => c === names[i]),
  );
  const ref = declared ? declared.refColumns.map((n) => parent.byName.get(n)!) : parent.pk;
  if (ref.length !== fk.length || ref.some((c) => c === undefined)) {
    throw new ModelError(`${where}: cannot tell which ${parent.name} columns ${names.join(', ')} reference; declare the foreign key with .references()`);
  }
  const orderBy = (rel.options.orderBy ?? child.pk.map((c) => child.model.c[c.prop]! as ColumnRef)).map((o) =>
    isColumnRef(o) ? o.asc() : o,
  );
  return {
    relation: rel,
    name: rel.name,
    kind: rel.kind,
    owner,
    parent,
    child,
    fk,
    ref,
    cascadeDelete: rel.kind === 'hasMany' && rel.options.cascade !== undefined,
    deleteOrphan: rel.kind === 'hasMany' && rel.options.cascade === 'delete-orphan',
    orderBy,
  };
}
