import { Command, InvalidArgumentError, Option } from 'commander';
import { action } from '../context.js';

/** `orm select <table> [--where] [--columns] [--order] [--limit] [--offset] [--format]` (see `selectRows`). */
export function selectCommand(): Command {
  return new Command('select')
    .description('print rows of a table (live schema; no model files needed)')
    .argument('<table>', 'table name')
    .option('-w, --where <expr>', "filter, e.g. \"age >= 18 and name like 'A%'\"")
    .option('--columns <a,b>', 'columns to show, comma-separated (default: all)', list)
    .option('--order <col[:desc]>', 'sort by columns, comma-separated: name,age:desc', list)
    .option('--limit <n>', 'at most n rows', count)
    .option('--offset <n>', 'skip n rows', count)
    .addOption(new Option('-f, --format <format>', 'output format (default: table on a terminal, plain otherwise)').choices(['table', 'plain', 'json', 'csv']))
    .action(
      action(async (ctx, table: string, opts: { where?: string; columns?: string[]; order?: string[]; limit?: number; offset?: number; format?: 'table' | 'plain' | 'json' | 'csv' }) => {
        const [{ selectRows }, { renderRows }, engine] = await Promise.all([import('../../crud/select-rows.js'), import('../render-rows.js'), ctx.engine()]);
        const { jsonColumns, ...result } = await selectRows(engine, table, opts);
        await ctx.out.result(result, async () => {
          const format = opts.format ?? (ctx.out.isTTY ? 'table' : 'plain');
          process.stdout.write(renderRows({ ...result, jsonColumns }, format, await ctx.out.chalk()));
        });
      }),
    );
}

function list(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

function count(value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}
