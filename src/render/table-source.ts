/**
 * A table as model DSL source: the columns object and the extras callback of `table()`
 * or `op.createTable()`. The source reads back (through `toSchema`) as exactly the same
 * IR, arrays in the same order: `toSchema` lists column-level parts (`.unique()`,
 * `.index()`, `.check()`, `.references()`) first, in column order, then the extras; so a
 * part is written on its column only while that keeps the order, and as an extra after.
 * Names are written only where they differ from the deterministic defaults.
 */
import { hasExpressionKey, isPlainIndex, keyColumns } from '../schema/index-keys.js';
import type { Column, ForeignKey, Index, IndexKey, Table } from '../schema/ir.js';
import { checkName, foreignKeyName, indexName, uniqueName } from '../schema/naming.js';
import { defaultSource, typeSource } from './column-source.js';
import type { Imports } from './ts-source.js';
import { member, needsOtherProperty, propertyKey, tsString } from './ts-source.js';

/** How foreign key targets are written: by name in migrations, by model in pulled models. */
export interface ReferenceStyle {
  /** The first argument of `.references()` for a one-column key. */
  single(fk: ForeignKey): string;
  /** The target callback of `t.foreignKey(columns, target)`. */
  composite(fk: ForeignKey): string;
}

/** How a table is written. */
export interface TableSourceOptions {
  readonly imports: Imports;
  readonly references: ReferenceStyle;
  /** Write the primary key's name (false where the database keeps none). */
  readonly primaryKeyName: boolean;
  /** Write comments (false where the database has nowhere to keep them). */
  readonly comments: boolean;
  /**
   * Keep the order of indexes and constraints (migrations: the operation must read back
   * exactly). Models may reorder them, which normalization does anyway, so that more of
   * them sit on their column.
   */
  readonly exactOrder: boolean;
}

/** A table as source parts, for the caller to lay out. */
export interface TableSource {
  /** `property: builder` entries, in column order. */
  readonly columns: readonly string[];
  /** Entries of the extras callback (`t.index([...])`), or none. */
  readonly extras: readonly string[];
  /** Property name of each column (the column name, unless JavaScript forbids it). */
  readonly properties: ReadonlyMap<string, string>;
}

/** The columns object and extras of `table()` / `op.createTable()` for a table. */
export function tableSource(table: Table, options: TableSourceOptions): TableSource {
  const { imports } = options;
  const t = options.exactOrder ? table : byColumn(table);
  const properties = propertyNames(t.columns);
  const ref = (column: string) => member('t.c', properties.get(column) ?? column);
  const refs = (columns: readonly string[]) => `[${columns.map(ref).join(', ')}]`;
  const position = new Map(t.columns.map((c, i) => [c.name, i]));
  const mods: string[][] = t.columns.map(() => []);
  const extras: string[] = [];

  // Primary key: on the columns when unnamed and in column order, else t.primaryKey().
  const pk = t.primaryKey;
  const pkName = pk && options.primaryKeyName ? pk.name : null;
  const inOrder = pk !== null && pk.columns.join('\0') === t.columns.filter((c) => pk.columns.includes(c.name)).map((c) => c.name).join('\0');
  const columnPk = pk !== null && pkName === null && inOrder;
  if (pk && !columnPk) {
    // A lone integer key that is not the database's generated key says so, as `.primaryKey({ autoIncrement: false })` would.
    const lone = pk.columns.length === 1 ? t.columns.find((c) => c.name === pk.columns[0]) : undefined;
    const plain = lone !== undefined && primaryKeyCall(t, lone) !== '.primaryKey()';
    const name = pkName !== null ? `, ${tsString(pkName)}` : plain ? ', undefined' : '';
    extras.push(`t.primaryKey(${refs(pk.columns)}${name}${plain ? ', { autoIncrement: false }' : ''})`);
  }

  // Column-level parts, each array taking the longest prefix that keeps toSchema's order.
  const prefix = <T>(items: readonly T[], at: (item: T) => number | null, strict: boolean, write: (item: T, i: number) => void): number => {
    let last = -1;
    for (let n = 0; n < items.length; n++) {
      const i = at(items[n]!);
      if (i === null || i < last || (strict && i === last)) return n;
      write(items[n]!, i);
      last = i;
    }
    return items.length;
  };
  const single = (cols: readonly string[]) => (cols.length === 1 ? (position.get(cols[0]!) ?? null) : null);

  const u = prefix(t.uniques, (x) => single(x.columns), true, (x, i) => mods[i]!.push(x.name === uniqueName(t.name, x.columns) ? '.unique()' : `.unique(${tsString(x.name)})`));
  for (const x of t.uniques.slice(u)) extras.push(`t.unique(${x.name === uniqueName(t.name, x.columns) ? '' : `${tsString(x.name)}, `}${refs(x.columns)})`);

  const onColumn = (x: Index) => !x.unique && x.where === null && x.using === undefined && isPlainIndex(x);
  const ix = prefix(
    t.indexes,
    (x) => (onColumn(x) ? single(keyColumns(x)) : null),
    true,
    (x, i) => mods[i]!.push(x.name === indexName(t.name, keyColumns(x)) ? '.index()' : `.index(${tsString(x.name)})`),
  );
  const keyRef = (k: IndexKey) => {
    const desc = k.order === 'desc' ? '.desc()' : '';
    const options = `${k.nulls !== undefined ? (k.nulls === 'first' ? '.nullsFirst()' : '.nullsLast()') : ''}${k.opclass !== undefined ? `.opclass(${tsString(k.opclass)})` : ''}`;
    if (k.kind === 'expression') return `t.expr(${tsString(k.sql)})${desc}${options}`;
    // A column key with options is written t.key(t.c.name)…, the calls after it as on t.expr().
    return options ? `t.key(${ref(k.column)})${desc}${options}` : `${ref(k.column)}${desc}`;
  };
  for (const x of t.indexes.slice(ix)) {
    const fn = x.unique ? 't.uniqueIndex' : 't.index';
    // An index with an expression key has no default name.
    const name = x.name === indexName(t.name, keyColumns(x)) && !hasExpressionKey(x) ? '' : `${tsString(x.name)}, `;
    const options = [x.where !== null ? `where: ${tsString(x.where)}` : '', x.using !== undefined ? `using: ${tsString(x.using)}` : ''].filter(Boolean);
    extras.push(`${fn}(${name}[${x.keys.map(keyRef).join(', ')}]${options.length ? `, { ${options.join(', ')} }` : ''})`);
  }

  const checksOn = t.columns.map(() => 0);
  const ck = prefix(t.checks, (x) => checkColumn(t, x.name), false, (x, i) => {
    const k = checksOn[i]!;
    checksOn[i] = k + 1;
    const base = checkName(t.name, t.columns[i]!.name);
    const fallback = k === 0 ? base : `${base}_${k + 1}`;
    mods[i]!.push(`.check(${tsString(x.expression)}${x.name === fallback ? '' : `, ${tsString(x.name)}`})`);
  });
  for (const x of t.checks.slice(ck)) extras.push(`t.check(${tsString(x.name)}, ${tsString(x.expression)})`);

  const fk = prefix(t.foreignKeys, (x) => single(x.columns), true, (x, i) => {
    mods[i]!.push(`.references(${options.references.single(x)}${referenceOptions(x, foreignKeyName(t.name, x.columns, x.refTable))})`);
  });
  for (const x of t.foreignKeys.slice(fk)) {
    extras.push(`t.foreignKey(${refs(x.columns)}, ${options.references.composite(x)}${referenceOptions(x, foreignKeyName(t.name, x.columns, x.refTable))})`);
  }

  const columns = t.columns.map((c, i) => {
    const prop = properties.get(c.name)!;
    let s = typeSource(c.type, imports);
    if (prop !== c.name) s += `.named(${tsString(c.name)})`;
    if (columnPk && pk.columns.includes(c.name)) s += primaryKeyCall(t, c);
    else if (!c.nullable && !pk?.columns.includes(c.name)) s += '.notNull()';
    s += defaultSource(c.type, c.default);
    s += mods[i]!.join('');
    if (options.comments && c.comment !== null) s += `.comment(${tsString(c.comment)})`;
    return `${propertyKey(prop)}: ${s}`;
  });
  return { columns, extras, properties };
}

