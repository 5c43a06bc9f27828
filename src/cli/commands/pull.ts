import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { action } from '../context.js';
import { rel } from '../migrations.js';

export function pullCommand(): Command {
  return new Command('pull')
    .description('write model source from the live database, to adopt an existing database (then `orm stamp head`)')
    .option('-o, --out <file>', 'file to write (default: <models folder>/schema.ts)')
    .option('--force', 'overwrite the file if it exists')
    .action(
      action(async (ctx, opts: { out?: string; force?: boolean }) => {
        const [{ pull }, { join, resolve }, config] = await Promise.all([import('../../migrate/pull.js'), import('node:path'), ctx.config()]);
        if (!opts.out && /[*?[{]/.test(config.models)) throw new UsageError(`"models" is a glob (${config.models}): name the file to write with --out`);
        const out = opts.out ? resolve(opts.out) : /\.[cm]?[jt]s$/.test(config.models) ? config.models : join(config.models, 'schema.ts');
        const result = await pull(await ctx.engine(), { out, force: opts.force, versionTable: config.versionTable, ignore: config.ignore });
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          ctx.out.line(`${c.green('wrote')} ${rel(result.path)} (${result.tables.length} table${result.tables.length === 1 ? '' : 's'})`);
          ctx.out.line('Next: `orm migrate autogenerate -m "…"` should report no changes; `orm stamp head` records the database at your latest migration.');
        });
      }),
    );
}
