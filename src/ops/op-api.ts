import { MigrationError } from '../errors.js';
import type { AnyColumnBuilder, ReferenceOptions } from '../schema/columns.js';
import type { Column, Index, IndexKey, IndexKeyOptions, IndexOrder, ReferentialAction, Schema, Table } from '../schema/ir.js';
import { isOpclassName } from '../schema/index-keys.js';
import { findTable, freezeDeep } from '../schema/ir.js';
import type { ColumnsShape, TableBuilder, TableExtra, TableOptions } from '../schema/table.js';
import { tableDefinition } from '../schema/table.js';
import { definitionToIr } from '../schema/to-schema.js';
import { applyOperation, findConstraint } from './apply.js';
import type { Operation } from './operations.js';

/**
 * A key of `op.createIndex`: a column name (ascending), or a column or an expression with
 * its order, NULLs placement and operator class (the last two PostgreSQL's).
 */
export type IndexKeySpec =
  | string
  | ({ readonly column: string; readonly order?: IndexOrder } & IndexKeyOptions)
  | ({ readonly expression: string; readonly order?: IndexOrder } & IndexKeyOptions);

/** An operation with the schema it applies to (planners need the table as it was). */
export interface RecordedOperation {
  readonly op: Operation;
  readonly before: Schema;
}

/**
 * The `op` object handed to a migration's `upgrade(op)` / `downgrade(op)`. Each call
 * checks itself against the schema as it stands at that point, records a fully
 * described Operation (drops and alters carry their before-state) and moves the schema
 * on. Nothing runs here: the runner plans and executes the recorded operations.
 *
 * Column definitions use the model DSL: `op.addColumn('users', 'age', integer().default(18))`.
 */
export class MigrationOp {
  private state: Schema;
  private readonly log: RecordedOperation[] = [];

  constructor(schema: Schema) {
    this.state = schema;
  }

  /** The schema after the operations recorded so far. */
  get schema(): Schema {
    return this.state;
  }

  get recorded(): readonly RecordedOperation[] {
    return this.log;
  }

  get operations(): Operation[] {
    return this.log.map((r) => r.op);
  }

  /** Records an already-built operation (used by generated code paths and tests). */
  push(op: Operation): this {
    const before = this.state;
    this.state = applyOperation(before, op);
    this.log.push({ op, before });
    return this;
  }

  private table(name: string, what: string): Table {
    const t = findTable(this.state, name);
    if (!t) throw new MigrationError(`${what}: table '${name}' does not exist at this point of the migration`);
    return t;
  }

  private column(tableName: string, name: string, what: string): Column {
    const c = this.table(tableName, what).columns.find((x) => x.name === name);
    if (!c) throw new MigrationError(`${what}: column '${tableName}.${name}' does not exist at this point of the migration`);
    return c;
  }

  /** `op.createTable('users', { id: integer().primaryKey(), … }, (t) => [t.index(…)])`, as in a model. */
  createTable<C extends ColumnsShape>(name: string, columns: C, extras?: ((t: TableBuilder<C>) => readonly TableExtra[]) | TableOptions): this {
    // The table's IR straight from its definition: no model class, no one-table schema.
    const t = freezeDeep(definitionToIr(tableDefinition(name, columns, extras)));
    return this.push({ kind: 'createTable', table: t });
  }

  dropTable(name: string): this {
    return this.push({ kind: 'dropTable', table: this.table(name, 'dropTable') });
  }

  renameTable(from: string, to: string): this {
    this.table(from, 'renameTable');
    return this.push({ kind: 'renameTable', from, to });
  }

  /**
   * Adds a column. Column-level `.unique()`, `.index()`, `.check()` and `.references()`
   * become their own operations after the column.
   */
  addColumn(tableName: string, name: string, definition: AnyColumnBuilder): this {
    this.table(tableName, 'addColumn');
    const t = columnTable(tableName, name, definition);
    const column = t.columns[0]!;
    this.push({ kind: 'addColumn', table: tableName, column });
    for (const u of t.uniques) this.push({ kind: 'addConstraint', table: tableName, constraint: { type: 'unique', ...u } });
    for (const c of t.checks) this.push({ kind: 'addConstraint', table: tableName, constraint: { type: 'check', ...c } });
    for (const f of t.foreignKeys) this.push({ kind: 'addConstraint', table: tableName, constraint: { type: 'foreignKey', ...f } });
    for (const i of t.indexes) this.push({ kind: 'createIndex', table: tableName, index: i });
    return this;
  }

