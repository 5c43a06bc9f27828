import type { Dialect } from '../dialects/dialect.js';
import type { LintFinding } from '../ops/lint.js';
import { lint } from '../ops/lint.js';
import type { Operation } from '../ops/operations.js';
import { MigrationLoader, readMigrations } from './load-migrations.js';
import { replay } from './replay.js';
import type { MigrationsOptions } from './runner.js';
import { resolveRevision } from './targets.js';

/** The lint findings of one migration, with the operations they point into. */
export interface MigrationLint {
  readonly revision: string;
  readonly file: string;
  readonly message: string;
  readonly operations: readonly Operation[];
  readonly findings: readonly LintFinding[];
}

/**
 * `orm migrate lint [rev]`: the lint findings of one migration (or of every one, oldest
 * first). Each migration's operations come from replaying it on the schema its
 * ancestors build, so no database is needed.
 */
export async function lintMigrations(options: MigrationsOptions & { readonly dialect: Dialect; readonly revision?: string }): Promise<MigrationLint[]> {
  const loader = options.loader ?? new MigrationLoader();
  const graph = await readMigrations(options.directory, loader);
  let selected: string[];
  let order: string[];
  if (options.revision !== undefined) {
    const rev = resolveRevision(graph, options.revision);
    selected = rev === null ? [] : [rev];
    order = rev === null ? [] : graph.sort(graph.closure([rev]));
  } else {
    selected = [...graph.order];
    order = [...graph.order];
  }
  const { steps } = await replay(graph, loader, order, 'upgrade');
  return steps
    .filter((s) => selected.includes(s.revision))
    .map((s) => {
      const file = graph.get(s.revision);
      const operations = s.recorded.map((r) => r.op);
      const schema = s.recorded[0]?.before;
      return { revision: s.revision, file: file.path, message: file.message, operations, findings: lint(operations, { dialect: options.dialect, ...(schema ? { schema } : {}) }) };
    });
}
