/**
 * Tables: which live table becomes which model table (same name, or a decided rename),
 * which are created and which dropped. Undecided drop + create pairs are rename
 * candidates: reported, and meanwhile treated as drop + create.
 */
import type { Table } from '../schema/ir.js';
import { dependencyOrder } from '../schema/dependency-order.js';
import type { DiffContext, TableVersions } from './context.js';

/** Matches tables and records renames; returns the tables only one side has. */
export function matchTables(ctx: DiffContext): { added: TableVersions[]; dropped: TableVersions[] } {
  const used = new Set<string>();
  for (const [to, from] of ctx.decisions.tables) {
    const live = ctx.live.get(from);
    const model = ctx.model.get(to);
    // A decision applies only while it is still a rename: a hint left on a model after
    // its migration ran (old name gone, new name live) is simply satisfied.
    if (!live || !model || ctx.model.has(from) || ctx.live.has(to) || used.has(from)) continue;
    used.add(from);
    ctx.pairs.set(from, { from, to, live, model, columns: new Map() });
    ctx.renames.push({ kind: 'table', table: null, from, to });
  }
  for (const [name, live] of ctx.live) {
    const model = ctx.model.get(name);
    if (model && !used.has(name)) ctx.pairs.set(name, { from: name, to: name, live, model, columns: new Map() });
  }
  const matchedTo = new Set([...ctx.pairs.values()].map((p) => p.to));
  const added = [...ctx.model.values()].filter((t) => !matchedTo.has(t.norm.name));
  const dropped = [...ctx.live.values()].filter((t) => !ctx.pairs.has(t.norm.name));

  for (const d of dropped) {
    for (const a of added) {
      if (ctx.decisions.declined?.has(a.norm.name)) continue;
      ctx.ambiguities.push({ kind: 'table', table: null, from: d.norm.name, to: a.norm.name });
    }
  }
  return { added, dropped };
}

/** renameTable for each decided table rename. */
export function emitTableRenames(ctx: DiffContext): void {
  for (const pair of ctx.pairs.values()) {
    if (pair.from !== pair.to) ctx.out.add('renameTables', { kind: 'renameTable', from: pair.from, to: pair.to });
  }
}

/**
 * New tables, referenced ones first. Where a foreign key may not name a table created
 * later (`forwardForeignKeys` false), foreign keys closing a cycle are left out of
 * createTable and added once both tables exist.
 */
export function emitCreatedTables(ctx: DiffContext, added: readonly TableVersions[]): void {
  const { order, cyclic } = dependencyOrder(added.map((t) => t.raw));
  for (const table of order) {
    const deferred = ctx.capabilities.forwardForeignKeys ? [] : table.foreignKeys.filter((fk) => cyclic.has(fk.name));
    const created: Table = deferred.length ? { ...table, foreignKeys: table.foreignKeys.filter((fk) => !deferred.includes(fk)) } : table;
    ctx.out.add('createTables', { kind: 'createTable', table: created });
    for (const fk of deferred) ctx.out.add('addForeignKeys', { kind: 'addConstraint', table: table.name, constraint: { type: 'foreignKey', ...fk } });
  }
}

/**
 * Dropped tables, dependents first. A foreign key closing a cycle among them is dropped
 * on its own first: no order of DROP TABLE satisfies a cycle.
 */
export function emitDroppedTables(ctx: DiffContext, dropped: readonly TableVersions[]): void {
  const { order, cyclic } = dependencyOrder(dropped.map((t) => t.raw));
  for (const table of [...order].reverse()) {
    const broken = table.foreignKeys.filter((fk) => cyclic.has(fk.name));
    for (const fk of broken) ctx.out.add('dropForeignKeys', { kind: 'dropConstraint', table: table.name, constraint: { type: 'foreignKey', ...fk } });
    const rest: Table = broken.length ? { ...table, foreignKeys: table.foreignKeys.filter((fk) => !broken.includes(fk)) } : table;
    ctx.out.add('dropTables', { kind: 'dropTable', table: rest });
  }
}

/** setTableComment where the comment changed and the database keeps comments. */
export function emitTableComments(ctx: DiffContext): void {
  if (!ctx.capabilities.comments) return;
  for (const pair of ctx.pairs.values()) {
    if (pair.live.norm.comment === pair.model.norm.comment) continue;
    ctx.out.add('tableComments', { kind: 'setTableComment', table: pair.to, before: pair.live.raw.comment, after: pair.model.raw.comment });
  }
}
