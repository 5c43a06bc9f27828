/**
 * ORM010: foreign keys the database will refuse because the two columns' types do not
 * match (MySQL/MariaDB: INT against BIGINT; PostgreSQL: integer against varchar). The
 * dialect says which pairs it refuses (`Dialect.foreignKeyTypeProblem`); this finds the
 * foreign keys a migration adds, or whose columns it changes the type of, and judges them
 * in the schema the migration leads to. Caught here, the migration is fixed before it
 * runs: on MySQL, where DDL is not transactional, a refused key half-way through leaves
 * the earlier steps applied.
 */
import type { Dialect } from '../dialects/dialect.js';
import { sameType } from '../diff/columns.js';
import type { ForeignKey, Schema, Table } from '../schema/ir.js';
import { findTable, makeSchema } from '../schema/ir.js';
import { applyOperation } from './apply.js';
import type { LintContext, LintFinding } from './lint.js';
import type { Operation } from './operations.js';

export const FOREIGN_KEY_TYPE_CODE = 'ORM010';

export function foreignKeyTypeConflicts(ops: readonly Operation[], context: LintContext): LintFinding[] {
  // Only new foreign keys and type changes can make one: most migrations are skipped at once.
  if (!context.dialect.foreignKeyTypeProblem || !ops.some((op) => op.kind === 'createTable' || op.kind === 'addConstraint' || op.kind === 'alterColumn')) return [];
  const touched: Array<{ table: string; fk: string; operation: number }> = [];
  const touch = (table: string, fk: ForeignKey, operation: number) => touched.push({ table, fk: fk.name, operation });
  let schema: Schema = context.schema ?? makeSchema([]);
  for (const [i, op] of ops.entries()) {
    try {
      schema = applyOperation(schema, op);
    } catch {
      // Without the starting schema, operations on other tables do not apply: skipped.
      if (context.schema) return [];
      continue;
    }
    if (op.kind === 'createTable') {
      for (const fk of op.table.foreignKeys) touch(op.table.name, fk, i);
    } else if (op.kind === 'addConstraint' && op.constraint.type === 'foreignKey') {
      touch(op.table, op.constraint, i);
    } else if (op.kind === 'alterColumn' && !sameType(op.before.type, op.after.type)) {
      const column = op.after.name;
      for (const t of schema.tables) {
        for (const fk of t.foreignKeys) {
          if ((t.name === op.table && fk.columns.includes(column)) || (fk.refTable === op.table && fk.refColumns.includes(column))) touch(t.name, fk, i);
        }
      }
    } else if (op.kind === 'renameTable') {
      for (const x of touched) if (x.table === op.from) x.table = op.to;
    } else if (op.kind === 'renameConstraint' && op.constraint.type === 'foreignKey') {
      for (const x of touched) if (x.table === op.table && x.fk === op.constraint.name) x.fk = op.to;
    }
  }
  const findings: LintFinding[] = [];
  const seen = new Set<string>();
  for (const { table, fk: name, operation } of touched) {
    const t = findTable(schema, table);
    const fk = t?.foreignKeys.find((f) => f.name === name);
    const ref = fk ? findTable(schema, fk.refTable) : undefined;
    const key = `${table}\0${name}`;
    if (!t || !fk || !ref || seen.has(key)) continue;
    seen.add(key);
    for (const message of foreignKeyTypeProblems(context.dialect, t, fk, ref)) {
      findings.push({ code: FOREIGN_KEY_TYPE_CODE, severity: 'error', operation, table, message });
    }
  }
  return findings;
}

/**
 * What the database would refuse in foreign key `fk` of `table` referencing `ref`, one
 * message per column pair (`foreign key 'fk' (t.c → r.c): …`); empty when it accepts it.
 */
export function foreignKeyTypeProblems(dialect: Dialect, table: Table, fk: ForeignKey, ref: Table): string[] {
  const judge = dialect.foreignKeyTypeProblem;
  if (!judge) return [];
  const messages: string[] = [];
  fk.columns.forEach((name, k) => {
    const column = table.columns.find((c) => c.name === name);
    const referenced = ref.columns.find((c) => c.name === fk.refColumns[k]);
    const problem = column && referenced ? judge(column.type, referenced.type) : null;
    if (problem !== null) messages.push(`foreign key '${fk.name}' (${table.name}.${name} → ${fk.refTable}.${fk.refColumns[k]}): ${problem}`);
  });
  return messages;
}
