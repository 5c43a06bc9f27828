/**
 * Random schema pairs A → B for the migration property test: B is A after random
 * changes (tables kept, renamed with or without a declared decision, dropped, added;
 * columns kept, changed, renamed, dropped, added; keys, indexes and foreign keys
 * changed), plus rows for A that every step can carry: values satisfy A and B at once,
 * and a table whose migration could not keep its rows (a NOT NULL column without
 * default added, or dropped and so re-added by the downgrade) holds none.
 */
import fc from 'fast-check';
import type { DialectName } from '../../src/dialects/dialect.js';
import type { ColumnSpec, Kind, TableSpec } from './arbitraries.js';
import type { IndexOrder } from './arbitraries.js';
import { columnSpec, compositeKey, compositeKeyOptions, expressionIndex, hasDefault, INDEX_ORDERS, indexMethod, isIndexable, refNotNull, schemaSpec, tableSpec } from './arbitraries.js';
import type { KeyNulls } from './arbitraries.js';
import { cellDomain } from './row-values.js';

export interface SchemaPair {
  readonly a: readonly TableSpec[];
  readonly b: readonly TableSpec[];
  /** Declared renames, as the CLI passes them to diff(). */
  readonly renames: { readonly tables: Map<string, string>; readonly columns: Map<string, Map<string, string>> };
  /** B table → A table, for tables that keep their rows (same name or declared rename). */
  readonly tableOrigin: ReadonlyMap<string, string>;
  /** B table → (B column → A column), for columns that keep their values. */
  readonly columnOrigin: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Rows to insert into A, per table, as column → value (see row-values.ts). */
  readonly rows: ReadonlyMap<string, readonly Record<string, unknown>[]>;
}

type ColumnFate = 'keep' | 'change' | 'rename' | 'drop';

interface ColumnDecision {
  readonly fate: ColumnFate;
  readonly declared: boolean;
  readonly spec: ColumnSpec;
  /** Which attribute groups a change touches: kind, nullability, default, unique/index, check. */
  readonly touch: readonly boolean[];
  /** A changed kind is one of RELATED (this index into its list), or any kind when null. */
  readonly related: number | null;
}

interface TableDecision {
  readonly fate: 'keep' | 'rename' | 'drop';
  readonly declared: boolean;
  readonly columns: readonly ColumnDecision[];
  readonly added: readonly ColumnSpec[];
  readonly pk: TableSpec['pk'] | null;
  readonly idKind: TableSpec['idKind'] | null;
  readonly compositeIndex: boolean | null;
  readonly compositeOrder: readonly IndexOrder[] | null;
  readonly method: { readonly to: string | null } | null;
  readonly expression: { readonly to: TableSpec['expression'] } | null;
  readonly keyOptions: { readonly to: TableSpec['compositeKeyOptions'] } | null;
  readonly partialIndex: boolean | null;
  readonly ref: 'keep' | 'remove' | 'retarget';
  readonly refPick: number;
  readonly onDelete: TableSpec['onDelete'] | null;
  readonly rowCount: number;
}

const columnDecision = fc.record({
  fate: fc.constantFrom<ColumnFate>('keep', 'keep', 'keep', 'change', 'change', 'rename', 'drop'),
  declared: fc.boolean(),
  spec: columnSpec('x'),
  touch: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  related: fc.option(fc.nat(20), { freq: 2 }),
});

/**
 * Kinds a column's values can convert to (support/value-classes.ts), or the same kind with
 * another length, precision or enum values: half the kind changes pick one, so that the
 * rows exercise the servers' conversions rather than mostly changes no value survives.
 */
