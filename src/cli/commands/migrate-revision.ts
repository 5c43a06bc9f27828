import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { action } from '../context.js';
import { migrationsOptions, rel } from '../migrations.js';

export function migrateRevisionCommand(): Command {
  return new Command('revision')
    .description('write an empty migration on top of the head, to fill in by hand')
    .requiredOption('-m, --message <message>', 'what the migration does (also its file name)')
    .option('--head <revision>', 'parent revision (default: the only head; base starts a new branch)')
    .action(action(async (ctx, opts: { message: string; head?: string }) => runRevision(ctx, opts)));
}

export async function runRevision(ctx: CliContext, opts: { message: string; head?: string }): Promise<void> {
  const [{ createRevision }, options] = await Promise.all([import('../../migrate/new-revision.js'), migrationsOptions(ctx)]);
  const rev = await createRevision({ ...options, message: opts.message, head: opts.head });
  await ctx.out.result(rev, async () => {
    const c = await ctx.out.chalk();
    ctx.out.line(`${c.green('created')} ${rel(rev.path)} (revision ${rev.revision}, parent ${rev.parents.length ? rev.parents.join(', ') : 'base'})`);
  });
}
