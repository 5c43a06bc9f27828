/**
 * Helpers the migration commands share: option parsers, the migrations options from the
 * config, the dialect for offline work, and the coloured operation summary.
 */
import { relative, sep } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Dialect } from '../dialects/dialect.js';
import type { MigrationsOptions } from '../migrate/runner.js';
import type { OperationSummary } from '../ops/describe.js';
import type { LintFinding } from '../ops/lint.js';
import type { CliContext } from './context.js';

/** `--lock-timeout <ms>`: a non-negative integer. */
export function parseMilliseconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected milliseconds, a non-negative integer');
  return n;
}

/** Repeatable string options (`--rename a=b --rename c=d`). */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** The migrations folder and version table from the config. */
export async function migrationsOptions(ctx: CliContext): Promise<MigrationsOptions> {
  const config = await ctx.config();
  return { directory: config.migrations, versionTable: config.versionTable };
}

/** The dialect of the configured URL, without connecting (offline `--sql`, lint). */
export async function offlineDialect(ctx: CliContext): Promise<Dialect> {
  const config = await ctx.config();
  const [{ requireUrl }, { parseUrl }, { loadDialect }] = await Promise.all([import('../config/config.js'), import('../engine/url.js'), import('../dialects/index.js')]);
  return loadDialect(parseUrl(requireUrl(config), { baseDir: config.baseDir }).dialect);
}

/** A path relative to the working directory. */
export function rel(path: string): string {
  const cwd = process.cwd();
  // Most paths are below the working directory (one line per migration run): no need to walk them.
  if (path.startsWith(cwd) && path[cwd.length] === sep) return path.slice(cwd.length + 1);
  return relative(cwd, path) || path;
}

/** "abc123 (add users)" lists, or "base". */
export function revisionList(items: readonly { revision: string; message?: string }[]): string {
  return items.length === 0 ? 'base' : items.map((i) => (i.message ? `${i.revision} (${i.message})` : i.revision)).join(', ');
}

/**
 * The operations as a coloured list: `+` for safe changes, `-` in red for destructive
 * ones, each followed by its lint findings.
 */
export async function printOperations(ctx: CliContext, summaries: readonly OperationSummary[], findings: readonly LintFinding[], prefix = '  '): Promise<void> {
  const c = await ctx.out.chalk();
  const byOperation = new Map<number, LintFinding[]>();
  for (const f of findings) byOperation.set(f.operation, [...(byOperation.get(f.operation) ?? []), f]);
  summaries.forEach((s, i) => {
    ctx.out.line(`${prefix}${s.destructive ? c.red('-') : c.green('+')} ${s.text}${s.destructive ? c.red('  (destructive)') : ''}`);
    for (const f of byOperation.get(i) ?? []) {
      const colour = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.dim;
      ctx.out.line(`${prefix}    ${colour(f.code)} ${f.message}`);
    }
  });
}
