import { Command } from 'commander';
import { action } from '../context.js';

/** `orm update <table> --set col=value … (--where EXPR | --all)` (see `updateRows`). */
export function updateCommand(): Command {
  return new Command('update')
    .description('update rows matching --where (every row only with --all)')
    .argument('<table>', 'table name')
    .requiredOption('-s, --set <col=value...>', 'new values: col=text, or col:=json (age:=null)')
    .option('-w, --where <expr>', 'which rows, e.g. "id = 3"')
    .option('--all', 'update every row')
    .action(
      action(async (ctx, table: string, opts: { set: string[]; where?: string; all?: boolean }) => {
        const [{ updateRows }, { parseAssignments }, engine] = await Promise.all([
          import('../../crud/modify-rows.js'),
          import('../../crud/assignments.js'),
          ctx.engine(),
        ]);
        const result = await updateRows(engine, table, { set: parseAssignments(opts.set, '--set'), where: opts.where, all: opts.all });
        await ctx.out.result(result, () => ctx.out.line(`updated ${plural(result.updated)} in ${result.table}`));
      }),
    );
}

/** `1 row`, `2 rows`. */
export function plural(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}
