import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { action } from '../context.js';
import { migrationsOptions } from '../migrations.js';

export function migrateResolveCommand(): Command {
  return new Command('resolve')
    .description('clear a migration recorded as failed, once you have repaired the database by hand')
    .argument('<revision>', 'the failed revision or a unique prefix')
    .option('--applied', 'its changes are in the database: keep it as applied')
    .option('--rolled-back', 'its changes are not in the database: the next upgrade runs it again')
    .action(
      action(async (ctx, revision: string, opts: { applied?: boolean; rolledBack?: boolean }) => {
        if (Boolean(opts.applied) === Boolean(opts.rolledBack)) throw new UsageError('pass exactly one of --applied (its changes are in place) or --rolled-back (they are not)');
        const [{ resolveFailed }, options, engine] = await Promise.all([import('../../migrate/repair.js'), migrationsOptions(ctx), ctx.engine()]);
        const result = await resolveFailed(engine, { ...options, revision, resolution: opts.applied ? 'applied' : 'rolled-back' });
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          ctx.out.line(`${c.green('resolved')} ${result.revision} as ${result.resolution}`);
        });
      }),
    );
}