/** The table with one-column parts first, in column order (for models, where order is free). */
function byColumn(t: Table): Table {
  const at = (cols: readonly string[]) => (cols.length === 1 ? t.columns.findIndex((c) => c.name === cols[0]) : t.columns.length);
  const sort = <T>(items: readonly T[], key: (x: T) => number) => items.map((x, i) => [x, key(x), i] as const).sort((a, b) => a[1] - b[1] || a[2] - b[2]).map(([x]) => x);
  return {
    ...t,
    uniques: sort(t.uniques, (x) => at(x.columns)),
    indexes: sort(t.indexes, (x) => (x.unique || x.where !== null || x.using !== undefined || !isPlainIndex(x) ? t.columns.length : at(keyColumns(x)))),
    checks: sort(t.checks, (x) => checkColumn(t, x.name) ?? t.columns.length),
    foreignKeys: sort(t.foreignKeys, (x) => at(x.columns)),
  };
}

/** `.primaryKey()`, with `{ autoIncrement: false }` where toSchema would otherwise make a lone integer key auto-increment. */
function primaryKeyCall(t: Table, c: Column): string {
  const lone = t.primaryKey?.columns.length === 1;
  const integerish = c.type.kind === 'integer' || c.type.kind === 'bigint';
  return lone && integerish && c.default === null && !c.autoIncrement ? '.primaryKey({ autoIncrement: false })' : '.primaryKey()';
}

/** The column whose default check name this is (`ck_<table>_<column>` or `…_<n>`), or null. */
function checkColumn(t: Table, name: string): number | null {
  let found: number | null = null;
  t.columns.forEach((c, i) => {
    const base = checkName(t.name, c.name);
    if (name === base) found = i;
    else if (found === null && name.startsWith(`${base}_`) && /^[1-9][0-9]*$/.test(name.slice(base.length + 1))) found = i;
  });
  return found;
}

/** `, { onDelete: 'cascade', name: '…' }`, or '' when everything is the default. */
function referenceOptions(fk: ForeignKey, defaultName: string): string {
  const parts: string[] = [];
  if (fk.onDelete !== 'no action') parts.push(`onDelete: ${tsString(fk.onDelete)}`);
  if (fk.onUpdate !== 'no action') parts.push(`onUpdate: ${tsString(fk.onUpdate)}`);
  if (fk.name !== defaultName) parts.push(`name: ${tsString(fk.name)}`);
  return parts.length ? `, { ${parts.join(', ')} }` : '';
}

/** Property names: the column name, or `_<name>` (then `.named()`) where an object key cannot be it. */
export function propertyNames(columns: readonly Column[]): Map<string, string> {
  const taken = new Set(columns.map((c) => c.name));
  const out = new Map<string, string>();
  for (const c of columns) {
    if (!needsOtherProperty(c.name)) {
      out.set(c.name, c.name);
      continue;
    }
    let prop = `_${c.name}`;
    while (taken.has(prop)) prop = `_${prop}`;
    taken.add(prop);
    out.set(c.name, prop);
  }
  return out;
}
