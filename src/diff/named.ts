import { rawNamed } from './context.js';

/**
 * Compares named parts of a table (indexes, constraints) by name: a part only the live
 * side has is dropped, one only the model has is added, one that differs is dropped and
 * added again (no database alters an index or constraint in place).
 */
export function compareNamed<T extends { readonly name: string }>(
  live: { readonly norm: readonly T[]; readonly raw: readonly T[] },
  model: { readonly norm: readonly T[]; readonly raw: readonly T[] },
  same: (live: T, model: T) => boolean,
  drop: (raw: T) => void,
  add: (raw: T) => void,
): void {
  for (const l of live.norm) {
    const m = model.norm.find((x) => x.name === l.name);
    if (!m || !same(l, m)) drop(rawNamed(live.raw, l));
  }
  for (const m of model.norm) {
    const l = live.norm.find((x) => x.name === m.name);
    if (!l || !same(l, m)) add(rawNamed(model.raw, m));
  }
}

/** Same names in the same order. */
export const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
