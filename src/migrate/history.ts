/**
 * The revision history for `orm history`, `orm heads` and `orm show`: entries newest
 * first, and a text graph of branches and merges drawn like `git log --graph`.
 */
import type { RevisionGraph } from './graph.js';

/** One revision as `orm history` and `orm show` report it. */
export interface HistoryEntry {
  readonly revision: string;
  readonly parents: readonly string[];
  readonly children: readonly string[];
  readonly message: string;
  /** Absolute path of the file. */
  readonly file: string;
  readonly head: boolean;
  readonly base: boolean;
  readonly branchPoint: boolean;
  readonly mergePoint: boolean;
  /** Known only when the database was read. */
  readonly applied?: boolean;
  /** Among the database's current heads. */
  readonly current?: boolean;
}

/** Every revision, newest first; `applied` / `currentHeads` mark the database's state when given. */
export function historyEntries(graph: RevisionGraph, applied?: ReadonlySet<string>): HistoryEntry[] {
  const current = applied ? new Set(graph.headsOf(applied)) : null;
  return [...graph.order].reverse().map((id) => entryFor(graph, id, applied, current));
}

/** The history entry of one revision. */
export function entryFor(graph: RevisionGraph, id: string, applied?: ReadonlySet<string>, current?: ReadonlySet<string> | null): HistoryEntry {
  const f = graph.get(id);
  const children = graph.children(id);
  return {
    revision: id,
    parents: f.parents,
    children,
    message: f.message,
    file: f.path,
    head: children.length === 0,
    base: f.parents.length === 0,
    branchPoint: children.length > 1,
    mergePoint: f.parents.length > 1,
    ...(applied ? { applied: applied.has(id), current: current?.has(id) ?? false } : {}),
  };
}

/** `(head, current, mergepoint)`-style markers; empty when none. */
export function markers(e: HistoryEntry): string[] {
  const m: string[] = [];
  if (e.head) m.push('head');
  if (e.current) m.push('current');
  if (e.branchPoint) m.push('branchpoint');
  if (e.mergePoint) m.push('mergepoint');
  if (e.base) m.push('base');
  return m;
}

/**
 * Draws the graph newest first, one lane per line of descent: `*` is a revision, `|`
 * a lane passing by, `|\` a merge opening lanes, `|/` lanes joining at a branch point.
 * `label` gives the text after each revision's mark.
 */
export function drawGraph(graph: RevisionGraph, label: (id: string) => string): string[] {
  const lines: string[] = [];
  let lanes: string[] = [];
  const row = (cells: string[]) => cells.join('').trimEnd();
  for (const id of [...graph.order].reverse()) {
    let at = lanes.indexOf(id);
    if (at < 0) {
      lanes.push(id);
      at = lanes.length - 1;
    }
    // Several children were waiting for this revision: their lanes join here.
    const joining = lanes.map((l, i) => (l === id && i !== at ? i : -1)).filter((i) => i >= 0);
    if (joining.length > 0) {
      lines.push(row(lanes.map((_, i) => (joining.includes(i) ? '/ ' : joining.includes(i + 1) ? '|' : '| '))));
      lanes = lanes.filter((_, i) => !joining.includes(i));
      at = lanes.indexOf(id);
    }
    lines.push(`${row(lanes.map((_, i) => (i === at ? '* ' : '| ')))} ${label(id)}`);
    const parents = graph.parents(id);
    if (parents.length === 0) {
      lanes.splice(at, 1);
    } else {
      lanes.splice(at, 1, ...parents);
      if (parents.length > 1) {
        const cells = lanes.slice(0, at + 1).map(() => '| ');
        cells[at] = '|';
        for (let k = 1; k < parents.length; k++) cells.push('\\ ');
        for (let k = at + parents.length; k < lanes.length; k++) cells.push('| ');
        lines.push(row(cells));
      }
    }
  }
  return lines;
}
