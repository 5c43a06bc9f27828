import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, offlineDialect, printOperations, rel } from '../migrations.js';

export function migrateLintCommand(): Command {
  return new Command('lint')
    .description("report destructive and risky operations in a migration (default: every migration); exit 1 on an error finding")
    .argument('[revision]', 'a revision, unique prefix or head')
    .action(
      action(async (ctx, revision: string | undefined) => {
        const [{ lintMigrations }, { describeOperation }, dialect, options] = await Promise.all([
          import('../../migrate/lint-migrations.js'),
          import('../../ops/describe.js'),
          offlineDialect(ctx),
          migrationsOptions(ctx),
        ]);
        const results = await lintMigrations({ ...options, dialect, revision });
        if (results.some((r) => r.findings.some((f) => f.severity === 'error'))) process.exitCode = 1;
        await ctx.out.result(results, async () => {
          const c = await ctx.out.chalk();
          let total = 0;
          for (const r of results) {
            if (r.findings.length === 0) continue;
            total += r.findings.length;
            ctx.out.line(`${c.bold(r.revision)} ${r.message} ${c.dim(rel(r.file))}`);
            await printOperations(ctx, r.operations.map((op) => describeOperation(op)), r.findings);
          }
          ctx.out.line(total === 0 ? `No findings in ${results.length} migration(s).` : `${total} finding(s) in ${results.length} migration(s).`);
        });
      }),
    );
}
