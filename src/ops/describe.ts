/**
 * One-line human descriptions of operations, for the autogenerate summary, `--sql`
 * headers and lint messages. Plain text: the CLI colours a line by `change` and marks
 * `destructive` ones.
 */
import { keyLabel } from '../schema/index-keys.js';
import type { Column, DefaultValue } from '../schema/ir.js';
import { defaultLabel, typeLabel } from '../schema/format.js';
import type { Constraint, Operation } from './operations.js';
import { assertNever } from './operations.js';
import { classifyTypeChange, removedEnumValues } from './type-change.js';

/** A human line for one operation. */
export interface OperationSummary {
  /** One line, e.g. `add column users.age (integer, default 18)`. */
  readonly text: string;
  /** Drops data or may fail on existing data. */
  readonly destructive: boolean;
  /** What kind of change, for colouring: `+` create, `-` drop, `~` alter, `>` rename, `*` data or raw SQL. */
  readonly change?: 'create' | 'drop' | 'alter' | 'rename' | 'data';
}

const line = (text: string, change: NonNullable<OperationSummary['change']>, destructive = false): OperationSummary => ({ text, destructive, change });
const list = (names: readonly string[]): string => names.join(', ');
const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${n === 1 ? word : words}`;

/** One line describing `op`, e.g. `add column users.age (integer, NOT NULL, default 18)`; destructive ones marked. */
export function describeOperation(op: Operation): OperationSummary {
  switch (op.kind) {
    case 'createTable': {
      const t = op.table;
      const parts = [plural(t.columns.length, 'column')];
      if (t.indexes.length) parts.push(plural(t.indexes.length, 'index', 'indexes'));
      if (t.foreignKeys.length) parts.push(plural(t.foreignKeys.length, 'foreign key'));
      return line(`create table ${t.name} (${parts.join(', ')})`, 'create');
    }
    case 'dropTable':
      return line(`drop table ${op.table.name} (${plural(op.table.columns.length, 'column')})`, 'drop', true);
    case 'renameTable':
      return line(`rename table ${op.from} → ${op.to}`, 'rename');
    case 'addColumn': {
      const c = op.column;
      const refused = !c.nullable && c.default === null && !c.autoIncrement;
      return line(`add column ${op.table}.${c.name} (${columnLabel(c)})`, 'create', refused);
    }
    case 'dropColumn':
      return line(`drop column ${op.table}.${op.column.name}`, 'drop', true);
    case 'alterColumn': {
      const { before: b, after: a } = op;
      const changes: string[] = [];
      if (classifyTypeChange(b.type, a.type) !== 'same') changes.push(`type ${typeLabel(b.type)} → ${typeLabel(a.type)}`);
      if (b.nullable !== a.nullable) changes.push(a.nullable ? 'NOT NULL → nullable' : 'nullable → NOT NULL');
      if (defaultText(b.default) !== defaultText(a.default)) changes.push(`default ${defaultText(b.default)} → ${defaultText(a.default)}`);
      if (b.autoIncrement !== a.autoIncrement) changes.push(a.autoIncrement ? 'auto-increment on' : 'auto-increment off');
      if (b.comment !== a.comment) changes.push(a.comment === null ? 'comment removed' : `comment ${quote(a.comment)}`);
      const destructive = classifyTypeChange(b.type, a.type) === 'narrowing' || (b.nullable && !a.nullable);
      return line(`alter column ${op.table}.${b.name}: ${changes.join(', ') || 'no visible change'}`, 'alter', destructive);
    }
    case 'renameColumn':
      return line(`rename column ${op.table}.${op.from} → ${op.to}`, 'rename');
    case 'createIndex': {
      const i = op.index;
      return line(`create ${i.unique ? 'unique ' : ''}index ${i.name}${op.concurrently ? ' concurrently' : ''} on ${op.table}${i.using !== undefined ? ` using ${i.using}` : ''} (${i.keys.map(keyLabel).join(', ')})${i.where ? ` where ${i.where}` : ''}`, 'create', i.unique);
    }
    case 'dropIndex':
      return line(`drop ${op.index.unique ? 'unique ' : ''}index ${op.index.name}${op.concurrently ? ' concurrently' : ''} on ${op.table}`, 'drop');
    case 'renameIndex':
      return line(`rename index ${op.from} → ${op.to} on ${op.table}`, 'rename');
    case 'addConstraint':
      return line(`add ${constraintLabel(op.table, op.constraint)}`, 'create', op.constraint.type === 'unique' || op.constraint.type === 'primaryKey');
    case 'dropConstraint':
      return line(`drop ${constraintLabel(op.table, op.constraint)}`, 'drop');
    case 'renameConstraint':
      return line(`rename ${CONSTRAINT_WORDS[op.constraint.type]} ${op.constraint.name} → ${op.to} on ${op.table}`, 'rename');
    case 'setTableComment':
      return line(op.after === null ? `remove the comment of table ${op.table}` : `set the comment of table ${op.table} to ${quote(op.after)}`, 'alter');
    case 'createEnum':
      return line(`create enum ${op.enum.name} (${op.enum.values.map(quote).join(', ')})`, 'create');
    case 'dropEnum':
      return line(`drop enum ${op.enum.name}`, 'drop');
    case 'alterEnum': {
      const added = removedEnumValues(op.after.values, op.before.values);
      const removed = removedEnumValues(op.before.values, op.after.values);
      const parts = [...added.map((v) => `add ${quote(v)}`), ...removed.map((v) => `remove ${quote(v)}`)];
      return line(`alter enum ${op.before.name}: ${parts.join(', ') || 'reorder values'}`, 'alter', removed.length > 0);
    }
    case 'execute': {
      const lines = op.sql.trim().split('\n');
      const first = lines[0]!.trim();
      const more = lines.length > 1 ? ` (+${plural(lines.length - 1, 'line')})` : '';
      return line(`execute SQL: ${first.length > 72 ? `${first.slice(0, 71)}…` : first}${more}${op.reverse === null ? '' : ' (reversible)'}`, 'data');
    }
    case 'bulkInsert':
      return line(`insert ${plural(op.rows.length, 'row')} into ${op.table}`, 'data');
    default:
      return assertNever(op);
  }
}

/** `integer, NOT NULL, default 18`: a column definition in words. */
export function columnLabel(c: Column): string {
  const parts = [typeLabel(c.type)];
  if (!c.nullable) parts.push('NOT NULL');
  if (c.default) parts.push(`default ${defaultText(c.default)}`);
  if (c.autoIncrement) parts.push('auto-increment');
  return parts.join(', ');
}

function constraintLabel(table: string, c: Constraint): string {
  switch (c.type) {
    case 'primaryKey':
      return `primary key${c.name ? ` ${c.name}` : ''} on ${table} (${list(c.columns)})`;
    case 'unique':
      return `unique constraint ${c.name} on ${table} (${list(c.columns)})`;
    case 'check':
      return `check ${c.name} on ${table}: ${c.expression}`;
    case 'foreignKey': {
      const actions = [c.onDelete !== 'no action' ? `on delete ${c.onDelete}` : '', c.onUpdate !== 'no action' ? `on update ${c.onUpdate}` : ''].filter(Boolean);
      return `foreign key ${c.name} on ${table} (${list(c.columns)}) → ${c.refTable} (${list(c.refColumns)})${actions.length ? `, ${actions.join(', ')}` : ''}`;
    }
    default:
      return assertNever(c, 'constraint');
  }
}

const CONSTRAINT_WORDS: Record<Constraint['type'], string> = { unique: 'unique constraint', check: 'check', foreignKey: 'foreign key', primaryKey: 'primary key' };

const defaultText = (d: DefaultValue | null): string => (d === null ? 'none' : defaultLabel(d));
const quote = (s: string): string => `'${s.replace(/\n/g, '\\n')}'`;