  dropColumn(tableName: string, name: string): this {
    return this.push({ kind: 'dropColumn', table: tableName, column: this.column(tableName, name, 'dropColumn') });
  }

  /**
   * Changes a column to the given definition (type, nullability, default, comment):
   * `op.alterColumn('users', 'age', bigint().notNull().default(0))`.
   */
  alterColumn(tableName: string, name: string, definition: AnyColumnBuilder): this {
    const before = this.column(tableName, name, 'alterColumn');
    const t = this.table(tableName, 'alterColumn');
    const parsed = columnTable(tableName, name, definition).columns[0]!;
    const inPk = t.primaryKey?.columns.includes(name) ?? false;
    const after: Column = { ...parsed, name, nullable: inPk ? false : parsed.nullable, autoIncrement: before.autoIncrement && parsed.type.kind === before.type.kind };
    return this.push({ kind: 'alterColumn', table: tableName, before, after });
  }

  renameColumn(tableName: string, from: string, to: string): this {
    this.column(tableName, from, 'renameColumn');
    return this.push({ kind: 'renameColumn', table: tableName, from, to });
  }

  /**
   * Creates an index. `concurrently`: build it without blocking writes to the table
   * (PostgreSQL's CREATE INDEX CONCURRENTLY), which cannot run in a transaction: the
   * runner commits the migration's earlier steps first, and lint reports it (ORM009).
   * Databases without the option (SQLite, MySQL) build the index as usual.
   * A key is a column name (ascending), `{ column, order: 'desc' }` or
   * `{ expression: 'lower(email)', order? }`, either with `nulls: 'first' | 'last'` and
   * `opclass: 'text_pattern_ops'`; `using` names the access method (`'gin'`), as in a model.
   */
  createIndex(
    tableName: string,
    name: string,
    keys: readonly IndexKeySpec[],
    options: { unique?: boolean; where?: string; using?: string; concurrently?: boolean } = {},
  ): this {
    const index: Index = {
      name,
      keys: keys.map((k) => this.indexKey(tableName, k)),
      unique: options.unique ?? false,
      where: options.where ?? null,
      ...(options.using !== undefined ? { using: options.using.toLowerCase() } : {}),
    };
    return this.push({ kind: 'createIndex', table: tableName, index, ...(options.concurrently ? { concurrently: true } : {}) });
  }

  private indexKey(tableName: string, key: IndexKeySpec): IndexKey {
    const spec: Record<string, unknown> | null = typeof key === 'string' ? { column: key } : typeof key === 'object' ? key : null;
    const column = spec?.column;
    const expression = spec?.expression;
    if (typeof column !== 'string' && (typeof expression !== 'string' || expression.trim() === '')) {
      throw new MigrationError(`createIndex: a key must be a column name, { column, order } or { expression, order }, got ${JSON.stringify(key)}`);
    }
    const order = spec!.order ?? 'asc';
    const label = typeof column === 'string' ? column : expression;
    if (order !== 'asc' && order !== 'desc') throw new MigrationError(`createIndex: key '${label}' has order ${JSON.stringify(order)}; use 'asc' or 'desc'`);
    const options = keySpecOptions(spec!, label as string);
    if (typeof column !== 'string') return { kind: 'expression', sql: (expression as string).trim(), order, ...options };
    this.column(tableName, column, 'createIndex');
    return { kind: 'column', column, order, ...options };
  }

  /** Drops an index; `concurrently` as for `createIndex` (DROP INDEX CONCURRENTLY). */
  dropIndex(tableName: string, name: string, options: { concurrently?: boolean } = {}): this {
    const index = this.table(tableName, 'dropIndex').indexes.find((i) => i.name === name);
    if (!index) throw new MigrationError(`dropIndex: no index '${name}' on '${tableName}'`);
    return this.push({ kind: 'dropIndex', table: tableName, index, ...(options.concurrently ? { concurrently: true } : {}) });
  }

