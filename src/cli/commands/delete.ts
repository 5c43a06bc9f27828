import { Command } from 'commander';
import { action } from '../context.js';
import { plural } from './update.js';

/** `orm delete <table> (--where EXPR | --all [--yes])` (see `deleteRows`). */
export function deleteCommand(): Command {
  return new Command('delete')
    .description('delete rows matching --where; --all empties the table (asks on a terminal, needs --yes otherwise)')
    .argument('<table>', 'table name')
    .option('-w, --where <expr>', 'which rows, e.g. "id in (3, 4)"')
    .option('--all', 'delete every row')
    .option('-y, --yes', 'do not ask before --all')
    .action(
      action(async (ctx, table: string, opts: { where?: string; all?: boolean; yes?: boolean }) => {
        const [{ deleteRows }, engine] = await Promise.all([import('../../crud/modify-rows.js'), ctx.engine()]);
        if (opts.all && opts.where === undefined) {
          const [{ countRows }, { confirmDestructive }] = await Promise.all([import('../../crud/select-rows.js'), import('../prompt.js')]);
          const { count } = await countRows(engine, table);
          if (!(await confirmDestructive(`delete --all will remove all ${plural(count)} of ${table}`, opts.yes))) {
            ctx.out.line('Cancelled; nothing was deleted.');
            return;
          }
        }
        const result = await deleteRows(engine, table, opts);
        await ctx.out.result(result, () => ctx.out.line(`deleted ${plural(result.deleted)} from ${result.table}`));
      }),
    );
}
