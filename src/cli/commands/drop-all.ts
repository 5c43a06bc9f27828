import { Command } from 'commander';
import { action } from '../context.js';

export function dropAllCommand(): Command {
  return new Command('drop-all')
    .description('drop the model tables (dependents first); asks on a terminal, needs --yes otherwise')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--all', 'drop every table in the database, including ones no model describes (except those "ignore" names)')
    .action(
      action(async (ctx, opts: { yes?: boolean; all?: boolean }) => {
        const [{ dropAll }, { confirmDestructive }, engine, config] = await Promise.all([
          import('../../engine/create-all.js'),
          import('../prompt.js'),
          ctx.engine(),
          ctx.config(),
        ]);
        // --all works without model files: it needs only the live database.
        const schema = opts.all ? { tables: [] } : (await ctx.modelSchema()).schema;
        const plan = await dropAll(engine, schema, { all: opts.all, dryRun: true, ignore: config.ignore });
        if (plan.droppedTables.length === 0) {
          await ctx.out.result({ droppedTables: [] }, () => ctx.out.line('Nothing to drop: no model tables exist.'));
          return;
        }
        const ok = await confirmDestructive(
          `drop-all will drop ${plan.droppedTables.length} table(s) and their data: ${plan.droppedTables.join(', ')}`,
          opts.yes,
        );
        if (!ok) {
          ctx.out.line('Cancelled; nothing was dropped.');
          return;
        }
        const result = await dropAll(engine, schema, { all: opts.all, ignore: config.ignore });
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          for (const t of result.droppedTables) ctx.out.line(`${c.red('dropped')} table ${t}`);
        });
      }),
    );
}