const RELATED: Partial<Record<Kind, readonly Kind[]>> = {
  integer: ['bigint', 'real', 'numeric', 'text', 'varchar', 'boolean', 'json'],
  bigint: ['integer', 'real', 'numeric', 'text', 'varchar', 'boolean', 'json'],
  real: ['integer', 'bigint', 'numeric', 'text', 'varchar', 'json'],
  numeric: ['integer', 'bigint', 'real', 'numeric', 'text', 'varchar', 'json'],
  text: ['varchar', 'integer', 'numeric', 'boolean', 'date', 'timestamp', 'json', 'uuid', 'enum'],
  varchar: ['text', 'varchar', 'real', 'bigint', 'boolean', 'date', 'timestamptz', 'json', 'uuid', 'enum'],
  boolean: ['integer', 'bigint', 'text', 'varchar', 'json'],
  date: ['timestamp', 'timestamptz', 'text', 'varchar'],
  timestamp: ['timestamptz', 'date', 'text', 'varchar'],
  timestamptz: ['timestamp', 'date', 'text', 'varchar'],
  json: ['text', 'varchar', 'integer', 'real', 'boolean'],
  uuid: ['text', 'varchar'],
  enum: ['enum', 'text', 'varchar'],
};

/** A change one time in four; null (keep) otherwise. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const tableDecision = (columns: number, options: PairOptions): fc.Arbitrary<TableDecision> =>
  fc.record({
    fate: fc.constantFrom<TableDecision['fate']>('keep', 'keep', 'keep', 'keep', 'rename', 'drop'),
    declared: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    columns: fc.array(columnDecision, { minLength: columns, maxLength: columns }),
    added: fc.array(columnSpec('x'), { maxLength: 2 }),
    pk: rarely(fc.constantFrom<TableSpec['pk']>('serial', 'composite', 'none')),
    idKind: rarely(fc.constantFrom<'integer' | 'bigint'>('integer', 'bigint')),
    compositeIndex: fc.option(fc.boolean(), { freq: 2 }),
    compositeOrder: fc.option(INDEX_ORDERS, { freq: 2 }),
    method: rarely(indexMethod(options).map((to) => ({ to }))),
    expression: rarely(expressionIndex(options).map((to) => ({ to }))),
    // Drawn only where key options are generated, so other dialects' pairs stay as they were.
    keyOptions: options.indexNulls?.length || options.indexOpclasses ? rarely(compositeKeyOptions(options).map((to) => ({ to }))) : fc.constant(null),
    partialIndex: fc.option(fc.boolean(), { freq: 2 }),
    ref: fc.constantFrom<TableDecision['ref']>('keep', 'keep', 'keep', 'remove', 'retarget'),
    refPick: fc.nat(10),
    onDelete: fc.option(fc.constantFrom<TableSpec['onDelete']>('no action', 'cascade', 'set null', 'restrict'), { freq: 3 }),
    // Empty tables come from the constraints too (makeRows): asked for one time in eight.
    rowCount: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 7, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  });

/** What the pairs must suit: the dialect's partial indexes, and how its columns convert values by type. */
export interface PairOptions {
  readonly partialIndexes: boolean;
  /** Rows carry only values that survive each type change both ways on this dialect (row-values.ts); default 'sqlite'. */
  readonly dialect?: DialectName;
  readonly indexMethods?: readonly string[];
  readonly expressionIndexes?: boolean;
  readonly indexNulls?: readonly KeyNulls[];
  readonly indexOpclasses?: boolean;
}

/** What the model generator is asked for: the pair options less the dialect. */
const generation = ({ dialect: _dialect, ...options }: PairOptions) => options;

/** Random pairs for a dialect. */
export const schemaPair = (options: PairOptions): fc.Arbitrary<SchemaPair> =>
  schemaSpec({ ...generation(options), maxTables: 4, maxColumns: 5 })
    .chain((specs) => fc.array(fc.nat(10), { minLength: specs.length, maxLength: specs.length }).map((picks) => withTargets(specs, picks)))
    .chain((a) =>
      fc
        .record({
          tables: fc.tuple(...a.map((t) => tableDecision(t.columns.length, options))),
          added: fc.array(tableSpec('x', { ...generation(options), maxColumns: 4 }), { maxLength: 2 }),
          addedRefs: fc.array(fc.nat(10), { minLength: 2, maxLength: 2 }),
        })
        .map((d) => buildPair(a, d.tables, d.added, d.addedRefs, options)),
    );

/**
 * Gives A's tables that reference another one an explicit target: any table with an
 * `id`, earlier, later or itself, so self-references and cycles occur too.
 */
