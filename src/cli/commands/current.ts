import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, rel } from '../migrations.js';

export function currentCommand(): Command {
  return new Command('current')
    .description('show the revision(s) the database is at, and what is pending, failed or edited')
    .action(
      action(async (ctx) => {
        const [{ currentStatus }, { failedAdvice, changedAdvice }, options, engine] = await Promise.all([
          import('../../migrate/status.js'),
          import('../../migrate/state.js'),
          migrationsOptions(ctx),
          ctx.engine(),
        ]);
        const status = await currentStatus(engine, options);
        const { graph, state } = status;
        const info = (id: string) => ({ revision: id, message: graph.get(id).message, file: graph.get(id).path });
        const data = {
          current: state.heads.map(info),
          heads: status.fileHeads.map(info),
          atHead: status.atHead,
          pending: status.pending.map(info),
          failed: state.failed.map((r) => ({ revision: r.revision, failedStatement: r.failedStatement, error: r.error })),
          changed: state.changed.map((c) => ({ revision: c.revision, file: c.file })),
          unknown: state.unknown.map((r) => r.revision),
        };
        await ctx.out.result(data, async () => {
          const c = await ctx.out.chalk();
          if (state.heads.length === 0) ctx.out.line(`base ${c.dim('(no migration applied)')}`);
          for (const h of state.heads) {
            const tag = status.fileHeads.includes(h) ? c.green(' (head)') : '';
            ctx.out.line(`${c.bold(h)}${tag} ${graph.get(h).message} ${c.dim(rel(graph.get(h).path))}`);
          }
          if (status.pending.length > 0) ctx.out.line(c.yellow(`${status.pending.length} migration(s) pending: run \`orm upgrade\``));
          for (const r of state.failed) ctx.out.line(c.red(`failed: ${failedAdvice(graph, r)}`));
          for (const ch of state.changed) ctx.out.line(c.yellow(`edited: ${changedAdvice(ch)}`));
          for (const r of state.unknown) ctx.out.line(c.red(`unknown: revision ${r.revision} is applied but no migration file has it`));
        });
      }),
    );
}
