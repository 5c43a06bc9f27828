import { MigrationError } from '../errors.js';
import { keyColumns, renameKeyColumns } from '../schema/index-keys.js';
import type { Column, Schema, Table } from '../schema/ir.js';
import { makeSchema } from '../schema/ir.js';
import type { Constraint, NamedConstraint, Operation } from './operations.js';
import { assertNever } from './operations.js';

/**
 * The schema after `op`: pure, used to track the database's shape through a migration
 * (for planners that need the whole table, like SQLite's rebuild, and for offline SQL).
 * Throws MigrationError when the operation does not fit the schema.
 */
export function applyOperation(schema: Schema, op: Operation): Schema {
  const tables = [...schema.tables];
  const at = (name: string): number => {
    const i = tables.findIndex((t) => t.name === name);
    if (i < 0) throw new MigrationError(`${op.kind}: table '${name}' does not exist`);
    return i;
  };
  const update = (name: string, fn: (t: Table) => Table): Schema => {
    const i = at(name);
    tables[i] = fn(tables[i]!);
    return makeSchema(tables);
  };
  const column = (t: Table, name: string): Column => {
    const c = t.columns.find((x) => x.name === name);
    if (!c) throw new MigrationError(`${op.kind}: column '${t.name}.${name}' does not exist`);
    return c;
  };

  switch (op.kind) {
    case 'createTable':
      if (tables.some((t) => t.name === op.table.name)) throw new MigrationError(`createTable: table '${op.table.name}' already exists`);
      return makeSchema([...tables, op.table]);
    case 'dropTable':
      tables.splice(at(op.table.name), 1);
      return makeSchema(tables);
    case 'renameTable': {
      if (tables.some((t) => t.name === op.to)) throw new MigrationError(`renameTable: table '${op.to}' already exists`);
      const i = at(op.from);
      tables[i] = { ...tables[i]!, name: op.to };
      // Foreign keys elsewhere follow the rename, as the database does.
      return makeSchema(tables.map((t) => ({ ...t, foreignKeys: t.foreignKeys.map((f) => (f.refTable === op.from ? { ...f, refTable: op.to } : f)) })));
    }
    case 'addColumn':
      return update(op.table, (t) => {
        if (t.columns.some((c) => c.name === op.column.name)) throw new MigrationError(`addColumn: column '${t.name}.${op.column.name}' already exists`);
        return { ...t, columns: [...t.columns, op.column] };
      });
    case 'dropColumn':
      return update(op.table, (t) => {
        column(t, op.column.name);
        const keep = (cols: readonly string[]) => !cols.includes(op.column.name);
        return {
          ...t,
          columns: t.columns.filter((c) => c.name !== op.column.name),
          indexes: t.indexes.filter((i) => keep(keyColumns(i))),
          uniques: t.uniques.filter((u) => keep(u.columns)),
          foreignKeys: t.foreignKeys.filter((f) => keep(f.columns)),
        };
      });
    case 'alterColumn':
      return update(op.table, (t) => {
        column(t, op.before.name);
        return { ...t, columns: t.columns.map((c) => (c.name === op.before.name ? op.after : c)) };
      });
    case 'renameColumn':
      return makeSchema(
        tables.map((t, i) => {
          if (i === at(op.table)) {
            column(t, op.from);
            if (t.columns.some((c) => c.name === op.to)) throw new MigrationError(`renameColumn: column '${t.name}.${op.to}' already exists`);
            const r = (cols: readonly string[]) => cols.map((c) => (c === op.from ? op.to : c));
            return {
              ...t,
              columns: t.columns.map((c) => (c.name === op.from ? { ...c, name: op.to } : c)),
              primaryKey: t.primaryKey ? { ...t.primaryKey, columns: r(t.primaryKey.columns) } : null,
              indexes: t.indexes.map((x) => renameKeyColumns(x, (c) => (c === op.from ? op.to : c))),
              uniques: t.uniques.map((x) => ({ ...x, columns: r(x.columns) })),
              foreignKeys: t.foreignKeys.map((x) => ({ ...x, columns: r(x.columns) })),
            };
          }
          // References from other tables follow the rename.
          return {
            ...t,
            foreignKeys: t.foreignKeys.map((f) => (f.refTable === op.table ? { ...f, refColumns: f.refColumns.map((c) => (c === op.from ? op.to : c)) } : f)),
          };
        }),
      );
    case 'createIndex':
      return update(op.table, (t) => {
        if (t.indexes.some((i) => i.name === op.index.name)) throw new MigrationError(`createIndex: index '${op.index.name}' already exists on '${t.name}'`);
        return { ...t, indexes: [...t.indexes, op.index] };
      });
    case 'dropIndex':
      return update(op.table, (t) => {
        if (!t.indexes.some((i) => i.name === op.index.name)) throw new MigrationError(`dropIndex: no index '${op.index.name}' on '${t.name}'`);
        return { ...t, indexes: t.indexes.filter((i) => i.name !== op.index.name) };
      });
    case 'renameIndex':
      return update(op.table, (t) => {
        if (!t.indexes.some((i) => i.name === op.from)) throw new MigrationError(`renameIndex: no index '${op.from}' on '${t.name}'`);
        if (t.indexes.some((i) => i.name === op.to)) throw new MigrationError(`renameIndex: index '${op.to}' already exists on '${t.name}'`);
        return { ...t, indexes: t.indexes.map((i) => (i.name === op.from ? { ...i, name: op.to } : i)) };
      });
    case 'addConstraint':
      return update(op.table, (t) => addConstraint(t, op.constraint));
    case 'dropConstraint':
      return update(op.table, (t) => dropConstraint(t, op.constraint));
    case 'renameConstraint':
      return update(op.table, (t) => renameConstraint(t, op.constraint, op.to));
    case 'setTableComment':
      return update(op.table, (t) => ({ ...t, comment: op.after }));
    case 'createEnum':
    case 'dropEnum':
      // Enum types live in column types; the type itself has no place in the table IR.
      return schema;
    case 'alterEnum':
      return makeSchema(
        tables.map((t) => ({
          ...t,
          columns: t.columns.map((c) => (c.type.kind === 'enum' && c.type.name === op.before.name ? { ...c, type: { ...c.type, values: op.after.values } } : c)),
        })),
      );
    case 'execute':
    case 'bulkInsert':
      return schema;
    default:
      return assertNever(op);
  }
}

