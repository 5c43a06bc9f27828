import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, parseMilliseconds } from '../migrations.js';

export function stampCommand(): Command {
  return new Command('stamp')
    .description('record the database as being at a revision without running migrations (head, heads, base, a revision)')
    .argument('<revision>', 'head | heads | base | <revision>')
    .option('--lock-timeout <ms>', 'how long to wait for a migration running elsewhere (default 60000)', parseMilliseconds)
    .action(
      action(async (ctx, revision: string, opts: { lockTimeout?: number }) => {
        const [{ stamp }, options] = await Promise.all([import('../../migrate/repair.js'), migrationsOptions(ctx)]);
        const engine = await ctx.engine({ busyTimeoutMs: opts.lockTimeout });
        const result = await stamp(engine, { ...options, target: revision, lockTimeoutMs: opts.lockTimeout });
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          for (const r of result.added) ctx.out.line(`${c.green('stamped')} ${r}`);
          for (const r of result.removed) ctx.out.line(`${c.yellow('unstamped')} ${r}`);
          ctx.out.line(`The database is recorded at ${result.to.length ? result.to.join(', ') : 'base'} (no migration was run).`);
        });
      }),
    );
}
