/**
 * A mapper: everything a session knows about one model on one dialect — its columns,
 * primary key, generated per-model functions and cached SQL. Built once per model and
 * dialect, on first use.
 */
import type { Dialect } from '../dialects/dialect.js';
import { ModelError, UsageError } from '../errors.js';
import type { Table } from '../schema/ir.js';
import type { AnyModel } from '../schema/table.js';
import { isModel, modelDefinition } from '../schema/table.js';
import { toSchema } from '../schema/to-schema.js';
import type { Changed, FillParams, Hydrate, OnAdd, ProvidedMask, RowMask, SnapshotInto, UnknownProp } from './codegen.js';
import { makeChanged, makeFillParams, makeHydrate, makeOnAdd, makeProvidedMask, makeRowMask, makeSnapshotInto, makeUnknownProp } from './codegen.js';
import type { InstanceState } from './instance-state.js';
import type { MappedColumn } from './columns.js';
import { defaultValue, mapColumn } from './columns.js';
import { describe } from './validate.js';

/** A model's columns, keys, generated functions and SQL on one dialect; see `mapperFor`. */
export class Mapper {
  /** Name used in messages: the model class name (`User`). */
  readonly name: string;
  readonly table: Table;
  readonly columns: readonly MappedColumn[];
  readonly byProp: ReadonlyMap<string, MappedColumn>;
  /** Columns by SQL name. */
  readonly byName: ReadonlyMap<string, MappedColumn>;
  readonly pk: readonly MappedColumn[];
  readonly autoIncrement: MappedColumn | null;
  readonly literalDefaults: readonly MappedColumn[];
  readonly serverDefaults: readonly MappedColumn[];
  readonly hydrate: Hydrate;
  readonly snapshotInto: SnapshotInto;
  readonly changed: Changed;
  readonly providedMask: ProvidedMask;
  readonly onAdd: OnAdd;
  /** SELECT by primary key (the `get()` statement), built on first use. */
  selectByKey: string | null = null;
  private unknownPropFn: UnknownProp | null = null;
  private rowMaskFn: RowMask | null | undefined = undefined;
  private readonly fills = new Map<number | string, FillParams>();
  private readonly fetched = new Map<number | string, readonly string[]>();
  private readonly sqlCache = new Map<string, string>();

  constructor(
    readonly model: AnyModel,
    readonly dialect: Dialect,
  ) {
    this.name = model.name || model.tableName;
    const def = modelDefinition(model);
    const table = toSchema([model]).tables[0]!;
    this.table = table;
    const pkNames = new Set(table.primaryKey?.columns ?? []);
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    this.columns = Object.freeze(
      Object.entries(def.columns).map(([prop, builder], i) => {
        // Assigning it would replace the instance's prototype.
        if (prop === '__proto__') throw new ModelError(`${this.name}: a column property may not be called __proto__`);
        const name = builder.config.sqlName ?? prop;
        return mapColumn(i, prop, byName.get(name)!, pkNames.has(name), dialect, this.name);
      }),
    );
    this.byProp = new Map(this.columns.map((c) => [c.prop, c]));
    this.byName = new Map(this.columns.map((c) => [c.name, c]));
    this.pk = Object.freeze((table.primaryKey?.columns ?? []).map((n) => this.byName.get(n)!));
    this.autoIncrement = this.columns.find((c) => c.autoIncrement) ?? null;
    this.literalDefaults = this.columns.filter((c) => c.literalDefault !== null);
    this.serverDefaults = this.columns.filter((c) => c.serverDefault);
    this.hydrate = makeHydrate(model as unknown as new () => object, this.columns);
    this.snapshotInto = makeSnapshotInto(this.columns);
    this.changed = makeChanged(this.columns);
    this.providedMask = makeProvidedMask(this.columns);
    this.onAdd = makeOnAdd(this.columns, defaultValue);
  }

  /** Columns the object changed since its snapshot (indexes), or null. */
  dirty(state: InstanceState): number[] | null {
    return this.changed(state.obj, state.snapshot!, state.snapOffset);
  }

  /** Takes a snapshot of the object's current values: in place when it has one, else in a new array. */
  resnapshot(state: InstanceState): void {
    if (state.snapshot) {
      this.snapshotInto(state.obj, state.snapshot, state.snapOffset);
    } else {
      state.snapshot = new Array(this.columns.length);
      state.snapOffset = 0;
      this.snapshotInto(state.obj, state.snapshot, 0);
    }
  }

  /** A copy of a state's snapshot values (offset 0). */
  snapshotCopy(state: InstanceState): unknown[] {
    return state.snapshot!.slice(state.snapOffset, state.snapOffset + this.columns.length);
  }

  /** The identity-map key of an array row of all columns (model order). */
  keyOfArray(row: readonly unknown[]): unknown {
    const pk = this.pk;
    if (pk.length === 1) return keyPart(pk[0]!.decode(row[pk[0]!.index]));
    const obj: Record<string, unknown> = {};
    for (const c of pk) obj[c.prop] = c.decode(row[c.index]);
    return this.keyOf(obj);
  }

