import { rawNamed } from './context.js';

/**
 * Compares named parts of a table (indexes, constraints) by name: a part only the live
 * side has is dropped, one only the model has is added, one that differs is dropped and
 * added again (no database alters an index or constraint in place).
 *
 * With `rename`, a part only the live side has and a part only the model has that are
 * the same in everything but their names are one part renamed (its default name follows
 * a renamed table or column), as long as neither has a second such partner: renaming
 * keeps the index instead of building it again. Two candidates stay a drop and an add.
 */
export function compareNamed<T extends { readonly name: string }>(
  live: { readonly norm: readonly T[]; readonly raw: readonly T[] },
  model: { readonly norm: readonly T[]; readonly raw: readonly T[] },
  same: (live: T, model: T) => boolean,
  drop: (raw: T) => void,
  add: (raw: T) => void,
  rename?: (live: T, model: T) => void,
): void {
  const renamed = rename ? renamedParts(live.norm, model.norm, same) : new Map<T, T>();
  const renamedTo = new Set(renamed.values());
  for (const l of live.norm) {
    const r = renamed.get(l);
    if (r) rename!(rawNamed(live.raw, l), rawNamed(model.raw, r));
    const m = model.norm.find((x) => x.name === l.name);
    if (!r && (!m || !same(l, m))) drop(rawNamed(live.raw, l));
  }
  for (const m of model.norm) {
    const l = live.norm.find((x) => x.name === m.name);
    if (!renamedTo.has(m) && (!l || !same(l, m))) add(rawNamed(model.raw, m));
  }
}

/**
 * Live part → model part for parts that are only renamed: the live name is gone from the
 * model, the model name is new to the live side, and each has exactly one partner.
 */
function renamedParts<T extends { readonly name: string }>(live: readonly T[], model: readonly T[], same: (live: T, model: T) => boolean): Map<T, T> {
  const liveNames = new Set(live.map((x) => x.name));
  const modelNames = new Set(model.map((x) => x.name));
  const gone = live.filter((l) => !modelNames.has(l.name));
  const fresh = model.filter((m) => !liveNames.has(m.name));
  const out = new Map<T, T>();
  for (const l of gone) {
    const partners = fresh.filter((m) => same(l, m));
    if (partners.length !== 1) continue;
    const m = partners[0]!;
    if (gone.filter((x) => same(x, m)).length === 1) out.set(l, m);
  }
  return out;
}

/** Same names in the same order. */
export const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
