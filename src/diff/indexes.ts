/**
 * Indexes of matched tables, by name. A changed index (keys and their order, uniqueness,
 * partial predicate, access method) is dropped before renames and created again after
 * them; one that only changes name is renamed after the table and column renames.
 */
import type { DiffContext, TablePair } from './context.js';
import { columnsToModel } from './context.js';
import { renameKeyColumns, sameKeys } from '../schema/index-keys.js';
import { compareNamed } from './named.js';

/** Indexes of one matched table. */
export function compareIndexes(ctx: DiffContext, pair: TablePair): void {
  compareNamed(
    { norm: pair.live.norm.indexes, raw: pair.live.raw.indexes },
    { norm: pair.model.norm.indexes, raw: pair.model.raw.indexes },
    (l, m) => l.unique === m.unique && l.where === m.where && l.using === m.using && sameKeys(renameKeyColumns(l, (c) => columnsToModel(ctx, pair.from, [c])[0]!).keys, m.keys),
    (index) => ctx.out.add('dropIndexes', { kind: 'dropIndex', table: pair.from, index }),
    (index) => ctx.out.add('createIndexes', { kind: 'createIndex', table: pair.to, index }),
    (l, m) => ctx.out.add('renameIndexes', { kind: 'renameIndex', table: pair.to, from: l.name, to: m.name }),
  );
}
