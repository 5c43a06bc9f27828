/**
 * Columns of matched tables: renames (decided, never guessed), additions, drops, and
 * definition changes (type, nullability, default, auto-increment, comment).
 */
import { assertNever } from '../ops/operations.js';
import type { Column, ColumnType, DefaultValue } from '../schema/ir.js';
import type { DiffContext, TablePair } from './context.js';

/** Matches the columns of one table pair (same name or a decided rename). */
export function matchColumns(ctx: DiffContext, pair: TablePair): void {
  const liveCols = pair.live.norm.columns;
  const modelCols = pair.model.norm.columns;
  const inLive = new Set(liveCols.map((c) => c.name));
  const inModel = new Set(modelCols.map((c) => c.name));
  const decided = ctx.decisions.columns.get(pair.to) ?? new Map<string, string>();
  const renamedFrom = new Set<string>();
  for (const [to, from] of decided) {
    if (!inLive.has(from) || inModel.has(from) || !inModel.has(to) || inLive.has(to) || renamedFrom.has(from)) continue;
    renamedFrom.add(from);
    pair.columns.set(from, to);
    ctx.renames.push({ kind: 'column', table: pair.to, from, to });
  }
  for (const c of liveCols) if (!renamedFrom.has(c.name) && inModel.has(c.name)) pair.columns.set(c.name, c.name);

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
  const fromOf = new Map<string, string>();
  for (const [from, to] of pair.columns) {
    fromOf.set(to, from);
    if (from !== to) ctx.out.add('renameColumns', { kind: 'renameColumn', table: pair.to, from, to });
  }
  const liveRaw = rawColumns(pair.live.raw.columns);
  const modelRaw = rawColumns(pair.model.raw.columns);
  const liveNorm = pair.live.norm.columns;
  // Normalization keeps columns in place: the live column renamed or named `from` is
  // mostly at the model column's position, else found by name.
  const liveNamed = (from: string, at: number): Column => (liveNorm[at]?.name === from ? liveNorm[at] : liveNorm.find((c) => c.name === from))!;
  pair.model.norm.columns.forEach((model, i) => {
    const from = fromOf.get(model.name);
    const after = modelRaw(model, i);
    if (from === undefined) {
      ctx.out.add('addColumns', { kind: 'addColumn', table: pair.to, column: after });
      return;
    }
    const live = liveNamed(from, i);
    if (sameColumn(ctx, live, model, sameEnum)) return;
    // After the rename the column carries its new name; everything else is as it was.
    let before: Column = { ...liveRaw(live, liveNorm.indexOf(live)), name: model.name };
    if (sameEnum(live.type, model.type) && defaultLeavesEnum(live, model.type)) {
      // The enum's alteration cannot keep a default it no longer has: it goes first.
      const cleared = { ...before, default: null };
      ctx.out.add('dropEnumDefaults', { kind: 'alterColumn', table: pair.to, before, after: cleared });
      before = cleared;
      if (sameColumn(ctx, { ...live, default: null }, model, sameEnum)) return;
    }
    ctx.out.add('alterColumns', { kind: 'alterColumn', table: pair.to, before, after });
  });
  liveNorm.forEach((live, i) => {
    if (!pair.columns.has(live.name)) ctx.out.add('dropColumns', { kind: 'dropColumn', table: pair.to, column: liveRaw(live, i) });
  });
}

/** Whether `live`'s default is a value the enum type `model` (altered in place) does not have. */
function defaultLeavesEnum(live: Column, model: ColumnType): boolean {
  const d = live.default;
  return model.kind === 'enum' && d?.kind === 'literal' && typeof d.value === 'string' && !model.values.includes(d.value);
}

/**
 * The raw column a normalized one came from (normalization keeps names and order): at
 * the same position, else the first of that name, else the normalized column itself.
 */
function rawColumns(raw: readonly Column[]): (norm: Column, at: number) => Column {
  return (norm, at) => (raw[at]?.name === norm.name ? raw[at]! : (raw.find((c) => c.name === norm.name) ?? norm));
}

function sameColumn(ctx: DiffContext, a: Column, b: Column, sameEnum: (a: ColumnType, b: ColumnType) => boolean): boolean {
  return (
    (sameEnum(a.type, b.type) || sameType(a.type, b.type)) &&
    a.nullable === b.nullable &&
    a.autoIncrement === b.autoIncrement &&
    sameDefault(a.default, b.default) &&
    (!ctx.capabilities.comments || a.comment === b.comment)
  );
}

/** Two column types are the same type (every field of their kind equal). */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  switch (a.kind) {
    case 'integer':
    case 'bigint':
    case 'real':
    case 'text':
    case 'boolean':
    case 'date':
    case 'json':
    case 'blob':
    case 'uuid':
      return b.kind === a.kind;
    case 'numeric':
      return b.kind === 'numeric' && a.precision === b.precision && a.scale === b.scale;
    case 'varchar':
      return b.kind === 'varchar' && a.length === b.length;
    case 'timestamp':
      return b.kind === 'timestamp' && a.withTimezone === b.withTimezone;
    case 'enum':
      return b.kind === 'enum' && a.name === b.name && sameLiteral(a.values, b.values);
    case 'custom':
      return b.kind === 'custom' && a.sql === b.sql;
    default:
      return assertNever(a, 'column type');
  }
}

function sameDefault(a: DefaultValue | null, b: DefaultValue | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'expression') return b.kind === 'expression' && a.sql === b.sql;
  return b.kind === 'literal' && sameLiteral(a.value, b.value);
}

/** Deep equality of JSON-like literal values (what `util.isDeepStrictEqual` decides for them). */
function sameLiteral(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameLiteral(x, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameLiteral((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
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
