import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, printOperations } from '../migrations.js';

export function checkCommand(): Command {
  return new Command('check')
    .description('CI schema check: models match the database at head, migrations reproduce the models, applied files unchanged, one head; exit 1 on any failure')
    .option('--no-database', 'skip the checks that need the live database')
    .option('--no-cache', 'replay the migrations even when the same files were replayed before (their result is otherwise reused)')
    .action(
      action(async (ctx, opts: { database: boolean; cache: boolean }) => {
        const [{ check }, { parseUrl }, { loadDialect }, config, options, models] = await Promise.all([
          import('../../migrate/check.js'),
          import('../../engine/url.js'),
          import('../../dialects/index.js'),
          ctx.config(),
          migrationsOptions(ctx),
          ctx.modelSchema(),
        ]);
        const url = config.url ? parseUrl(config.url, { baseDir: config.baseDir }) : null;
        // Without a URL there is no dialect to ask: migrations are replayed on SQLite.
        const dialect = await loadDialect(url?.dialect ?? 'sqlite');
        const engine = opts.database && url ? await ctx.engine() : null;
        const noDatabaseReason = !opts.database ? '--no-database' : 'no database URL configured';
        const result = await check({ ...options, models: models.schema, engine, dialect, url, noDatabaseReason, cache: opts.cache, ignore: config.ignore });
        if (!result.ok) process.exitCode = 1;
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          for (const item of result.checks) {
            const mark = item.status === 'passed' ? c.green('✓') : item.status === 'failed' ? c.red('✗') : c.dim('-');
            const detail = item.status === 'skipped' ? c.dim(`skipped: ${item.detail}`) : item.detail;
            ctx.out.line(`${mark} ${item.title}: ${detail}`);
            if (item.expected !== undefined && item.actual !== undefined) {
              // Loaded only for a failed check: a passing one prints no diff.
              const { createTwoFilesPatch } = await import('diff');
              const against = item.id === 'models-match-database' ? 'database' : 'migrations';
              const patch = createTwoFilesPatch(against, 'models', item.actual, item.expected, '', '', { context: 3 });
              // Drop the `=====` rule the diff package puts above the file names.
              for (const line of patch.split('\n').filter((l) => !/^=+$/.test(l))) {
                if (line.startsWith('+++') || line.startsWith('---')) ctx.out.line(`    ${c.bold(line.trimEnd())}`);
                else if (line.startsWith('+')) ctx.out.line(`    ${c.green(line)}`);
                else if (line.startsWith('-')) ctx.out.line(`    ${c.red(line)}`);
                else if (line.startsWith('@@')) ctx.out.line(`    ${c.cyan(line)}`);
                else if (line) ctx.out.line(`    ${line}`);
              }
            }
            if (item.operations && item.operations.length > 0) {
              const { describeOperation } = await import('../../ops/describe.js');
              ctx.out.line(`    operations to ${item.id === 'models-match-database' ? 'bring the database to' : 'add to the migrations for'} the models:`);
              await printOperations(ctx, item.operations.map((op) => describeOperation(op)), [], '      ');
            }
          }
          ctx.out.line(result.ok ? c.green('All checks passed.') : c.red('Schema check failed.'));
        });
      }),
    );
}
