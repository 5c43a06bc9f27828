/**
 * `orm upgrade --sql [from:]to` / `orm downgrade --sql from:to`: the whole SQL script,
 * version-table statements included, without connecting. The schema each migration is
 * planned against comes from replaying the migrations from base.
 */
import type { Dialect } from '../dialects/dialect.js';
import { MigrationError } from '../errors.js';
import { display } from './graph.js';
import { inlineParams } from './inline-params.js';
import { MigrationLoader, readMigrations } from './load-migrations.js';
import { replay } from './replay.js';
import type { Direction } from './run-step.js';
import { mustReturnNoRows, planStep } from './run-step.js';
import type { MigrationsOptions } from './runner.js';
import { DEFAULT_VERSION_TABLE } from './runner.js';
import { planDowngrade, planUpgrade, resolveRevision } from './targets.js';
import { VersionTable } from './version-table.js';

/** Options of `offlineScript`: the dialect to write SQL for, the direction and the range. */
export interface OfflineOptions extends MigrationsOptions {
  readonly dialect: Dialect;
  readonly direction: Direction;
  /**
   * `[from:]to`. Upgrade: from defaults to `base`, to to `head`. Downgrade: from
   * defaults to `heads` (every migration applied); to is required.
   */
  readonly range?: string;
  readonly createdAt?: Date;
}

/** The script and the revisions it covers, in order. */
export interface OfflineScript {
  readonly sql: string;
  readonly revisions: readonly string[];
}

const end = (sql: string): string => (/;\s*$/.test(sql) ? sql.trimEnd() : `${sql.trimEnd()};`);

/** Builds the offline SQL script for a range of revisions (see the module comment). */
export async function offlineScript(options: OfflineOptions): Promise<OfflineScript> {
  const { dialect, direction } = options;
  const loader = options.loader ?? new MigrationLoader();
  const graph = await readMigrations(options.directory, loader);
  const versions = new VersionTable(dialect, options.versionTable ?? DEFAULT_VERSION_TABLE);
  const range = (options.range ?? '').trim();
  const colon = range.indexOf(':');
  const fromSpec = colon >= 0 ? range.slice(0, colon) || (direction === 'upgrade' ? 'base' : 'heads') : direction === 'upgrade' ? 'base' : 'heads';
  const toSpec = colon >= 0 ? range.slice(colon + 1) : range;
  if (direction === 'downgrade' && !toSpec) throw new MigrationError('downgrade --sql needs a target: [from:]to, e.g. heads:base or ab12:-1');
  if (/^[+-]\d+$/.test(fromSpec)) throw new MigrationError(`the start of an offline range must be a revision, head(s) or base, not '${fromSpec}'`);

  const fromSet = fromSpec === 'heads' ? graph.closure(graph.heads()) : graph.closure([resolveRevision(graph, fromSpec)].filter((x): x is string => x !== null));
  const revisions = direction === 'upgrade' ? planUpgrade(graph, fromSet, toSpec || 'head') : planDowngrade(graph, fromSet, toSpec);

  // The schema at `from`, then each migration replayed on it as the script goes.
  let { schema } = await replay(graph, loader, graph.sort(fromSet), 'upgrade');
  const transactional = dialect.capabilities.transactionalDdl;
  const lines: string[] = [
    `-- ormkit ${direction} script for ${dialect.name}: ${fromSpec} → ${toSpec || 'head'}`,
    `-- Generated ${(options.createdAt ?? new Date()).toISOString()} by \`orm ${direction} --sql\`; review it before running.`,
    '',
  ];
  if (fromSet.size === 0 && direction === 'upgrade') {
    lines.push(`-- the version table`, ...versions.create().map(end), '');
  }
  for (const revision of revisions) {
    const file = graph.get(revision);
    const { steps } = await replay(graph, loader, [revision], direction, schema);
    const step = steps[0]!;
    schema = step.after;
    const statements = planStep(dialect, file, step.recorded);
    const arrow = direction === 'upgrade' ? `${file.parents.join(', ') || 'base'} → ${revision}` : `${revision} → ${file.parents.join(', ') || 'base'}`;
    lines.push(`-- ${direction} ${arrow}: ${file.message} (${display(file.path)})`);
    for (const s of statements.filter((x) => x.statement.phase === 'before')) lines.push(end(inlineParams(dialect, s.statement.sql, s.statement.params)));
    if (transactional) lines.push('BEGIN;');
    for (const s of statements.filter((x) => x.statement.phase !== 'before' && x.statement.phase !== 'after')) {
      const sql = end(inlineParams(dialect, s.statement.sql, s.statement.params));
      if (transactional && s.statement.transactional === false) lines.push('COMMIT;', '-- cannot run inside a transaction:', sql, 'BEGIN;');
      else lines.push(mustReturnNoRows(sql) ? `${sql} -- must return no rows` : sql);
    }
    const record = direction === 'upgrade' ? versions.insert({ revision, checksum: file.checksum, durationMs: 0, status: 'applied' }) : versions.delete(revision);
    lines.push(end(inlineParams(dialect, record.sql, record.params)));
    if (transactional) lines.push('COMMIT;');
    for (const s of statements.filter((x) => x.statement.phase === 'after')) lines.push(end(inlineParams(dialect, s.statement.sql, s.statement.params)));
    lines.push('');
  }
  if (revisions.length === 0) lines.push('-- nothing to do', '');
  return { sql: lines.join('\n'), revisions };
}