  /**
   * Renames an index; its definition and its data stay (PostgreSQL ALTER INDEX … RENAME,
   * MySQL RENAME INDEX). SQLite cannot rename an index: it is dropped and created again.
   * A unique constraint of that name is renamed as such (see renameConstraint).
   */
  renameIndex(tableName: string, from: string, to: string): this {
    const t = this.table(tableName, 'renameIndex');
    if (t.indexes.some((i) => i.name === from)) return this.push({ kind: 'renameIndex', table: tableName, from, to });
    const unique = t.uniques.find((u) => u.name === from);
    if (unique) return this.push({ kind: 'renameConstraint', table: tableName, constraint: { type: 'unique', ...unique }, to });
    throw new MigrationError(`renameIndex: no index '${from}' on '${tableName}'`);
  }

  addUnique(tableName: string, name: string, columns: readonly string[]): this {
    for (const c of columns) this.column(tableName, c, 'addUnique');
    return this.push({ kind: 'addConstraint', table: tableName, constraint: { type: 'unique', name, columns: [...columns] } });
  }

  addCheck(tableName: string, name: string, expression: string): this {
    this.table(tableName, 'addCheck');
    return this.push({ kind: 'addConstraint', table: tableName, constraint: { type: 'check', name, expression } });
  }

  addForeignKey(
    tableName: string,
    name: string,
    columns: readonly string[],
    refTable: string,
    refColumns: readonly string[],
    options: Pick<ReferenceOptions, 'onDelete' | 'onUpdate'> = {},
  ): this {
    for (const c of columns) this.column(tableName, c, 'addForeignKey');
    if (columns.length !== refColumns.length) throw new MigrationError(`addForeignKey '${name}': ${columns.length} column(s) reference ${refColumns.length}`);
    const action = (a: ReferentialAction | undefined): ReferentialAction => a ?? 'no action';
    return this.push({
      kind: 'addConstraint',
      table: tableName,
      constraint: { type: 'foreignKey', name, columns: [...columns], refTable, refColumns: [...refColumns], onDelete: action(options.onDelete), onUpdate: action(options.onUpdate) },
    });
  }

  addPrimaryKey(tableName: string, columns: readonly string[], name: string | null = null): this {
    for (const c of columns) this.column(tableName, c, 'addPrimaryKey');
    return this.push({ kind: 'addConstraint', table: tableName, constraint: { type: 'primaryKey', name, columns: [...columns] } });
  }

  /** Drops a unique, check or foreign key constraint, or the primary key, by name. */
  dropConstraint(tableName: string, name: string): this {
    const constraint = findConstraint(this.table(tableName, 'dropConstraint'), name);
    if (!constraint) throw new MigrationError(`dropConstraint: no constraint '${name}' on '${tableName}'`);
    return this.push({ kind: 'dropConstraint', table: tableName, constraint });
  }

  /**
   * Renames a unique, check or foreign key constraint. PostgreSQL renames each in place
   * (a unique constraint's index with it), MySQL renames a unique key in place and drops
   * and adds a check or foreign key, SQLite rebuilds the table.
   */
  renameConstraint(tableName: string, from: string, to: string): this {
    const t = this.table(tableName, 'renameConstraint');
    const constraint = findConstraint(t, from);
    // MySQL reads a unique index back as a unique constraint, so its migrations may name
    // one for the other; both are an index there.
    if (!constraint && t.indexes.some((i) => i.name === from && i.unique)) return this.push({ kind: 'renameIndex', table: tableName, from, to });
    if (!constraint) throw new MigrationError(`renameConstraint: no constraint '${from}' on '${tableName}'`);
    if (constraint.type === 'primaryKey') throw new MigrationError(`renameConstraint: '${from}' is the primary key of '${tableName}', which is named after its table`);
    return this.push({ kind: 'renameConstraint', table: tableName, constraint, to });
  }

