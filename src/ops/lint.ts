/**
 * Migration lint: destructive and data-dependent operations, with stable codes
 * documented in docs/lint-codes.md. Pure: row counts and the starting schema are given.
 */
import type { Dialect } from '../dialects/dialect.js';
import { keyLabel, leadingColumns } from '../schema/index-keys.js';
import type { ForeignKey, Schema, Table } from '../schema/ir.js';
import { findTable, makeSchema } from '../schema/ir.js';
import { applyOperation } from './apply.js';
import type { Operation, PlannedStatement } from './operations.js';
import { assertNever } from './operations.js';
import { FOREIGN_KEY_TYPE_CODE, foreignKeyTypeConflicts } from './lint-foreign-key-types.js';
import { classifyTypeChange, removedEnumValues, typeChangeLabel } from './type-change.js';

/** One lint finding; `code` is stable (docs/lint-codes.md). */
export interface LintFinding {
  /** Stable code, e.g. `ORM001`. */
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Index of the operation in the list. */
  readonly operation: number;
  /** The table concerned, when there is one. */
  readonly table?: string;
}

/** What lint may know besides the operations. */
export interface LintContext {
  readonly dialect: Dialect;
  /** Row counts of existing tables, when known (an empty table makes NOT NULL safe). */
  readonly rowCounts?: ReadonlyMap<string, number>;
  /**
   * The schema the operations apply to. With it, ORM006 checks foreign keys of existing
   * tables too; without it, only tables the operations create.
   */
  readonly schema?: Schema;
}

/** The codes `lint` reports; see docs/lint-codes.md. */
export const LINT_CODES = {
  dropTable: 'ORM001',
  dropColumn: 'ORM002',
  narrowingType: 'ORM003',
  notNullWithoutDefault: 'ORM004',
  uniqueOverExistingData: 'ORM005',
  foreignKeyWithoutIndex: 'ORM006',
  nonAtomicMigration: 'ORM007',
  irreversible: 'ORM008',
  outsideTransaction: 'ORM009',
  foreignKeyTypeMismatch: FOREIGN_KEY_TYPE_CODE,
} as const;

type Size = { readonly known: true; readonly rows: number } | { readonly known: false };

/**
 * Destructive and data-dependent operations, sorted by operation then code: drops
 * (ORM001, ORM002), narrowing changes (ORM003), NOT NULL without default (ORM004), unique
 * over existing data (ORM005), foreign keys without an index (ORM006), non-atomic
 * migrations (ORM007), irreversible operations (ORM008), steps that run outside the
 * migration's transaction (ORM009), foreign keys between types the database refuses
 * (ORM010). See docs/lint-codes.md.
 */
