/**
 * Columns of matched tables: renames (decided, never guessed), additions, drops, and
 * definition changes (type, nullability, default, auto-increment, comment).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Column, ColumnType } from '../schema/ir.js';
import type { DiffContext, TablePair } from './context.js';
import { rawNamed } from './context.js';

/** Matches the columns of one table pair (same name or a decided rename). */
export function matchColumns(ctx: DiffContext, pair: TablePair): void {
  const liveCols = pair.live.norm.columns;
  const modelCols = pair.model.norm.columns;
  const has = (cols: readonly Column[], name: string) => cols.some((c) => c.name === name);
  const decided = ctx.decisions.columns.get(pair.to) ?? new Map<string, string>();
  const renamedFrom = new Set<string>();
  for (const [to, from] of decided) {
    if (!has(liveCols, from) || has(modelCols, from) || !has(modelCols, to) || has(liveCols, to) || renamedFrom.has(from)) continue;
    renamedFrom.add(from);
    pair.columns.set(from, to);
    ctx.renames.push({ kind: 'column', table: pair.to, from, to });
  }
  for (const c of liveCols) if (!renamedFrom.has(c.name) && has(modelCols, c.name)) pair.columns.set(c.name, c.name);

  const kept = new Set(pair.columns.values());
  const dropped = liveCols.filter((c) => !pair.columns.has(c.name));
  const added = modelCols.filter((c) => !kept.has(c.name));
  for (const d of dropped) {
    for (const a of added) {
      if (ctx.decisions.declined?.has(`${pair.to}.${a.name}`) || !renameCompatible(d.type, a.type)) continue;
      ctx.ambiguities.push({ kind: 'column', table: pair.to, from: d.name, to: a.name });
    }
  }
}

/**
 * Emits renames, additions, changes and drops for one table pair. `sameEnum` says when
 * two enum types are the same named type whose values an alterEnum already changes.
 */
export function compareColumns(ctx: DiffContext, pair: TablePair, sameEnum: (a: ColumnType, b: ColumnType) => boolean): void {
  const raw = (cols: readonly Column[], norm: Column) => rawNamed(cols, norm);
  for (const [from, to] of pair.columns) {
    if (from !== to) ctx.out.add('renameColumns', { kind: 'renameColumn', table: pair.to, from, to });
  }
  for (const model of pair.model.norm.columns) {
    const from = [...pair.columns].find(([, to]) => to === model.name)?.[0];
    const after = raw(pair.model.raw.columns, model);
    if (from === undefined) {
      ctx.out.add('addColumns', { kind: 'addColumn', table: pair.to, column: after });
      continue;
    }
    const live = pair.live.norm.columns.find((c) => c.name === from)!;
    if (sameColumn(ctx, live, model, sameEnum)) continue;
    // After the rename the column carries its new name; everything else is as it was.
    let before: Column = { ...raw(pair.live.raw.columns, live), name: model.name };
    if (sameEnum(live.type, model.type) && defaultLeavesEnum(live, model.type)) {
      // The enum's alteration cannot keep a default it no longer has: it goes first.
      const cleared = { ...before, default: null };
      ctx.out.add('dropEnumDefaults', { kind: 'alterColumn', table: pair.to, before, after: cleared });
      before = cleared;
      if (sameColumn(ctx, { ...live, default: null }, model, sameEnum)) continue;
    }
    ctx.out.add('alterColumns', { kind: 'alterColumn', table: pair.to, before, after });
  }
  for (const live of pair.live.norm.columns) {
    if (!pair.columns.has(live.name)) ctx.out.add('dropColumns', { kind: 'dropColumn', table: pair.to, column: raw(pair.live.raw.columns, live) });
  }
}

/** Whether `live`'s default is a value the enum type `model` (altered in place) does not have. */
function defaultLeavesEnum(live: Column, model: ColumnType): boolean {
  const d = live.default;
  return model.kind === 'enum' && d?.kind === 'literal' && typeof d.value === 'string' && !model.values.includes(d.value);
}

function sameColumn(ctx: DiffContext, a: Column, b: Column, sameEnum: (a: ColumnType, b: ColumnType) => boolean): boolean {
  return (
    (sameEnum(a.type, b.type) || isDeepStrictEqual(a.type, b.type)) &&
    a.nullable === b.nullable &&
    a.autoIncrement === b.autoIncrement &&
    isDeepStrictEqual(a.default, b.default) &&
    (!ctx.capabilities.comments || a.comment === b.comment)
  );
}

/** Type families a rename may plausibly cross; `custom` could be anything. */
const FAMILY: Record<ColumnType['kind'], string> = {
  integer: 'number',
  bigint: 'number',
  real: 'number',
  numeric: 'number',
  boolean: 'boolean',
  text: 'text',
  varchar: 'text',
  uuid: 'text',
  enum: 'text',
  date: 'time',
  timestamp: 'time',
  json: 'json',
  blob: 'blob',
  custom: '*',
};

/** A dropped and an added column whose types could be one column renamed. */
export function renameCompatible(a: ColumnType, b: ColumnType): boolean {
  return FAMILY[a.kind] === '*' || FAMILY[b.kind] === '*' || FAMILY[a.kind] === FAMILY[b.kind];
}