  dropPrimaryKey(tableName: string): this {
    const pk = this.table(tableName, 'dropPrimaryKey').primaryKey;
    if (!pk) throw new MigrationError(`dropPrimaryKey: table '${tableName}' has no primary key`);
    return this.push({ kind: 'dropConstraint', table: tableName, constraint: { type: 'primaryKey', ...pk } });
  }

  setTableComment(tableName: string, comment: string | null): this {
    const before = this.table(tableName, 'setTableComment').comment;
    return this.push({ kind: 'setTableComment', table: tableName, before, after: comment });
  }

  createEnum(name: string, values: readonly string[]): this {
    return this.push({ kind: 'createEnum', enum: { name, values: [...values] } });
  }

  /** Drops a named enum type; `values` are needed only when no column uses it any more. */
  dropEnum(name: string, values?: readonly string[]): this {
    const known = values ?? this.enumValues(name);
    if (!known) throw new MigrationError(`dropEnum('${name}'): give its values (op.dropEnum('${name}', […])) so the downgrade can recreate it`);
    return this.push({ kind: 'dropEnum', enum: { name, values: [...known] } });
  }

  /** Changes the values of a named enum type; `before` is read from the columns using it when omitted. */
  alterEnum(name: string, values: readonly string[], before?: readonly string[]): this {
    const old = before ?? this.enumValues(name);
    if (!old) throw new MigrationError(`alterEnum('${name}'): no column uses this enum; pass its current values as the third argument`);
    return this.push({ kind: 'alterEnum', before: { name, values: [...old] }, after: { name, values: [...values] } });
  }

  private enumValues(name: string): readonly string[] | undefined {
    for (const t of this.state.tables) for (const c of t.columns) if (c.type.kind === 'enum' && c.type.name === name) return c.type.values;
    return undefined;
  }

  /** Raw SQL. Give `reverse` to make it reversible in generated downgrades. */
  execute(sql: string, options: { reverse?: string } = {}): this {
    if (typeof sql !== 'string' || sql.trim() === '') throw new MigrationError('execute() needs a SQL string');
    return this.push({ kind: 'execute', sql, reverse: options.reverse ?? null });
  }

  /** Inserts rows (values are bound parameters): `op.bulkInsert('roles', [{ name: 'admin' }])`. */
  bulkInsert(tableName: string, rows: readonly Record<string, unknown>[]): this {
    const t = this.table(tableName, 'bulkInsert');
    for (const row of rows) {
      for (const key of Object.keys(row)) {
        if (!t.columns.some((c) => c.name === key)) throw new MigrationError(`bulkInsert: table '${tableName}' has no column '${key}'`);
      }
    }
    return this.push({ kind: 'bulkInsert', table: tableName, rows });
  }
}

/** The IR of one column definition, through a throwaway one-column table. */
function columnTable(tableName: string, name: string, definition: AnyColumnBuilder): Table {
  if (!definition || typeof definition !== 'object' || !('config' in definition)) {
    throw new MigrationError(`column '${tableName}.${name}': expected a column definition such as integer() or varchar(100)`);
  }
  return freezeDeep(definitionToIr(tableDefinition(tableName, { [name]: definition.named(name) })));
}

/** A key spec's `nulls` and `opclass`, checked (an operator class is a name: it is written into the SQL as is). */
function keySpecOptions(spec: Record<string, unknown>, label: string): IndexKeyOptions {
  const { nulls, opclass } = spec;
  if (nulls !== undefined && nulls !== 'first' && nulls !== 'last') throw new MigrationError(`createIndex: key '${label}' has nulls ${JSON.stringify(nulls)}; use 'first' or 'last'`);
  if (opclass !== undefined && !isOpclassName(opclass)) {
    throw new MigrationError(`createIndex: key '${label}' has opclass ${JSON.stringify(opclass)}; use an operator class name such as 'text_pattern_ops'`);
  }
  return { ...(nulls !== undefined ? { nulls } : {}), ...(isOpclassName(opclass) ? { opclass: opclass.toLowerCase() } : {}) };
}
