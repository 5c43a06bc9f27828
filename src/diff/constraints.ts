/**
 * Constraints of matched tables: primary key, unique, check and foreign keys. Live
 * column and table names are first mapped through the decided renames, so a constraint
 * that only follows a rename is not reported. Drops go before renames (under the old
 * names), additions after; a constraint that only changes name is renamed.
 */
import type { NamedConstraint } from '../ops/operations.js';
import type { ForeignKey } from '../schema/ir.js';
import { sameType } from './columns.js';
import type { DiffContext, TablePair } from './context.js';
import { columnsToModel, tableToModel } from './context.js';
import { compareNamed, sameList } from './named.js';

/** The primary key: a change (columns, or name where kept) is a drop and an add. */
export function comparePrimaryKey(ctx: DiffContext, pair: TablePair): void {
  const l = pair.live.norm.primaryKey;
  const m = pair.model.norm.primaryKey;
  const same = l === null || m === null ? l === m : l.name === m.name && sameList(columnsToModel(ctx, pair.from, l.columns), m.columns);
  if (same) return;
  const before = pair.live.raw.primaryKey;
  const after = pair.model.raw.primaryKey;
  if (before) ctx.out.add('dropPrimaryKeys', { kind: 'dropConstraint', table: pair.from, constraint: { type: 'primaryKey', ...before } });
  if (after) ctx.out.add('addPrimaryKeys', { kind: 'addConstraint', table: pair.to, constraint: { type: 'primaryKey', ...after } });
}

/** Unique constraints, by name. */
export function compareUniques(ctx: DiffContext, pair: TablePair): void {
  compareNamed(
    { norm: pair.live.norm.uniques, raw: pair.live.raw.uniques },
    { norm: pair.model.norm.uniques, raw: pair.model.raw.uniques },
    (l, m) => sameList(columnsToModel(ctx, pair.from, l.columns), m.columns),
    (u) => ctx.out.add('dropConstraints', { kind: 'dropConstraint', table: pair.from, constraint: { type: 'unique', ...u } }),
    (u) => ctx.out.add('addConstraints', { kind: 'addConstraint', table: pair.to, constraint: { type: 'unique', ...u } }),
    (l, m) => renameConstraint(ctx, pair, { type: 'unique', ...m, name: l.name }, m.name),
  );
}

/** Check constraints, by name; expressions compare in their normalized spelling. */
export function compareChecks(ctx: DiffContext, pair: TablePair): void {
  compareNamed(
    { norm: pair.live.norm.checks, raw: pair.live.raw.checks },
    { norm: pair.model.norm.checks, raw: pair.model.raw.checks },
    (l, m) => l.expression === m.expression,
    (c) => ctx.out.add('dropConstraints', { kind: 'dropConstraint', table: pair.from, constraint: { type: 'check', ...c } }),
    (c) => ctx.out.add('addConstraints', { kind: 'addConstraint', table: pair.to, constraint: { type: 'check', ...c } }),
    (l, m) => renameConstraint(ctx, pair, { type: 'check', ...m, name: l.name }, m.name),
  );
}

/**
 * Foreign keys, including ON DELETE / ON UPDATE; the referenced table may itself be
 * renamed. A key whose columns change type, at either end, where the database cannot
 * change them under it (`alterForeignKeyColumnType`), is dropped and added again around
 * the change.
 */
export function compareForeignKeys(ctx: DiffContext, pair: TablePair): void {
  compareNamed(
    { norm: pair.live.norm.foreignKeys, raw: pair.live.raw.foreignKeys },
    { norm: pair.model.norm.foreignKeys, raw: pair.model.raw.foreignKeys },
    (l, m) =>
      l.onDelete === m.onDelete &&
      l.onUpdate === m.onUpdate &&
      tableToModel(ctx, l.refTable) === m.refTable &&
      sameList(columnsToModel(ctx, pair.from, l.columns), m.columns) &&
      sameList(columnsToModel(ctx, l.refTable, l.refColumns), m.refColumns) &&
      !retypesKeyColumns(ctx, pair, l),
    (fk) => ctx.out.add('dropForeignKeys', { kind: 'dropConstraint', table: pair.from, constraint: { type: 'foreignKey', ...fk } }),
    (fk) => ctx.out.add('addForeignKeys', { kind: 'addConstraint', table: pair.to, constraint: { type: 'foreignKey', ...fk } }),
    (l, m) => renameConstraint(ctx, pair, { type: 'foreignKey', ...m, name: l.name }, m.name),
  );
}

/**
 * A constraint that only changes name, renamed once tables and columns have their new
 * names: its before-state is the model's definition under the live name.
 */
function renameConstraint(ctx: DiffContext, pair: TablePair, constraint: NamedConstraint, to: string): void {
  ctx.out.add('renameConstraints', { kind: 'renameConstraint', table: pair.to, constraint, to });
}

/** Whether a column `fk` uses, at either end, changes its type where the database cannot do that under the key. */
function retypesKeyColumns(ctx: DiffContext, pair: TablePair, fk: ForeignKey): boolean {
  if (ctx.capabilities.alterForeignKeyColumnType) return false;
  const retyped = (p: TablePair | undefined, columns: readonly string[]) =>
    p !== undefined &&
    columns.some((name) => {
      const live = p.live.norm.columns.find((c) => c.name === name);
      const to = p.columns.get(name);
      const model = p.model.norm.columns.find((c) => c.name === to);
      return live !== undefined && model !== undefined && !sameType(live.type, model.type);
    });
  return retyped(pair, fk.columns) || retyped(ctx.pairs.get(fk.refTable), fk.refColumns);
}
