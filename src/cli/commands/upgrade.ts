import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, offlineDialect, parseMilliseconds } from '../migrations.js';
import { runMigrations } from './run-migrations.js';

export function upgradeCommand(): Command {
  return new Command('upgrade')
    .description('apply migrations up to a target: head (default), heads, a revision or unique prefix, +N')
    .argument('[target]', 'head | heads | <revision> | +N; with --sql: [from:]to', 'head')
    .option('--sql', 'print the SQL script instead of running it (needs only the URL, does not connect)')
    .option('--lock-timeout <ms>', 'how long to wait for a migration running elsewhere (default 60000)', parseMilliseconds)
    .option('--skip-lint', 'run a migration even when lint says the database will refuse it (an error finding such as ORM010)')
    .action(
      action(async (ctx, target: string, opts: { sql?: boolean; lockTimeout?: number; skipLint?: boolean }) => {
        if (opts.sql) {
          const [{ offlineScript }, dialect, options] = await Promise.all([import('../../migrate/offline.js'), offlineDialect(ctx), migrationsOptions(ctx)]);
          const script = await offlineScript({ ...options, dialect, direction: 'upgrade', range: target === 'head' ? undefined : target });
          await ctx.out.result(script, () => void process.stdout.write(script.sql));
          return;
        }
        await runMigrations(ctx, 'upgrade', target, opts.lockTimeout, opts.skipLint !== true);
      }),
    );
}
