import { Command } from 'commander';
import { action } from '../context.js';

/** `orm count <table> [--where EXPR]` (see `countRows`). */
export function countCommand(): Command {
  return new Command('count')
    .description('print the number of rows of a table, all or matching --where')
    .argument('<table>', 'table name')
    .option('-w, --where <expr>', 'count only matching rows')
    .action(
      action(async (ctx, table: string, opts: { where?: string }) => {
        const [{ countRows }, engine] = await Promise.all([import('../../crud/select-rows.js'), ctx.engine()]);
        const result = await countRows(engine, table, opts);
        await ctx.out.result(result, () => ctx.out.line(String(result.count)));
      }),
    );
}
