import type { Table } from './ir.js';

export interface DependencyOrder {
  /** Tables so that every referenced table comes before the tables referencing it. */
  readonly order: readonly Table[];
  /** Foreign keys that close a cycle: they must be added after both tables exist. */
  readonly cyclic: ReadonlySet<string>;
}

/**
 * Orders tables by foreign keys (Kahn's algorithm, iterative: a 300-deep chain costs
 * nothing and cannot overflow the stack). Self-references are ignored; foreign keys to
 * tables outside the set are ignored; cycles are broken at the table with the fewest
 * unmet dependencies, and the foreign keys that broke are reported.
 */
export function dependencyOrder(tables: readonly Table[]): DependencyOrder {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const deps = new Map<string, Set<string>>();
  const dependents = new Map<string, Set<string>>();
  for (const t of tables) {
    deps.set(t.name, new Set());
    dependents.set(t.name, new Set());
  }
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      if (fk.refTable === t.name || !byName.has(fk.refTable)) continue;
      deps.get(t.name)!.add(fk.refTable);
      dependents.get(fk.refTable)!.add(t.name);
    }
  }
  const order: Table[] = [];
  const cyclic = new Set<string>();
  const done = new Set<string>();
  // Sorted by name so the order is deterministic.
  let ready = tables.filter((t) => deps.get(t.name)!.size === 0).map((t) => t.name).sort();
  while (done.size < tables.length) {
    if (ready.length === 0) {
      // A cycle: take the remaining table with the fewest unmet dependencies.
      const rest = tables.filter((t) => !done.has(t.name)).sort((a, b) => deps.get(a.name)!.size - deps.get(b.name)!.size || (a.name < b.name ? -1 : 1));
      const pick = rest[0]!;
      for (const fk of pick.foreignKeys) if (deps.get(pick.name)!.has(fk.refTable)) cyclic.add(fk.name);
      for (const d of deps.get(pick.name)!) dependents.get(d)!.delete(pick.name);
      deps.get(pick.name)!.clear();
      ready = [pick.name];
    }
    const next: string[] = [];
    for (const name of ready) {
      if (done.has(name)) continue;
      done.add(name);
      order.push(byName.get(name)!);
      for (const dep of dependents.get(name)!) {
        const set = deps.get(dep)!;
        set.delete(name);
        if (set.size === 0 && !done.has(dep)) next.push(dep);
      }
    }
    ready = next.sort();
  }
  return { order, cyclic };
}
