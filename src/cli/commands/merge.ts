import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, rel } from '../migrations.js';

export function mergeCommand(): Command {
  return new Command('merge')
    .description('join two or more heads with an empty merge migration (`heads` names them all)')
    .argument('<revisions...>', 'revisions or unique prefixes to merge, or heads')
    .requiredOption('-m, --message <message>', 'what the merge is for')
    .action(
      action(async (ctx, revisions: string[], opts: { message: string }) => {
        const [{ mergeRevisions }, options] = await Promise.all([import('../../migrate/new-revision.js'), migrationsOptions(ctx)]);
        const rev = await mergeRevisions({ ...options, revisions, message: opts.message });
        await ctx.out.result(rev, async () => {
          const c = await ctx.out.chalk();
          ctx.out.line(`${c.green('created')} ${rel(rev.path)} merging ${rev.parents.join(', ')}`);
        });
      }),
    );
}