function withTargets(specs: TableSpec[], picks: readonly number[]): TableSpec[] {
  const serial = specs.filter((s) => s.pk === 'serial').map((s) => s.name);
  return specs.map((s, i) => ({ ...s, refTarget: s.referencesPrevious && serial.length ? serial[picks[i]! % serial.length]! : null }));
}

function buildPair(a: readonly TableSpec[], decisions: readonly TableDecision[], addedTables: readonly TableSpec[], addedRefs: readonly number[], options: PairOptions): SchemaPair {
  const renames = { tables: new Map<string, string>(), columns: new Map<string, Map<string, string>>() };
  const tableOrigin = new Map<string, string>();
  const columnOrigin = new Map<string, Map<string, string>>();
  const bByA = new Map<string, string>();
  const b: TableSpec[] = [];
  const decisionOf = new Map<string, TableDecision>();

  a.forEach((t, ti) => {
    const d = decisions[ti]!;
    if (d.fate === 'drop') return;
    const name = d.fate === 'rename' ? `r${ti}_${t.name}` : t.name;
    const keepsRows = d.fate === 'keep' || d.declared;
    if (d.fate === 'rename' && d.declared) renames.tables.set(name, t.name);
    if (keepsRows) {
      tableOrigin.set(name, t.name);
      bByA.set(t.name, name);
    }
    const origins = new Map<string, string>();
    const declaredColumns = new Map<string, string>();
    const columns: ColumnSpec[] = [];
    t.columns.forEach((c, ci) => {
      const cd = d.columns[ci]!;
      if (cd.fate === 'drop') return;
      if (cd.fate === 'keep') {
        columns.push(c);
        origins.set(c.name, c.name);
      } else if (cd.fate === 'change') {
        const changed = changeColumn(c, cd);
        columns.push(changed);
        origins.set(changed.name, c.name);
      } else {
        const renamed = { ...c, name: `${c.name}_r` };
        columns.push(renamed);
        if (cd.declared) {
          declaredColumns.set(renamed.name, c.name);
          origins.set(renamed.name, c.name);
        }
      }
    });
    d.added.forEach((c, i) => columns.push({ ...c, name: `n${i}_c` }));
    if (columns.length === 0 && t.columns[0]) {
      columns.push(t.columns[0]);
      origins.set(t.columns[0].name, t.columns[0].name);
    }
    if (keepsRows) {
      // The `id` and `ref_id` columns keep their values when both sides have them.
      origins.set('id', 'id');
      origins.set('ref_id', 'ref_id');
      columnOrigin.set(name, origins);
      if (declaredColumns.size) renames.columns.set(name, declaredColumns);
    }
    decisionOf.set(name, d);
    b.push({
      ...t,
      name,
      columns,
      pk: d.pk ?? t.pk,
      idKind: d.idKind ?? t.idKind,
      compositeIndex: d.compositeIndex ?? t.compositeIndex,
      compositeOrder: d.compositeOrder ?? t.compositeOrder,
      method: d.method ? d.method.to : t.method,
      expression: d.expression ? d.expression.to : t.expression,
      compositeKeyOptions: d.keyOptions ? d.keyOptions.to : t.compositeKeyOptions,
      partialIndex: options.partialIndexes && (d.partialIndex ?? t.partialIndex),
      onDelete: d.onDelete ?? t.onDelete,
      refTarget: t.refTarget ?? null,
    });
  });
  addedTables.forEach((t, i) => b.push({ ...t, name: `n${i}_t`, refTarget: null }));

  // Foreign key targets: kept, removed or retargeted; a target must have an `id` in B.
  const serial = b.filter((t) => t.pk === 'serial').map((t) => t.name);
  b.forEach((t, i) => {
    const d = decisionOf.get(t.name);
    let target: string | null;
    if (!d) target = serial.length && (addedRefs[i % 2] ?? 0) % 2 === 0 ? serial[(addedRefs[i % 2] ?? 0) % serial.length]! : null;
    else if (d.ref === 'remove') target = null;
    else if (d.ref === 'retarget') target = serial.length ? serial[d.refPick % serial.length]! : null;
    else target = t.refTarget ? (bByA.get(t.refTarget) ?? null) : null;
    b[i] = { ...t, refTarget: target !== null && serial.includes(target) ? target : null };
  });

  // Origins only where both sides really have the column.
  for (const [bName, origins] of columnOrigin) {
    const bt = b.find((t) => t.name === bName)!;
    const at = a.find((t) => t.name === tableOrigin.get(bName))!;
    for (const [bc, ac] of [...origins]) if (!columnNames(bt).includes(bc) || !columnNames(at).includes(ac)) origins.delete(bc);
  }

  const pair = { a, b, renames, tableOrigin, columnOrigin };
  return { ...pair, rows: makeRows(pair, decisions, options.dialect ?? 'sqlite') };
}

