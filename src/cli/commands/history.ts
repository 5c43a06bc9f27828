import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, rel } from '../migrations.js';

export function historyCommand(): Command {
  return new Command('history')
    .description('list the revisions, newest first (no database needed)')
    .option('--graph', 'draw branches and merges')
    .option('-i, --indicate-current', 'read the database and mark the revisions it is at')
    .action(
      action(async (ctx, opts: { graph?: boolean; indicateCurrent?: boolean }) => {
        const [{ readMigrations }, { historyEntries, drawGraph, markers }, options] = await Promise.all([
          import('../../migrate/load-migrations.js'),
          import('../../migrate/history.js'),
          migrationsOptions(ctx),
        ]);
        const graph = await readMigrations(options.directory);
        let applied: ReadonlySet<string> | undefined;
        if (opts.indicateCurrent) {
          const { currentStatus } = await import('../../migrate/status.js');
          applied = (await currentStatus(await ctx.engine(), options)).state.applied;
        }
        const entries = historyEntries(graph, applied);
        await ctx.out.result(entries, async () => {
          const c = await ctx.out.chalk();
          if (entries.length === 0) {
            ctx.out.line(`No migrations in ${rel(options.directory)}.`);
            return;
          }
          const byId = new Map(entries.map((e) => [e.revision, e]));
          const label = (id: string) => {
            const e = byId.get(id)!;
            const m = markers(e);
            return `${c.bold(id)}${m.length ? c.green(` (${m.join(', ')})`) : ''} ${e.message}`;
          };
          if (opts.graph) {
            for (const line of drawGraph(graph, label)) ctx.out.line(line);
            return;
          }
          for (const e of entries) ctx.out.line(`${e.parents.length ? e.parents.join(', ') : '<base>'} -> ${label(e.revision)} ${c.dim(rel(e.file))}`);
        });
      }),
    );
}
