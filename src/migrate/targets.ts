/**
 * Upgrade and downgrade targets (`head`, `heads`, `base`, a revision or unique prefix,
 * `+N`, `-N`, `<rev>+N`, `head-N`) turned into the exact list of revisions to run.
 * The database state is a set of applied revisions, always closed under ancestry.
 */
import { MigrationError } from '../errors.js';
import type { RevisionGraph } from './graph.js';

/** The only head, or an error listing the heads and the `orm merge` command that joins them. */
export function singleHead(graph: RevisionGraph): string | null {
  const heads = graph.heads();
  if (heads.length <= 1) return heads[0] ?? null;
  throw new MigrationError(`there are ${heads.length} heads: ${heads.map((h) => `${h} (${graph.get(h).message || graph.get(h).name})`).join(', ')}; ${mergeAdvice(heads)}`, { heads });
}

/** The advice for two or more heads: the exact merge command. */
export function mergeAdvice(heads: readonly string[]): string {
  return `merge them with \`orm merge ${heads.join(' ')} -m "merge heads"\` (or apply every branch with \`orm upgrade heads\`)`;
}

const RELATIVE = /^([+-])(\d+)$/;
const ANCHORED = /^(.+?)([+-])(\d+)$/;

/**
 * One revision named by `spec`: `head`, a revision or unique prefix, optionally followed
 * by `+N` / `-N` steps along the graph (`head-1`, `ab12+2`). Returns null for `base`.
 */
export function resolveRevision(graph: RevisionGraph, spec: string): string | null {
  const s = spec.trim();
  if (s === '') throw new MigrationError('empty revision: give a revision id, a unique prefix, head or base');
  if (s === 'base') return null;
  if (s === 'head') return singleHead(graph);
  if (s === 'heads') throw new MigrationError("'heads' names several revisions here; name one revision");
  if (graph.has(s)) return s;
  const m = ANCHORED.exec(s);
  if (m && !RELATIVE.test(s)) {
    const anchor = resolveRevision(graph, m[1]!);
    return step(graph, anchor, m[2] === '+' ? Number(m[3]) : -Number(m[3]), s);
  }
  return graph.resolvePrefix(s);
}

function step(graph: RevisionGraph, from: string | null, n: number, spec: string): string | null {
  let at = from;
  for (let i = 0; i < Math.abs(n); i++) {
    if (n > 0) {
      const next: readonly string[] = at === null ? graph.bases() : graph.children(at);
      if (next.length === 0) throw new MigrationError(`'${spec}' goes past a head: ${at ?? 'base'} has no later revision`);
      if (next.length > 1) throw new MigrationError(`'${spec}' is ambiguous: ${at ?? 'base'} is followed by ${next.join(', ')}; name the revision instead`);
      at = next[0]!;
    } else {
      if (at === null) throw new MigrationError(`'${spec}' goes below base`);
      const parents = graph.parents(at);
      if (parents.length > 1) throw new MigrationError(`'${spec}' is ambiguous: ${at} is a merge of ${parents.join(', ')}; name the revision instead`);
      at = parents[0] ?? null;
    }
  }
  return at;
}

/** Revisions to apply, parents first, to reach `target` (default `head`). */
export function planUpgrade(graph: RevisionGraph, applied: ReadonlySet<string>, target = 'head'): string[] {
  const t = target.trim();
  const rel = RELATIVE.exec(t);
  if (rel) {
    if (rel[1] === '-') throw new MigrationError(`'${t}' moves down: use \`orm downgrade ${t}\``);
    const pending = graph.order.filter((id) => !applied.has(id));
    const n = Number(rel[2]);
    if (n > pending.length) throw new MigrationError(`'${t}': only ${pending.length} migration(s) are not applied yet`);
    return pending.slice(0, n);
  }
  const wanted = t === 'heads' ? graph.closure(graph.heads()) : graph.closure(nonNull(resolveRevision(graph, t)));
  return graph.sort([...wanted].filter((id) => !applied.has(id)));
}

/** Revisions to undo, children first, to go down to `target`. */
export function planDowngrade(graph: RevisionGraph, applied: ReadonlySet<string>, target: string): string[] {
  const t = target.trim();
  const appliedInOrder = graph.sort(applied);
  const rel = RELATIVE.exec(t);
  if (rel) {
    if (rel[1] === '+') throw new MigrationError(`'${t}' moves up: use \`orm upgrade ${t}\``);
    const n = Number(rel[2]);
    if (n > appliedInOrder.length) throw new MigrationError(`'${t}': only ${appliedInOrder.length} migration(s) are applied`);
    return appliedInOrder.slice(appliedInOrder.length - n).reverse();
  }
  if (t === 'heads') return [];
  const rev = resolveRevision(graph, t);
  if (rev === null) return appliedInOrder.reverse();
  if (!applied.has(rev)) {
    const at = graph.headsOf(applied);
    throw new MigrationError(`revision ${rev} is not applied (the database is at ${at.length ? at.join(', ') : 'base'}): downgrade goes down to an applied revision or base`, { revision: rev });
  }
  const below = graph.descendants(rev);
  return appliedInOrder.filter((id) => below.has(id)).reverse();
}

const nonNull = (id: string | null): string[] => (id === null ? [] : [id]);
