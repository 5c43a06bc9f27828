/**
 * Named enum types, on dialects that have them (`capabilities.namedEnums`). A type is
 * one operation however many columns share it: created before its first use, altered
 * in place, dropped after its last use. Elsewhere an enum is part of its column's type,
 * and a change of values is an alterColumn.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ColumnType } from '../schema/ir.js';
import type { EnumType } from '../ops/operations.js';
import type { DiffContext, TableVersions } from './context.js';

type EnumVersions = { readonly raw: EnumType; readonly norm: EnumType };

/** Emits the enum type operations; returns when two column types are the same named type. */
export function compareEnums(ctx: DiffContext): (a: ColumnType, b: ColumnType) => boolean {
  if (!ctx.capabilities.namedEnums) return () => false;
  const live = enumsOf(ctx.live.values());
  const model = enumsOf(ctx.model.values());
  for (const [name, m] of model) {
    const l = live.get(name);
    if (!l) ctx.out.add('createEnums', { kind: 'createEnum', enum: m.raw });
    else if (!isDeepStrictEqual(l.norm.values, m.norm.values)) ctx.out.add('alterEnums', { kind: 'alterEnum', before: l.raw, after: m.raw });
  }
  for (const [name, l] of live) if (!model.has(name)) ctx.out.add('dropEnums', { kind: 'dropEnum', enum: l.raw });
  return (a, b) => a.kind === 'enum' && b.kind === 'enum' && a.name === b.name;
}

/** Enum types used by the columns of the tables, by name (the first column using a name defines it). */
function enumsOf(tables: Iterable<TableVersions>): Map<string, EnumVersions> {
  const found = new Map<string, EnumVersions>();
  for (const t of tables) {
    t.norm.columns.forEach((c, i) => {
      if (c.type.kind !== 'enum' || found.has(c.type.name)) return;
      const raw = t.raw.columns.find((x) => x.name === c.name) ?? t.raw.columns[i] ?? c;
      if (raw.type.kind !== 'enum') return;
      found.set(c.type.name, { norm: { name: c.type.name, values: c.type.values }, raw: { name: raw.type.name, values: raw.type.values } });
    });
  }
  return found;
}
