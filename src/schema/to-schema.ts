import { ModelError } from '../errors.js';
import type { ColumnRef } from './column-ref.js';
import { isColumnRef } from './column-ref.js';
import type { AnyColumnBuilder } from './columns.js';
import { columnKeys, hasExpressionKey, keyColumns } from './index-keys.js';
import { indexPartsToKeys } from './index-parts.js';
import type { CheckConstraint, Column, ForeignKey, Index, LiteralValue, PrimaryKey, Schema, Table, UniqueConstraint } from './ir.js';
import { makeSchema } from './ir.js';
import { checkName, foreignKeyName, indexName, uniqueName } from './naming.js';
import type { AnyModel, TableDefinition, TableExtra } from './table.js';
import { isModel, modelDefinition } from './table.js';

/** Converts model classes into the schema IR. Throws `ModelError` naming the table and column. */
export function toSchema(models: readonly AnyModel[]): Schema {
  const seen = new Map<string, AnyModel>();
  const tables: Table[] = [];
  for (const model of models) {
    if (!isModel(model)) throw new ModelError(`toSchema(): expected models made by table(), got ${typeof model}`);
    const name = model.tableName;
    const previous = seen.get(name);
    if (previous === model) continue;
    if (previous) throw new ModelError(`table '${name}' is defined twice (by ${previous.name} and ${model.name})`, { table: name });
    seen.set(name, model);
    tables.push(tableToIr(model));
  }
  return makeSchema(tables);
}

