/**
 * Typed queries over one model. Builders are immutable (each call returns a new query),
 * so a base query can be shared and refined safely. Every value is a bound parameter;
 * conditions must be expressions built from columns (`User.c.age.gt(20)`), so a plain
 * object where a condition or value belongs is an error, not a query.
 */
import { UsageError } from '../errors.js';
import type { Expr, OrderBy } from '../query/ast.js';
import { and_ } from '../query/ast.js';
import { compileAliasedSelect, compileCountQuery, compileExistsQuery } from '../query/dml.js';
import type { ColumnRef } from '../schema/column-ref.js';
import type { AnyModel, InferInsert, InferRow } from '../schema/table.js';
import { bulkDelete, bulkUpdate } from './bulk.js';
import type { MappedColumn } from './columns.js';
import { MultipleResultsError, NoResultError } from './errors.js';
import { prepareCondition, prepareOrder, selectedColumns } from './expressions.js';
import { hydrateRows } from './hydrate.js';
import type { InstanceState } from './instance-state.js';
import { stateOf } from './instance-state.js';
import { loadRelation } from './loading.js';
import type { Mapper } from './mapper.js';
import type { Loaded, Relation, ResolvedRelation } from './relations.js';
import { resolveRelation } from './relations.js';
import type { Session } from './session.js';

interface Spec {
  readonly where: readonly Expr[];
  readonly orderBy: readonly OrderBy[];
  readonly limit: number | null;
  readonly offset: number | null;
}

const EMPTY: Spec = Object.freeze({ where: [], orderBy: [], limit: null, offset: null });

/** Conditions, ordering and paging shared by model queries and column selects. */
abstract class Filtered {
  constructor(
    protected readonly session: Session,
    protected readonly mapper: Mapper,
    protected readonly spec: Spec,
  ) {}

  protected abstract with(spec: Partial<Spec>): this;

  /** Adds conditions, combined with AND: `where(User.c.age.gt(20), User.c.name.like('A%'))`. */
  where(...conditions: Expr[]): this {
    return this.with({ where: [...this.spec.where, ...conditions.map((c) => prepareCondition(this.mapper, c))] });
  }

  /** Orders by columns (`User.c.name`) or directions (`User.c.age.desc()`). */
  orderBy(...order: (OrderBy | ColumnRef)[]): this {
    return this.with({ orderBy: [...this.spec.orderBy, ...order.map((o) => prepareOrder(this.mapper, o))] });
  }

  limit(n: number): this {
    return this.with({ limit: checkCount(n, 'limit') });
  }

  offset(n: number): this {
    return this.with({ offset: checkCount(n, 'offset') });
  }

  protected whereExpr(): Expr | null {
    const w = this.spec.where;
    return w.length === 0 ? null : w.length === 1 ? w[0]! : and_(...w);
  }

  protected async compiled(columns: readonly MappedColumn[], limit: number | null): Promise<{ sql: string; params: unknown[] }> {
    await this.session.autoflushNow();
    return compileAliasedSelect(this.session.dialect, {
      table: this.mapper.table.name,
      columns,
      where: this.whereExpr(),
      orderBy: this.spec.orderBy,
      limit,
      offset: this.spec.offset,
    });
  }

  /** The user's limit, capped (first/one need at most 1 or 2 rows). */
  protected capped(n: number): number {
    return this.spec.limit === null ? n : Math.min(this.spec.limit, n);
  }

  protected describeQuery(): string {
    return `query(${this.mapper.name})`;
  }
}

/** `session.query(User)…`: results are tracked model instances. */
export class Query<M extends AnyModel, R = InferRow<M>> extends Filtered {
  private readonly includes: readonly ResolvedRelation[];

  /** @internal Use `session.query(Model)`. */
  constructor(session: Session, mapper: Mapper, spec: Spec = EMPTY, includes: readonly ResolvedRelation[] = []) {
    super(session, mapper, spec);
    this.includes = includes;
  }

  protected with(spec: Partial<Spec>): this {
    return new Query<M, R>(this.session, this.mapper, { ...this.spec, ...spec }, this.includes) as this;
  }

  /**
   * Loads a relation of every result in one extra query (no N+1): pass the relation from
   * `relations()` for a typed result, or its name.
   */
  include<Rel extends Relation<M>>(relation: Rel): Query<M, R & Loaded<Rel>>;
  include<N extends string>(relation: N): Query<M, R & { [P in N]: unknown }>;
  include(relation: Relation | string): Query<M, unknown> {
    this.mapper.requireKey();
    const rel = resolveRelation(this.mapper, relation);
    return new Query<M, unknown>(this.session, this.mapper, this.spec, [...this.includes, rel]);
  }

  /** Plain rows of some columns (not tracked): `select(User.c.id, User.c.name)` → `{ id, name }[]`. */
  select<C extends readonly ColumnRef<unknown, keyof InferRow<M> & string>[]>(...columns: C): SelectQuery<Pick<InferRow<M>, C[number]['property']>> {
    return new SelectQuery(this.session, this.mapper, this.spec, selectedColumns(this.mapper, columns));
  }