function addConstraint(t: Table, c: Constraint): Table {
  switch (c.type) {
    case 'primaryKey':
      if (t.primaryKey) throw new MigrationError(`addConstraint: table '${t.name}' already has a primary key`);
      return { ...t, primaryKey: { name: c.name, columns: c.columns } };
    case 'unique':
      return { ...t, uniques: [...t.uniques, { name: c.name, columns: c.columns }] };
    case 'check':
      return { ...t, checks: [...t.checks, { name: c.name, expression: c.expression }] };
    case 'foreignKey': {
      const { type: _type, ...fk } = c;
      return { ...t, foreignKeys: [...t.foreignKeys, fk] };
    }
    default:
      return assertNever(c, 'constraint');
  }
}

function dropConstraint(t: Table, c: Constraint): Table {
  const missing = (): never => {
    throw new MigrationError(`dropConstraint: no ${c.type} constraint '${c.name ?? '(primary key)'}' on '${t.name}'`);
  };
  switch (c.type) {
    case 'primaryKey':
      if (!t.primaryKey) missing();
      return { ...t, primaryKey: null };
    case 'unique':
      if (!t.uniques.some((u) => u.name === c.name)) missing();
      return { ...t, uniques: t.uniques.filter((u) => u.name !== c.name) };
    case 'check':
      if (!t.checks.some((x) => x.name === c.name)) missing();
      return { ...t, checks: t.checks.filter((x) => x.name !== c.name) };
    case 'foreignKey':
      if (!t.foreignKeys.some((x) => x.name === c.name)) missing();
      return { ...t, foreignKeys: t.foreignKeys.filter((x) => x.name !== c.name) };
    default:
      return assertNever(c, 'constraint');
  }
}

/** The table with constraint `c` (found by type and name, kept as the table has it) named `to`. */
function renameConstraint(t: Table, c: NamedConstraint, to: string): Table {
  if (findConstraint(t, to)) throw new MigrationError(`renameConstraint: constraint '${to}' already exists on '${t.name}'`);
  const rename = <T extends { readonly name: string }>(list: readonly T[]): T[] => {
    if (!list.some((x) => x.name === c.name)) throw new MigrationError(`renameConstraint: no ${c.type} constraint '${c.name}' on '${t.name}'`);
    return list.map((x) => (x.name === c.name ? { ...x, name: to } : x));
  };
  switch (c.type) {
    case 'unique':
      return { ...t, uniques: rename(t.uniques) };
    case 'check':
      return { ...t, checks: rename(t.checks) };
    case 'foreignKey':
      return { ...t, foreignKeys: rename(t.foreignKeys) };
    default:
      return assertNever(c, 'constraint');
  }
}

/** Finds a named constraint of any kind on a table (for `op.dropConstraint(table, name)`). */
export function findConstraint(t: Table, name: string): Constraint | undefined {
  const u = t.uniques.find((x) => x.name === name);
  if (u) return { type: 'unique', ...u };
  const c = t.checks.find((x) => x.name === name);
  if (c) return { type: 'check', ...c };
  const f = t.foreignKeys.find((x) => x.name === name);
  if (f) return { type: 'foreignKey', ...f };
  if (t.primaryKey && (t.primaryKey.name === name || name === 'PRIMARY' || name === `pk_${t.name}`)) return { type: 'primaryKey', ...t.primaryKey };
  return undefined;
}