/** A change of some of a column's attributes; enum values keep one value in common. */
function changeColumn(c: ColumnSpec, d: ColumnDecision): ColumnSpec {
  const [kind, nullability, defaults, keys, check] = d.touch;
  const s = d.spec;
  let out: ColumnSpec = { ...c };
  const related = d.related === null ? undefined : RELATED[c.kind];
  const newKind = related ? related[d.related! % related.length]! : s.kind;
  if (kind) out = { ...out, kind: newKind, length: s.length, precision: s.precision, scale: s.scale, enumValues: s.enumValues };
  if (nullability) out = { ...out, notNull: !c.notNull };
  if (defaults) out = { ...out, withDefault: s.withDefault, defaultPick: s.defaultPick, text: s.text };
  if (keys) out = { ...out, unique: s.unique, index: s.index };
  if (check) out = { ...out, check: !c.check };
  if (out.kind === 'enum' && c.kind === 'enum' && !out.enumValues.includes(c.enumValues[0]!)) {
    out = { ...out, enumValues: [c.enumValues[0]!, ...out.enumValues].slice(0, 5) };
  }
  return out;
}

export function columnNames(t: TableSpec): string[] {
  return [...(t.pk === 'serial' ? ['id'] : []), ...t.columns.map((c) => c.name), ...(t.refTarget ? ['ref_id'] : [])];
}

/** What a column is in a spec, including the implicit `id` and `ref_id`. */
interface ColumnFacts {
  readonly kind: Kind | 'serial';
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  readonly unique: boolean;
}

function facts(t: TableSpec, name: string): ColumnFacts | null {
  if (name === 'id') return t.pk === 'serial' ? { kind: 'serial', notNull: true, hasDefault: true, unique: true } : null;
  if (name === 'ref_id') return t.refTarget ? { kind: 'integer', notNull: refNotNull(t), hasDefault: false, unique: false } : null;
  const c = t.columns.find((x) => x.name === name);
  if (!c) return null;
  const inPk = compositeKey(t).includes(name);
  return {
    kind: c.kind,
    notNull: c.notNull || inPk,
    hasDefault: hasDefault(c),
    unique: (c.unique && isIndexable(c.kind)) || inPk,
  };
}

function makeRows(pair: Omit<SchemaPair, 'rows'>, decisions: readonly TableDecision[], dialect: DialectName): Map<string, Record<string, unknown>[]> {
  const counts = new Map<string, number>();
  const bOf = new Map([...pair.tableOrigin].map(([bn, an]) => [an, bn]));
  pair.a.forEach((t, i) => counts.set(t.name, feasibleRows(pair, t, bOf.get(t.name), decisions[i]!.rowCount, dialect)));
  // A reference that must not be NULL needs parent rows it may keep pointing at.
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of pair.a) {
      if ((counts.get(t.name) ?? 0) === 0 || !t.refTarget || !refMustHoldValue(pair, t, bOf)) continue;
      if (!refValuesKept(pair, t, bOf) || (counts.get(t.refTarget) ?? 0) === 0) {
        counts.set(t.name, 0);
        changed = true;
      }
    }
  }
  const rows = new Map<string, Record<string, unknown>[]>();
  for (const t of pair.a) {
    const bName = bOf.get(t.name);
    const bt = bName ? pair.b.find((x) => x.name === bName) : undefined;
    const origins = bName ? pair.columnOrigin.get(bName) : undefined;
    const list: Record<string, unknown>[] = [];
    for (let i = 0; i < (counts.get(t.name) ?? 0); i++) {
      const row: Record<string, unknown> = {};
      for (const c of t.columns) {
        const bCol = origins ? [...origins].find(([, ac]) => ac === c.name)?.[0] : undefined;
        const domain = cellDomain(c, bt && bCol ? specOf(bt, bCol) : null, dialect);
        row[c.name] = domain ? domain.value(i) : null;
      }
      if (t.refTarget) {
        const parentRows = counts.get(t.refTarget) ?? 0;
        row.ref_id = parentRows > 0 && refValuesKept(pair, t, bOf) ? (i % parentRows) + 1 : null;
      }
      list.push(row);
    }
    rows.set(t.name, list);
  }
  return rows;
}