export function lint(ops: readonly Operation[], context: LintContext): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (code: string, severity: LintFinding['severity'], operation: number, message: string, table?: string) =>
    findings.push(table === undefined ? { code, severity, message, operation } : { code, severity, message, operation, table });

  // Tables created by these operations are empty; renames carry known row counts along.
  const created = new Set<string>();
  const originalName = new Map<string, string>();
  const sizeOf = (table: string): Size => {
    if (created.has(table)) return { known: true, rows: 0 };
    const n = context.rowCounts?.get(originalName.get(table) ?? table);
    return n === undefined ? { known: false } : { known: true, rows: n };
  };
  const hasRows = (s: Size) => !s.known || s.rows > 0;
  const rowsText = (s: Size) => (s.known ? `its ${s.rows} row${s.rows === 1 ? '' : 's'}` : 'every row it holds');

  ops.forEach((op, i) => {
    switch (op.kind) {
      case 'createTable':
        created.add(op.table.name);
        break;
      case 'dropTable': {
        const size = sizeOf(op.table.name);
        add(LINT_CODES.dropTable, size.known && size.rows === 0 ? 'info' : 'warning', i, `dropping table '${op.table.name}' deletes ${rowsText(size)}`, op.table.name);
        created.delete(op.table.name);
        break;
      }
      case 'renameTable':
        if (created.delete(op.from)) created.add(op.to);
        originalName.set(op.to, originalName.get(op.from) ?? op.from);
        break;
      case 'addColumn': {
        const c = op.column;
        const size = sizeOf(op.table);
        if (!c.nullable && c.default === null && !c.autoIncrement && hasRows(size)) {
          add(
            LINT_CODES.notNullWithoutDefault,
            size.known ? 'error' : 'warning',
            i,
            `adding NOT NULL column '${op.table}.${c.name}' without a default fails on ${size.known ? `a table with ${size.rows} rows` : 'a non-empty table'}: give it a default, or add it nullable, fill it, then make it NOT NULL`,
            op.table,
          );
        }
        break;
      }
      case 'dropColumn': {
        const size = sizeOf(op.table);
        if (hasRows(size)) add(LINT_CODES.dropColumn, 'warning', i, `dropping column '${op.table}.${op.column.name}' deletes its values in ${rowsText(size)}`, op.table);
        break;
      }
      case 'alterColumn': {
        const size = sizeOf(op.table);
        if (!hasRows(size)) break;
        if (classifyTypeChange(op.before.type, op.after.type) === 'narrowing') {
          add(
            LINT_CODES.narrowingType,
            'warning',
            i,
            `narrowing column '${op.table}.${op.before.name}' (${typeChangeLabel(op.before.type, op.after.type)}) can cut values or fail on existing rows`,
            op.table,
          );
        }
        if (op.before.nullable && !op.after.nullable) {
          add(LINT_CODES.notNullWithoutDefault, 'warning', i, `making column '${op.table}.${op.before.name}' NOT NULL fails if any existing row holds NULL: fill them first`, op.table);
        }
        break;
      }
      case 'alterEnum': {
        const removed = removedEnumValues(op.before.values, op.after.values);
        if (removed.length) {
          add(LINT_CODES.narrowingType, 'warning', i, `removing ${removed.map((v) => `'${v}'`).join(', ')} from enum '${op.before.name}' fails if rows hold them`);
        }
        break;
      }
      case 'createIndex':
        if (op.index.unique && hasRows(sizeOf(op.table))) {
          add(LINT_CODES.uniqueOverExistingData, 'warning', i, `unique index '${op.index.name}' on '${op.table}' (${op.index.keys.map(keyLabel).join(', ')}) fails if existing rows hold duplicates`, op.table);
        }
        break;
      case 'addConstraint':
        if ((op.constraint.type === 'unique' || op.constraint.type === 'primaryKey') && hasRows(sizeOf(op.table))) {
          const what = op.constraint.type === 'unique' ? `unique constraint '${op.constraint.name}'` : 'primary key';
          add(LINT_CODES.uniqueOverExistingData, 'warning', i, `${what} on '${op.table}' (${op.constraint.columns.join(', ')}) fails if existing rows hold duplicates`, op.table);
        }
        break;
      case 'execute':
        if (op.reverse === null) add(LINT_CODES.irreversible, 'info', i, 'raw SQL without a reverse: the downgrade must be written by hand');
        break;
      case 'bulkInsert':
        add(LINT_CODES.irreversible, 'info', i, `inserted rows of '${op.table}' are not removed by the downgrade`, op.table);
        break;
      case 'renameColumn':
      case 'dropIndex':
      case 'renameIndex':
      case 'dropConstraint':
      case 'renameConstraint':
      case 'setTableComment':
      case 'createEnum':
      case 'dropEnum':
        break;
      default:
        assertNever(op);
    }
  });

  findings.push(...unindexedForeignKeys(ops, context), ...outsideTransaction(ops, context), ...foreignKeyTypeConflicts(ops, context));

  const ddl = ops.filter((op) => op.kind !== 'bulkInsert');
  if (!context.dialect.capabilities.transactionalDdl && ddl.length > 1) {
    findings.push({
      code: LINT_CODES.nonAtomicMigration,
      severity: 'warning',
      operation: ops.indexOf(ddl[1]!),
      message: `this database commits each DDL statement on its own: if a later one of these ${ddl.length} operations fails, the earlier ones stay applied; prefer one change per migration`,
    });
  }
  return findings.sort((a, b) => a.operation - b.operation || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * ORM006: foreign keys the migration adds (or whose covering index it drops) that no
 * index, unique constraint or primary key starts with, in the schema the migration leads to.
 */
function unindexedForeignKeys(ops: readonly Operation[], context: LintContext): LintFinding[] {
  const touched: Array<{ table: string; fk: string; operation: number }> = [];
  // Without the starting schema only the tables these operations create are followed:
  // operations on other tables do not apply to an empty schema and are skipped.
  let schema = context.schema ?? makeSchema([]);
  for (const [i, op] of ops.entries()) {
    if (op.kind === 'createTable') {
      for (const fk of op.table.foreignKeys) touched.push({ table: op.table.name, fk: fk.name, operation: i });
    } else if (op.kind === 'addConstraint' && op.constraint.type === 'foreignKey') {
      touched.push({ table: op.table, fk: op.constraint.name, operation: i });
    } else if (op.kind === 'dropIndex' || (op.kind === 'dropConstraint' && (op.constraint.type === 'unique' || op.constraint.type === 'primaryKey'))) {
      for (const fk of findTable(schema, op.table)?.foreignKeys ?? []) touched.push({ table: op.table, fk: fk.name, operation: i });
    } else if (op.kind === 'renameTable') {
      for (const x of touched) if (x.table === op.from) x.table = op.to;
    } else if (op.kind === 'renameConstraint' && op.constraint.type === 'foreignKey') {
      for (const x of touched) if (x.table === op.table && x.fk === op.constraint.name) x.fk = op.to;
    }
    try {
      schema = applyOperation(schema, op);
    } catch {
      if (context.schema) return []; // the operations do not fit the schema: nothing sound to say
    }
  }
  const findings: LintFinding[] = [];
  const seen = new Set<string>();
  for (const { table, fk: name, operation } of touched) {
    const t = findTable(schema, table);
    const fk = t?.foreignKeys.find((f) => f.name === name);
    const key = `${table}\0${name}`;
    if (!t || !fk || seen.has(key) || isCovered(t, fk)) continue;
    seen.add(key);
    findings.push({
      code: LINT_CODES.foreignKeyWithoutIndex,
      severity: 'warning',
      operation,
      table,
      message: `foreign key '${fk.name}' on '${table}' (${fk.columns.join(', ')}) has no index: joins and cascading deletes scan the whole table; add .index() or t.index([...])`,
    });
  }
  return findings;
}

/**
 * ORM009: operations the dialect plans outside the migration's transaction (PostgreSQL's
 * CREATE/DROP INDEX CONCURRENTLY, ALTER TYPE … ADD VALUE) where DDL is otherwise
 * transactional: the migration is no longer atomic. Where no DDL is transactional,
 * ORM007 says so already.
 */
function outsideTransaction(ops: readonly Operation[], context: LintContext): LintFinding[] {
  const { dialect } = context;
  if (!dialect.capabilities.transactionalDdl) return [];
  const findings: LintFinding[] = [];
  let schema = context.schema ?? makeSchema([]);
  ops.forEach((op, i) => {
    let planned: PlannedStatement[] = [];
    try {
      planned = dialect.plan(op, { schema });
      schema = applyOperation(schema, op);
    } catch {
      // Not plannable against what is known here (no starting schema): nothing sound to say.
    }
    // Connection settings around the transaction (phase before/after: SQLite's foreign_keys) leave it whole.
    const alone = planned.find((p) => p.transactional === false && (p.phase ?? 'main') === 'main');
    if (!alone) return;
    const sql = alone.sql.replace(/\s+/g, ' ');
    findings.push({
      code: LINT_CODES.outsideTransaction,
      severity: 'warning',
      operation: i,
      ...('table' in op && typeof op.table === 'string' ? { table: op.table } : {}),
      message: `${sql.length > 80 ? `${sql.slice(0, 77)}...` : sql} cannot run in a transaction: the steps before it commit first, so if a later one fails the migration stays half applied (recorded as failed); put it in a migration of its own`,
    });
  });
  return findings;
}

/** True when an index, unique constraint or primary key starts with the key's columns (in any order). */
function isCovered(t: Table, fk: ForeignKey): boolean {
  const want = new Set(fk.columns);
  const leads = (cols: readonly string[]) => cols.length >= want.size && cols.slice(0, want.size).every((c) => want.has(c));
  return (
    t.indexes.some((i) => i.where === null && leads(leadingColumns(i))) || t.uniques.some((u) => leads(u.columns)) || (t.primaryKey !== null && leads(t.primaryKey.columns))
  );
}
