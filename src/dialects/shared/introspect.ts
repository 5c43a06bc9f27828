/** Small helpers every dialect's introspector needs when turning catalog rows into IR. */
import type { ReferentialAction } from '../../schema/ir.js';

/** Groups catalog rows by a key, keeping the rows' order within each group. */
export function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(r);
  }
  return map;
}

/** Reads a referential action spelled out in words (`CASCADE`, `set null`, …); anything else is `no action`. */
export function referentialAction(rule: string): ReferentialAction {
  const a = rule.toLowerCase();
  return a === 'cascade' || a === 'restrict' || a === 'set null' || a === 'set default' ? a : 'no action';
}