/** Rename decisions declared on models with `renamedFrom`, read by autogenerate. */
export interface RenameHints {
  /** new table name → old table name */
  readonly tables: ReadonlyMap<string, string>;
  /** table name (new) → (new column name → old column name) */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export function renameHints(models: readonly AnyModel[]): RenameHints {
  const tables = new Map<string, string>();
  const columns = new Map<string, Map<string, string>>();
  for (const model of models) {
    const def = modelDefinition(model);
    if (def.options.renamedFrom) tables.set(def.name, def.options.renamedFrom);
    for (const [prop, builder] of Object.entries(def.columns)) {
      const from = builder.config.renamedFrom;
      if (!from) continue;
      let map = columns.get(def.name);
      if (!map) columns.set(def.name, (map = new Map()));
      map.set(builder.config.sqlName ?? prop, from);
    }
  }
  return { tables, columns };
}

function tableToIr(model: AnyModel): Table {
  return definitionToIr(modelDefinition(model));
}

/** The IR of one table definition (`tableDefinition` or a model's); not frozen. */
export function definitionToIr(def: TableDefinition): Table {
  const t = def.name;
  const fail = (message: string, column?: string): never => {
    throw new ModelError(`table '${t}'${column ? `, column '${column}'` : ''}: ${message}`, { table: t, column });
  };

  const columns: Column[] = [];
  const pkColumns: string[] = [];
  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  const checks: CheckConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  const sqlNames = new Set<string>();

  for (const [prop, builder] of Object.entries(def.columns) as [string, AnyColumnBuilder][]) {
    const cfg = builder.config;
    const name = cfg.sqlName ?? prop;
    if (sqlNames.has(name)) fail(`two properties map to the same column name '${name}'`, name);
    sqlNames.add(name);
    if (cfg.primaryKey) pkColumns.push(name);
    if (cfg.default?.kind === 'literal') checkLiteral(cfg.type.kind, cfg.default.value, (m) => fail(m, name));
    if (cfg.type.kind === 'enum' && (cfg.type.values.length === 0 || new Set(cfg.type.values).size !== cfg.type.values.length)) {
      fail(`enumType('${cfg.type.name}') needs at least one value and no duplicates`, name);
    }
    if (cfg.type.kind === 'varchar' && cfg.type.length !== null && !(Number.isInteger(cfg.type.length) && cfg.type.length > 0)) {
      fail(`varchar length must be a positive integer, got ${cfg.type.length}`, name);
    }
    columns.push({
      name,
      type: cfg.type,
      nullable: cfg.primaryKey ? false : (cfg.nullable ?? true),
      default: cfg.default,
      autoIncrement: false, // decided below, once the whole primary key is known
      comment: cfg.comment,
    });
    if (cfg.unique) uniques.push({ name: cfg.unique.name ?? uniqueName(t, [name]), columns: [name] });
    if (cfg.index) indexes.push({ name: cfg.index.name ?? indexName(t, [name]), keys: columnKeys([name]), unique: false, where: null });
    cfg.checks.forEach((check, i) => {
      checks.push({ name: check.name ?? (i === 0 ? checkName(t, name) : `${checkName(t, name)}_${i + 1}`), expression: check.expression });
    });
    if (cfg.references) {
      const target = resolveTarget(cfg.references.target, (m) => fail(m, name));
      const o = cfg.references.options;
      foreignKeys.push({
        name: o.name ?? foreignKeyName(t, [name], target.table),
        columns: [name],
        refTable: target.table,
        refColumns: [target.column],
        onDelete: o.onDelete ?? 'no action',
        onUpdate: o.onUpdate ?? 'no action',
      });
    }
  }

  let primaryKey: PrimaryKey | null = pkColumns.length > 0 ? { name: null, columns: pkColumns } : null;
  /** `autoIncrement` of a table-level `t.primaryKey(…)`, when it says. */
  let pkAutoIncrement: boolean | null = null;

  let extras: readonly TableExtra[];
  try {
    extras = def.extras();
  } catch (err) {
    return fail(`the table-level definitions callback threw: ${(err as Error).message}`);
  }
  if (!Array.isArray(extras)) fail('the third argument of table() must return an array, e.g. (t) => [t.index(...)]');
  const columnsOf = (refs: readonly ColumnRef[], what: string): string[] => {
    if (!Array.isArray(refs) || refs.length === 0) return fail(`${what} needs a non-empty array of columns (t.c.<name>)`);
    return refs.map((ref) => {
      if (!isColumnRef(ref)) return fail(`${what} lists something that is not a column of this table; use t.c.<name>`);
      if (ref.table !== t || !sqlNames.has(ref.column)) return fail(`${what} refers to unknown column '${ref.table}.${ref.column}'`);
      return ref.column;
    });
  };
  const columnOf = (ref: unknown): string => columnsOf([ref as ColumnRef], 'an index')[0]!;

  for (const extra of extras) {
    switch (extra?.kind) {
      case 'index': {
        const keys = indexPartsToKeys(extra.columns, columnOf, fail);
        if (extra.name === null && hasExpressionKey({ keys })) fail(`an index with an expression key (t.expr) needs a name: t.index('name', [...])`);
        const name = extra.name ?? indexName(t, keyColumns({ keys }));
        const using = extra.using === null ? null : String(extra.using).toLowerCase();
        if (using !== null && !/^[a-z_][a-z0-9_]*$/.test(using)) fail(`index '${name}': using ${JSON.stringify(extra.using)} is not an access method name (btree, hash, gin, gist, brin, …)`);
        indexes.push({ name, keys, unique: extra.unique, where: extra.where, ...(using !== null ? { using } : {}) });
        break;
      }
      case 'unique': {
        const cols = columnsOf(extra.columns, 'a unique constraint');
        uniques.push({ name: extra.name ?? uniqueName(t, cols), columns: cols });
        break;
      }
      case 'check':
        if (!extra.name || !extra.expression) fail("t.check(name, expression) needs both a name and an expression");
        checks.push({ name: extra.name, expression: extra.expression });
        break;
      case 'primaryKey': {
        if (pkColumns.length > 0) fail('has both column-level .primaryKey() and t.primaryKey([...]); use one');
        const cols = columnsOf(extra.columns, 'the primary key');
        primaryKey = { name: extra.name, columns: cols };
        if (extra.autoIncrement !== null && cols.length !== 1) fail('t.primaryKey([...], name, { autoIncrement }) needs a one-column key');
        pkAutoIncrement = extra.autoIncrement;
        for (const c of cols) {
          const i = columns.findIndex((col) => col.name === c);
          columns[i] = { ...columns[i]!, nullable: false };
        }
        break;
      }
      case 'foreignKey': {
        const cols = columnsOf(extra.columns, 'a foreign key');
        let targets: readonly ColumnRef[];
        try {
          targets = extra.target();
        } catch (err) {
          return fail(`the foreign key target callback threw: ${(err as Error).message}`);
        }
        if (!Array.isArray(targets) || targets.length !== cols.length || !targets.every(isColumnRef)) {
          fail(`foreign key (${cols.join(', ')}) must reference the same number of columns (Model.c.<name>)`);
        }
        const refTable = targets[0]!.table;
        if (!targets.every((r) => r.table === refTable)) fail(`foreign key (${cols.join(', ')}) references columns of several tables`);
        foreignKeys.push({
          name: extra.name ?? foreignKeyName(t, cols, refTable),
          columns: cols,
          refTable,
          refColumns: targets.map((r) => r.column),
          onDelete: extra.options.onDelete ?? 'no action',
          onUpdate: extra.options.onUpdate ?? 'no action',
        });
        break;
      }
      default:
        fail(`the table-level definitions callback returned something that is not t.index/t.unique/t.check/t.primaryKey/t.foreignKey`);
    }
  }

  // A lone integer primary key is the database's auto-increment key unless turned off.
  if (primaryKey && primaryKey.columns.length === 1) {
    const i = columns.findIndex((c) => c.name === primaryKey!.columns[0]);
    const col = columns[i]!;
    const explicit = findConfig(def.columns, col.name)?.autoIncrement ?? pkAutoIncrement;
    const integerish = col.type.kind === 'integer' || col.type.kind === 'bigint';
    if (explicit === true && !integerish) fail('autoIncrement needs an integer or bigint column', col.name);
    if (integerish && explicit !== false && col.default === null) columns[i] = { ...col, autoIncrement: true };
  }

  assertUniqueNames(t, [...indexes, ...uniques, ...checks, ...foreignKeys].map((x) => x.name), fail);

  return {
    name: t,
    columns,
    primaryKey,
    indexes,
    uniques,
    checks,
    foreignKeys,
    comment: def.options.comment ?? null,
  };
}

function findConfig(columns: Readonly<Record<string, AnyColumnBuilder>>, sqlName: string) {
  for (const [prop, b] of Object.entries(columns)) if ((b.config.sqlName ?? prop) === sqlName) return b.config;
  return undefined;
}

function resolveTarget(target: (() => ColumnRef) | string, fail: (m: string) => never): { table: string; column: string } {
  if (typeof target === 'string') {
    const dot = target.lastIndexOf('.');
    if (dot <= 0 || dot === target.length - 1) return fail(`.references('${target}') must name 'table.column'`);
    return { table: target.slice(0, dot), column: target.slice(dot + 1) };
  }
  let ref: unknown;
  try {
    ref = target();
  } catch (err) {
    return fail(`the .references() callback threw: ${(err as Error).message}`);
  }
  if (!isColumnRef(ref)) return fail('.references() must return a column, e.g. .references(() => User.c.id)');
  return ref;
}

function assertUniqueNames(table: string, names: string[], fail: (m: string) => never): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) fail(`two indexes or constraints are named '${n}' in table '${table}'`);
    seen.add(n);
  }
}

function checkLiteral(kind: string, value: LiteralValue, fail: (m: string) => never): void {
  if (value === null) return;
  const t = typeof value;
  const ok =
    kind === 'json' ||
    kind === 'custom' ||
    ((kind === 'integer' || kind === 'bigint') && t === 'number' && Number.isInteger(value)) ||
    ((kind === 'real' || kind === 'numeric') && (t === 'number' || (t === 'string' && /^-?\d+(\.\d+)?$/.test(value as string)))) ||
    (kind === 'boolean' && t === 'boolean') ||
    ((kind === 'text' || kind === 'varchar' || kind === 'uuid' || kind === 'enum' || kind === 'date' || kind === 'timestamp') && t === 'string');
  if (!ok) fail(`default(${JSON.stringify(value)}) does not fit a ${kind} column`);
}
