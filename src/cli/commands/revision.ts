import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { action } from '../context.js';
import type { AutogenerateFlags } from './migrate-autogenerate.js';
import { autogenerateOptions, runAutogenerate } from './migrate-autogenerate.js';
import { runRevision } from './migrate-revision.js';

/** `orm revision -m …` (empty) and `orm revision --autogenerate -m …`, Alembic's spelling. */
export function revisionCommand(): Command {
  return autogenerateOptions(
    new Command('revision')
      .description('write a new migration: empty, or with --autogenerate the changes the models need (same as `orm migrate autogenerate`)')
      .requiredOption('-m, --message <message>', 'what the migration does (also its file name)')
      .option('--autogenerate', 'compare the models with the database and write the changes')
      .option('--head <revision>', 'parent revision of an empty migration (default: the only head)'),
  ).action(
    action(async (ctx, opts: AutogenerateFlags & { autogenerate?: boolean; head?: string }) => {
      if (opts.autogenerate) return runAutogenerate(ctx, opts);
      if (opts.rename || opts.noRename || opts.sql) throw new UsageError('--rename, --no-rename and --sql go with --autogenerate');
      return runRevision(ctx, opts);
    }),
  );
}
