/**
 * One operation as one `op.*` call of the migration API (src/ops/op-api.ts), written so
 * that executing it through `MigrationOp` records the same operation again.
 */
import type { Constraint, Operation } from '../ops/operations.js';
import { assertNever } from '../ops/operations.js';
import type { ForeignKey, IndexKey, Table } from '../schema/ir.js';
import { columnDefinitionSource } from './column-source.js';
import { tableSource } from './table-source.js';
import type { Imports } from './ts-source.js';
import { tsString, tsText, tsValue } from './ts-source.js';

/** Migration files name foreign key targets as text: `.references('users.id')`. */
function migrationReferences(imports: Imports) {
  const columnRef = (table: string, column: string) => `new ${imports.value('ColumnRef')}(${tsString(table)}, ${tsString(column)}, ${tsString(column)})`;
  return {
    // 'table.column' is split at its last dot: a column name with a dot needs a reference.
    single: (fk: ForeignKey) => (fk.refColumns[0]!.includes('.') ? `() => ${columnRef(fk.refTable, fk.refColumns[0]!)}` : tsString(`${fk.refTable}.${fk.refColumns[0]!}`)),
    composite: (fk: ForeignKey) => `() => [${fk.refColumns.map((c) => columnRef(fk.refTable, c)).join(', ')}]`,
  };
}

const strings = (names: readonly string[]) => `[${names.map(tsString).join(', ')}]`;
/** Keys as `op.createIndex` takes them: plain ascending columns as names. */
const indexKeysSource = (keys: readonly IndexKey[]) => `[${keys.map(indexKeySource).join(', ')}]`;
function indexKeySource(k: IndexKey): string {
  const said = [
    k.order === 'asc' ? '' : `, order: ${tsString(k.order)}`,
    k.nulls !== undefined ? `, nulls: ${tsString(k.nulls)}` : '',
    k.opclass !== undefined ? `, opclass: ${tsString(k.opclass)}` : '',
  ].join('');
  if (k.kind === 'expression') return `{ expression: ${tsString(k.sql)}${said} }`;
  return said ? `{ column: ${tsString(k.column)}${said} }` : tsString(k.column);
}
const call = (method: string, ...args: string[]) => [`op.${method}(${args.join(', ')});`];

/** Source lines (unindented) of the call for one operation. */
export function operationSource(op: Operation, imports: Imports): string[] {
  switch (op.kind) {
    case 'createTable':
      return createTableSource(op.table, imports);
    case 'dropTable':
      return call('dropTable', tsString(op.table.name));
    case 'renameTable':
      return call('renameTable', tsString(op.from), tsString(op.to));
    case 'addColumn':
      return call('addColumn', tsString(op.table), tsString(op.column.name), columnDefinitionSource(op.column, imports, { autoIncrement: true }));
    case 'dropColumn':
      return call('dropColumn', tsString(op.table), tsString(op.column.name));
    case 'alterColumn':
      return call('alterColumn', tsString(op.table), tsString(op.before.name), columnDefinitionSource(op.after, imports, { autoIncrement: false }));
    case 'renameColumn':
      return call('renameColumn', tsString(op.table), tsString(op.from), tsString(op.to));
    case 'createIndex': {
      const options = [
        op.index.unique ? 'unique: true' : '',
        op.index.where !== null ? `where: ${tsString(op.index.where)}` : '',
        op.index.using !== undefined ? `using: ${tsString(op.index.using)}` : '',
        op.concurrently ? 'concurrently: true' : '',
      ].filter(Boolean);
      return call('createIndex', tsString(op.table), tsString(op.index.name), indexKeysSource(op.index.keys), ...(options.length ? [`{ ${options.join(', ')} }`] : []));
    }
    case 'dropIndex':
      return call('dropIndex', tsString(op.table), tsString(op.index.name), ...(op.concurrently ? ['{ concurrently: true }'] : []));
    case 'renameIndex':
      return call('renameIndex', tsString(op.table), tsString(op.from), tsString(op.to));
    case 'addConstraint':
      return addConstraintSource(op.table, op.constraint);
    case 'dropConstraint':
      return op.constraint.type === 'primaryKey' ? call('dropPrimaryKey', tsString(op.table)) : call('dropConstraint', tsString(op.table), tsString(op.constraint.name));
    case 'renameConstraint':
      return call('renameConstraint', tsString(op.table), tsString(op.constraint.name), tsString(op.to));
    case 'setTableComment':
      return call('setTableComment', tsString(op.table), op.after === null ? 'null' : tsString(op.after));
    case 'createEnum':
      return call('createEnum', tsString(op.enum.name), strings(op.enum.values));
    case 'dropEnum':
      return call('dropEnum', tsString(op.enum.name), strings(op.enum.values));
    case 'alterEnum':
      return call('alterEnum', tsString(op.before.name), strings(op.after.values), strings(op.before.values));
    case 'execute':
      return call('execute', tsText(op.sql), ...(op.reverse === null ? [] : [`{ reverse: ${tsText(op.reverse)} }`]));
    case 'bulkInsert':
      return bulkInsertSource(op.table, op.rows);
    default:
      return assertNever(op);
  }
}

function addConstraintSource(table: string, c: Constraint): string[] {
  switch (c.type) {
    case 'primaryKey':
      return call('addPrimaryKey', tsString(table), strings(c.columns), ...(c.name !== null ? [tsString(c.name)] : []));
    case 'unique':
      return call('addUnique', tsString(table), tsString(c.name), strings(c.columns));
    case 'check':
      return call('addCheck', tsString(table), tsString(c.name), tsString(c.expression));
    case 'foreignKey': {
      const actions = [c.onDelete !== 'no action' ? `onDelete: ${tsString(c.onDelete)}` : '', c.onUpdate !== 'no action' ? `onUpdate: ${tsString(c.onUpdate)}` : ''].filter(Boolean);
      return call('addForeignKey', tsString(table), tsString(c.name), strings(c.columns), tsString(c.refTable), strings(c.refColumns), ...(actions.length ? [`{ ${actions.join(', ')} }`] : []));
    }
    default:
      return assertNever(c, 'constraint');
  }
}

/**
 * `op.createTable('users', { … }, (t) => [ … ])`. op.createTable takes the extras
 * callback or the table options, not both: a table with a comment and extras gets its
 * comment from an op.setTableComment right after.
 */
function createTableSource(t: Table, imports: Imports): string[] {
  const src = tableSource(t, { imports, references: migrationReferences(imports), primaryKeyName: true, comments: true, exactOrder: true });
  const lines = [`op.createTable(${tsString(t.name)}, {`, ...src.columns.map((c) => `  ${c},`)];
  if (src.extras.length) {
    lines.push('}, (t) => [', ...src.extras.map((x) => `  ${x},`), ']);');
    if (t.comment !== null) lines.push(...call('setTableComment', tsString(t.name), tsString(t.comment)));
  } else if (t.comment !== null) {
    lines.push(`}, { comment: ${tsString(t.comment)} });`);
  } else {
    lines.push('});');
  }
  return lines;
}

function bulkInsertSource(table: string, rows: readonly Readonly<Record<string, unknown>>[]): string[] {
  if (rows.length <= 1) return call('bulkInsert', tsString(table), `[${rows.map(tsValue).join(', ')}]`);
  return [`op.bulkInsert(${tsString(table)}, [`, ...rows.map((r) => `  ${tsValue(r)},`), ']);'];
}