/** Whether `ref_id` is NOT NULL in A, or in B where it keeps its values. */
function refMustHoldValue(pair: Omit<SchemaPair, 'rows'>, t: TableSpec, bOf: ReadonlyMap<string, string>): boolean {
  const bName = bOf.get(t.name);
  const bt = bName ? pair.b.find((x) => x.name === bName) : undefined;
  const keepsRef = bName !== undefined && pair.columnOrigin.get(bName)?.get('ref_id') === 'ref_id';
  return refNotNull(t) || (keepsRef && bt !== undefined && refNotNull(bt));
}

/** Whether non-null `ref_id` values of A stay valid in B and after the downgrade. */
function refValuesKept(pair: Omit<SchemaPair, 'rows'>, t: TableSpec, bOf: ReadonlyMap<string, string>): boolean {
  const parentB = t.refTarget ? bOf.get(t.refTarget) : undefined;
  const parent = parentB ? pair.b.find((x) => x.name === parentB) : undefined;
  if (!parent || parent.pk !== 'serial') return false;
  const bName = bOf.get(t.name);
  const child = bName ? pair.b.find((x) => x.name === bName) : undefined;
  return !child?.refTarget || child.refTarget === parentB;
}

/** The spec of a column of `t` (null for the implicit `id` and `ref_id`). */
const specOf = (t: TableSpec, name: string): ColumnSpec | null => t.columns.find((c) => c.name === name) ?? null;

/** How many rows table `t` can hold so that the upgrade and the downgrade both succeed. */
function feasibleRows(pair: Omit<SchemaPair, 'rows'>, t: TableSpec, bName: string | undefined, wanted: number, dialect: DialectName): number {
  let limit = wanted;
  const bt = bName ? pair.b.find((x) => x.name === bName)! : undefined;
  const origins = bName ? pair.columnOrigin.get(bName)! : new Map<string, string>();
  const bOfA = new Map([...origins].map(([bc, ac]) => [ac, bc]));
  for (const c of t.columns) {
    const fa = facts(t, c.name)!;
    const bc = bOfA.get(c.name);
    const fb = bt && bc ? facts(bt, bc) : null;
    const domain = cellDomain(c, bt && bc ? specOf(bt, bc) : null, dialect);
    // No value survives both types: the rows hold NULL where both sides allow it.
    if (!domain) {
      if (fa.notNull || fb?.notNull) return 0;
      continue;
    }
    if (fa.unique || fb?.unique) limit = Math.min(limit, domain.size);
  }
  if (limit === 0 || !bt) return limit;
  const kept = new Set(origins.values());
  for (const ac of columnNames(t)) {
    const f = facts(t, ac)!;
    // Dropped here means re-added by the downgrade: NOT NULL needs a default or a key to number.
    if (!kept.has(ac) && f.notNull && !f.hasDefault) return 0;
    // ... and a unique one with a default holds that one value in every row.
    if (!kept.has(ac) && f.unique && f.hasDefault && f.kind !== 'serial') limit = Math.min(limit, 1);
  }
  for (const bc of columnNames(bt)) {
    const f = facts(bt, bc)!;
    if (origins.has(bc)) continue;
    if (f.notNull && !f.hasDefault) return 0;
    if (f.unique && f.hasDefault && f.kind !== 'serial') limit = Math.min(limit, 1);
  }
  return limit;
}