  /** The identity-map key of a row as its snapshot at `s[k…]` holds it (see `snapshotInto`). */
  keyOfSnapshot(s: readonly unknown[], k: number): unknown {
    const pk = this.pk;
    if (pk.length === 1) {
      const c = pk[0]!;
      const v = s[k + c.index];
      return keyPart(c.unsnap ? c.unsnap(v) : v);
    }
    const obj: Record<string, unknown> = {};
    for (const c of pk) {
      const v = s[k + c.index];
      obj[c.prop] = c.unsnap ? c.unsnap(v) : v;
    }
    return this.keyOf(obj);
  }

  /** The identity-map key of a driver row object (aliased columns). */
  keyOfRow(row: Record<string, unknown>): unknown {
    const pk = this.pk;
    if (pk.length === 1) return keyPart(pk[0]!.decode(row[pk[0]!.alias]));
    const obj: Record<string, unknown> = {};
    for (const c of pk) obj[c.prop] = c.decode(row[c.alias]);
    return this.keyOf(obj);
  }

  /** The identity-map key of an object or row values, or undefined while any key part is missing. */
  keyOf(obj: Record<string, unknown>): unknown {
    const pk = this.pk;
    if (pk.length === 1) return keyPart(obj[pk[0]!.prop]);
    const parts: unknown[] = [];
    for (const c of pk) {
      const v = keyPart(obj[c.prop]);
      if (v === undefined) return undefined;
      parts.push(typeof v === 'bigint' ? ['n', String(v)] : v);
    }
    return JSON.stringify(parts);
  }

  /** The identity-map key for a single-column key value. */
  keyOfValue(v: unknown): unknown {
    return keyPart(v);
  }

  /** `User(id=1)`, for messages. */
  describe(obj: Record<string, unknown>): string {
    return `${this.name}(${this.pk.map((c) => `${c.prop}=${describe(obj[c.prop])}`).join(', ')})`;
  }

  /** Throws unless the model has a primary key (sessions track rows by it). */
  requireKey(): void {
    if (this.pk.length === 0) {
      throw new UsageError(`${this.name} has no primary key; sessions track rows by their key, so add one (or use engine.execute for this table)`);
    }
  }

  /** Memoizes SQL text per mapper (it depends only on the dialect and the key). */
  sql(cacheKey: string, build: () => string): string {
    let text = this.sqlCache.get(cacheKey);
    if (text === undefined) {
      text = build();
      this.sqlCache.set(cacheKey, text);
    }
    return text;
  }

  /** The first property of a plain row that is no column property, or null (generated on first use). */
  get unknownProp(): UnknownProp {
    return (this.unknownPropFn ??= makeUnknownProp(this.columns));
  }

  /** A plain row's provided-mask, or -1 for a row with other properties; null past 30 columns (generated on first use). */
  get rowMask(): RowMask | null {
    if (this.rowMaskFn === undefined) this.rowMaskFn = makeRowMask(this.columns);
    return this.rowMaskFn;
  }

  fillFor(mask: number | string, provided: readonly MappedColumn[]): FillParams {
    let fill = this.fills.get(mask);
    if (!fill) {
      fill = makeFillParams(this.columns, provided);
      this.fills.set(mask, fill);
    }
    return fill;
  }

  /** The properties of `fetch` (what the database fills in for a provided-mask), one frozen list per mask. */
  fetchedProps(mask: number | string, fetch: readonly MappedColumn[]): readonly string[] {
    let props = this.fetched.get(mask);
    if (!props) {
      props = Object.freeze(fetch.map((c) => c.prop));
      this.fetched.set(mask, props);
    }
    return props;
  }

  /** Columns present in a provided-mask. */
  providedColumns(mask: number | string): MappedColumn[] {
    return this.columns.filter((_c, i) => (typeof mask === 'number' ? (mask & (2 ** i)) !== 0 : mask[i] === '1'));
  }
}

/** Key parts compare by value: safe bigints become numbers, Dates and bytes become strings. */
function keyPart(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case 'number':
    case 'string':
      return v;
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  if (v instanceof Date) return `d:${v.getTime()}`;
  if (v instanceof Uint8Array) return `b:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  return v;
}

const mappers = new WeakMap<Dialect, WeakMap<AnyModel, Mapper>>();

/** The mapper of a model class on a dialect. */
export function mapperFor(model: AnyModel, dialect: Dialect): Mapper {
  let byModel = mappers.get(dialect);
  if (!byModel) mappers.set(dialect, (byModel = new WeakMap()));
  let mapper = byModel.get(model);
  if (!mapper) {
    if (!isModel(model)) throw new ModelError(`expected a model made by table(), got ${describe(model)}`);
    mapper = new Mapper(model, dialect);
    byModel.set(model, mapper);
  }
  return mapper;
}

/** The mapper of a model instance, or a UsageError for anything else. */
export function mapperOfInstance(obj: unknown, dialect: Dialect, what: string): Mapper {
  const ctor = typeof obj === 'object' && obj !== null ? (obj as { constructor?: unknown }).constructor : undefined;
  if (!isModel(ctor)) {
    throw new UsageError(`${what} expects a model instance such as new User({ … }), got ${describe(obj)}`);
  }
  return mapperFor(ctor, dialect);
}
