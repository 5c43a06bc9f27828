import { relative } from 'node:path';
import { MigrationError } from '../errors.js';
import type { MigrationFile } from './migration-file.js';

/**
 * The revision graph: migrations linked to their parents (`downRevision`). Several roots
 * and heads are allowed (branches); merges have several parents. Built once from the
 * files, immutable, with every ordering decided deterministically (ties by file name,
 * which starts with the creation date).
 */
export class RevisionGraph {
  private readonly byId = new Map<string, MigrationFile>();
  private readonly childrenOf = new Map<string, string[]>();
  /** Every revision, parents before children. */
  readonly order: readonly string[];
  private readonly position = new Map<string, number>();

  constructor(files: readonly MigrationFile[]) {
    const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.path < b.path ? -1 : 1));
    for (const f of sorted) {
      const other = this.byId.get(f.revision);
      if (other) throw new MigrationError(`${display(f.path)}: revision '${f.revision}' is also the revision of ${display(other.path)}; revision ids must be unique`, { file: f.path, revision: f.revision });
      this.byId.set(f.revision, f);
      this.childrenOf.set(f.revision, []);
    }
    for (const f of sorted) {
      const seen = new Set<string>();
      for (const p of f.parents) {
        if (seen.has(p)) throw new MigrationError(`${display(f.path)}: downRevision lists '${p}' twice`, { file: f.path });
        seen.add(p);
        if (p === f.revision) throw new MigrationError(`${display(f.path)}: revision '${p}' names itself as its downRevision`, { file: f.path });
        const children = this.childrenOf.get(p);
        if (!children) {
          throw new MigrationError(`${display(f.path)}: downRevision '${p}' is not the revision of any migration file in ${display(dirOf(f.path))}`, { file: f.path, revision: f.revision, parent: p });
        }
        children.push(f.revision);
      }
    }
    this.order = this.topologicalOrder(sorted);
    this.order.forEach((id, i) => this.position.set(id, i));
  }

  /** Kahn's algorithm; among ready revisions the earliest file name goes first. */
  private topologicalOrder(sorted: readonly MigrationFile[]): string[] {
    const rank = new Map(sorted.map((f, i) => [f.revision, i]));
    const pending = new Map(sorted.map((f) => [f.revision, f.parents.length]));
    const ready = sorted.filter((f) => f.parents.length === 0).map((f) => f.revision);
    const order: string[] = [];
    while (ready.length > 0) {
      ready.sort((a, b) => rank.get(a)! - rank.get(b)!);
      const id = ready.shift()!;
      order.push(id);
      for (const child of this.childrenOf.get(id)!) {
        const left = pending.get(child)! - 1;
        pending.set(child, left);
        if (left === 0) ready.push(child);
      }
    }
    if (order.length !== sorted.length) {
      const stuck = sorted.filter((f) => !order.includes(f.revision));
      throw new MigrationError(`the migrations ${stuck.map((f) => display(f.path)).join(', ')} form a cycle through their downRevision`, { revisions: stuck.map((f) => f.revision) });
    }
    return order;
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The migration of a full revision id (throws for an unknown one). */
  get(id: string): MigrationFile {
    const f = this.byId.get(id);
    if (!f) throw new MigrationError(`unknown revision '${id}'`, { revision: id });
    return f;
  }

  get files(): MigrationFile[] {
    return this.order.map((id) => this.byId.get(id)!);
  }

  parents(id: string): readonly string[] {
    return this.get(id).parents;
  }

  children(id: string): readonly string[] {
    this.get(id);
    return this.childrenOf.get(id)!;
  }

  /** Revisions nothing builds on, in graph order. */
  heads(): string[] {
    return this.order.filter((id) => this.childrenOf.get(id)!.length === 0);
  }

  /** Revisions with no parent (normally one). */
  bases(): string[] {
    return this.order.filter((id) => this.byId.get(id)!.parents.length === 0);
  }

  /** Revisions with more than one child: where branches start. */
  branchPoints(): string[] {
    return this.order.filter((id) => this.childrenOf.get(id)!.length > 1);
  }

  /** Revisions with more than one parent: merges. */
  mergePoints(): string[] {
    return this.order.filter((id) => this.byId.get(id)!.parents.length > 1);
  }

  /** Every revision `id` builds on, not including itself. */
  ancestors(id: string): Set<string> {
    return this.walk([...this.parents(id)], (x) => this.parents(x));
  }

  /** Every revision that builds on `id`, not including itself. */
  descendants(id: string): Set<string> {
    return this.walk([...this.children(id)], (x) => this.children(x));
  }

  /** `ids` and all their ancestors: what must be applied for `ids` to be. */
  closure(ids: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const id of ids) {
      out.add(id);
      for (const a of this.ancestors(id)) out.add(a);
    }
    return out;
  }

  private walk(start: string[], next: (id: string) => readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack = start;
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...next(id));
    }
    return seen;
  }

  /** `ids` sorted parents-first (graph order). */
  sort(ids: Iterable<string>): string[] {
    return [...ids].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }

  /** Members of an applied set that nothing else in the set builds on: "where the database is". */
  headsOf(applied: ReadonlySet<string>): string[] {
    return this.sort([...applied].filter((id) => this.has(id) && !this.children(id).some((c) => applied.has(c))));
  }

  /**
   * A full revision id from a revision or a unique prefix of one. Unknown: an error
   * naming the known heads; ambiguous: an error listing every match.
   */
  resolvePrefix(prefix: string): string {
    if (this.byId.has(prefix)) return prefix;
    const matches = this.order.filter((id) => id.startsWith(prefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      const heads = this.heads();
      throw new MigrationError(
        `unknown revision '${prefix}': no migration has that revision or prefix${heads.length ? ` (head${heads.length > 1 ? 's' : ''}: ${heads.join(', ')})` : ' (there are no migrations yet)'}`,
        { revision: prefix },
      );
    }
    throw new MigrationError(
      `ambiguous revision prefix '${prefix}' matches ${matches.length} revisions: ${matches.map((m) => `${m} (${this.get(m).name})`).join(', ')}; give more characters`,
      { revision: prefix, matches },
    );
  }
}

/** A path relative to the working directory, for messages. */
export function display(path: string): string {
  return relative(process.cwd(), path) || path;
}

function dirOf(path: string): string {
  return path.replace(/[\\/][^\\/]*$/, '');
}
