import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, rel } from '../migrations.js';

export function migrateRehashCommand(): Command {
  return new Command('rehash')
    .description('accept the edits to an applied migration file: record its current checksum')
    .argument('<revision>', 'a revision or unique prefix')
    .action(
      action(async (ctx, revision: string) => {
        const [{ rehash }, options, engine] = await Promise.all([import('../../migrate/repair.js'), migrationsOptions(ctx), ctx.engine()]);
        const result = await rehash(engine, { ...options, revision });
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          const same = result.previous === result.checksum;
          ctx.out.line(`${c.green('rehashed')} ${result.revision} ${rel(result.file)}${same ? c.dim(' (the checksum was already current)') : ''}`);
        });
      }),
    );
}