  async all(): Promise<R[]> {
    return this.fetch(this.spec.limit);
  }

  /** The first result, or null. */
  async first(): Promise<R | null> {
    return (await this.fetch(this.capped(1)))[0] ?? null;
  }

  /** Exactly one result: NoResultError when none, MultipleResultsError when several. */
  async one(): Promise<R> {
    const found = await this.fetch(this.capped(2));
    if (found.length === 0) throw new NoResultError(`${this.describeQuery()}.one(): no row matched`);
    if (found.length > 1) throw new MultipleResultsError(`${this.describeQuery()}.one(): more than one row matched`);
    return found[0]!;
  }

  /** One result or null; MultipleResultsError when several. */
  async oneOrNone(): Promise<R | null> {
    const found = await this.fetch(this.capped(2));
    if (found.length > 1) throw new MultipleResultsError(`${this.describeQuery()}.oneOrNone(): more than one row matched`);
    return found[0] ?? null;
  }

  /** How many rows match (honouring limit and offset). */
  async count(): Promise<number> {
    await this.session.autoflushNow();
    const q = compileCountQuery(this.session.dialect, this.mapper.table.name, this.whereExpr(), this.spec.limit, this.spec.offset);
    const { rows } = await this.session.execute(q.sql, q.params);
    return Number(rows[0]?.count ?? 0);
  }

  /** True when at least one row matches. */
  async exists(): Promise<boolean> {
    await this.session.autoflushNow();
    if (this.spec.limit === 0) return false;
    const q = compileExistsQuery(this.session.dialect, this.mapper.table.name, this.whereExpr(), this.spec.offset);
    return (await this.session.execute(q.sql, q.params)).rows.length > 0;
  }

  /**
   * One UPDATE of every matching row (no objects loaded); loaded objects it hits get the
   * new values. Values are checked like any column value. Returns the number of rows.
   */
  async update(values: Partial<InferInsert<M>>): Promise<number> {
    this.bulkOnly('update');
    return bulkUpdate(this.session, this.mapper, this.whereExpr(), values as Record<string, unknown>);
  }

  /** One DELETE of every matching row; loaded objects it hits are marked deleted. Returns the number of rows. */
  async delete(): Promise<number> {
    this.bulkOnly('delete');
    return bulkDelete(this.session, this.mapper, this.whereExpr());
  }

  private bulkOnly(what: string): void {
    if (this.spec.limit !== null || this.spec.offset !== null || this.spec.orderBy.length > 0 || this.includes.length > 0) {
      throw new UsageError(`${this.describeQuery()}.${what}(): bulk ${what} takes where() conditions only (no orderBy, limit, offset or include)`);
    }
  }

  private async fetch(limit: number | null): Promise<R[]> {
    if (limit === 0) return [];
    const q = await this.compiled(this.mapper.columns, limit);
    const objs = hydrateRows(this.session, this.mapper, await this.session.queryArrays(q.sql, q.params));
    if (this.includes.length > 0 && objs.length > 0) {
      const states = objs.map((o) => stateOf(o)!) as InstanceState[];
      for (const rel of this.includes) await loadRelation(this.session, states, rel);
    }
    return objs as R[];
  }
}

/** `query(User).select(User.c.id, User.c.name)`: plain, typed rows. */
export class SelectQuery<Row> extends Filtered {
  /** @internal */
  constructor(
    session: Session,
    mapper: Mapper,
    spec: Spec,
    private readonly columns: readonly MappedColumn[],
  ) {
    super(session, mapper, spec);
  }

  protected with(spec: Partial<Spec>): this {
    return new SelectQuery<Row>(this.session, this.mapper, { ...this.spec, ...spec }, this.columns) as this;
  }

  async all(): Promise<Row[]> {
    return this.fetch(this.spec.limit);
  }

  async first(): Promise<Row | null> {
    return (await this.fetch(this.capped(1)))[0] ?? null;
  }

  async one(): Promise<Row> {
    const found = await this.fetch(this.capped(2));
    if (found.length === 0) throw new NoResultError(`${this.describeQuery()}.select().one(): no row matched`);
    if (found.length > 1) throw new MultipleResultsError(`${this.describeQuery()}.select().one(): more than one row matched`);
    return found[0]!;
  }

  async oneOrNone(): Promise<Row | null> {
    const found = await this.fetch(this.capped(2));
    if (found.length > 1) throw new MultipleResultsError(`${this.describeQuery()}.select().oneOrNone(): more than one row matched`);
    return found[0] ?? null;
  }

  private async fetch(limit: number | null): Promise<Row[]> {
    if (limit === 0) return [];
    const q = await this.compiled(this.columns, limit);
    const rows = await this.session.queryArrays(q.sql, q.params);
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [i, c] of this.columns.entries()) {
        const value = c.decode(row[i]);
        // A column property named __proto__ must not set the prototype.
        if (c.prop === '__proto__') Object.defineProperty(out, c.prop, { value, enumerable: true, writable: true, configurable: true });
        else out[c.prop] = value;
      }
      return out as Row;
    });
  }
}

function checkCount(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${what}() expects a non-negative integer, got ${String(n)}`);
  return n;
}
