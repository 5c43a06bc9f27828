import { MigrationError } from '../errors.js';
import type { RevisionGraph } from './graph.js';
import { display } from './graph.js';
import type { VersionRow } from './version-table.js';

/** A migration file changed since it was applied. */
export interface ChangedFile {
  readonly revision: string;
  readonly file: string;
  readonly recorded: string;
  readonly current: string;
}

/** Where a database stands, from its version table read against the migration files. */
export interface DatabaseState {
  readonly rows: readonly VersionRow[];
  /** Revisions recorded as applied that have a file. */
  readonly applied: ReadonlySet<string>;
  /** The applied revisions nothing applied builds on; empty at base. */
  readonly heads: readonly string[];
  /** Rows left `failed` by a migration that stopped part-way (no transactional DDL). */
  readonly failed: readonly VersionRow[];
  /** Rows whose revision no migration file has. */
  readonly unknown: readonly VersionRow[];
  /** Applied revisions whose file no longer has the recorded checksum. */
  readonly changed: readonly ChangedFile[];
  /** Applied revisions whose parent is not applied (a hand-edited version table). */
  readonly gaps: readonly { readonly revision: string; readonly missingParent: string }[];
}

/** Reads version-table rows against the graph: applied, failed, unknown, edited. */
export function databaseState(graph: RevisionGraph, rows: readonly VersionRow[]): DatabaseState {
  const applied = new Set<string>();
  const failed: VersionRow[] = [];
  const unknown: VersionRow[] = [];
  const changed: ChangedFile[] = [];
  for (const row of rows) {
    if (!graph.has(row.revision)) {
      unknown.push(row);
      continue;
    }
    if (row.status === 'failed') {
      failed.push(row);
      continue;
    }
    applied.add(row.revision);
    const file = graph.get(row.revision);
    if (file.checksum !== row.checksum) changed.push({ revision: row.revision, file: file.path, recorded: row.checksum, current: file.checksum });
  }
  const gaps: { revision: string; missingParent: string }[] = [];
  for (const id of applied) for (const p of graph.parents(id)) if (!applied.has(p)) gaps.push({ revision: id, missingParent: p });
  return { rows, applied, heads: graph.headsOf(applied), failed, unknown, changed: graph.sort(changed.map((c) => c.revision)).map((r) => changed.find((c) => c.revision === r)!), gaps };
}

/** "abc123 (add users)" or "base", for messages. */
export function describeHeads(graph: RevisionGraph, heads: readonly string[]): string {
  if (heads.length === 0) return 'base';
  return heads.map((h) => (graph.has(h) && graph.get(h).message ? `${h} (${graph.get(h).message})` : h)).join(', ');
}

/** The line that tells the user how to clear a failed migration. */
export function failedAdvice(graph: RevisionGraph, row: VersionRow): string {
  const file = graph.has(row.revision) ? display(graph.get(row.revision).path) : row.revision;
  const at = row.failedStatement ? ` at \`${clip(row.failedStatement, 200)}\`` : '';
  return (
    `migration ${file} (${row.revision}) failed part-way${at}${row.error ? `: ${clip(row.error, 300)}` : ''}; ` +
    `repair the database by hand, then run \`orm migrate resolve ${row.revision} --applied\` (its changes are in place) or \`orm migrate resolve ${row.revision} --rolled-back\` (they are not)`
  );
}

/** `text` on one line, cut to `max` characters with an ellipsis saying so. */
function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** The line for an applied file that was edited. */
export function changedAdvice(c: ChangedFile): string {
  return `${display(c.file)} was edited after it was applied (its checksum differs from the version table): restore it, or accept the edit with \`orm migrate rehash ${c.revision}\``;
}

/**
 * Refuses to run migrations on a database whose version table disagrees with the files:
 * a failed migration, a revision with no file, an edited applied file, or a gap.
 */
export function assertConsistent(graph: RevisionGraph, state: DatabaseState, options: { allowChanged?: boolean } = {}): void {
  const failed = state.failed[0];
  if (failed) throw new MigrationError(failedAdvice(graph, failed), { revision: failed.revision, failedStatement: failed.failedStatement, error: failed.error });
  const unknown = state.unknown[0];
  if (unknown) {
    throw new MigrationError(
      `the database has revision ${unknown.revision} applied but no migration file has that revision: restore the file, or \`orm stamp\` the database to a known revision`,
      { revision: unknown.revision },
    );
  }
  if (!options.allowChanged && state.changed.length > 0) {
    throw new MigrationError(state.changed.map(changedAdvice).join('; '), { changed: state.changed.map((c) => ({ revision: c.revision, file: c.file })) });
  }
  const gap = state.gaps[0];
  if (gap) {
    throw new MigrationError(
      `the version table lists ${gap.revision} as applied but not its parent ${gap.missingParent}: fix it with \`orm stamp <revision>\``,
      { revision: gap.revision, parent: gap.missingParent },
    );
  }
}
