import { Command } from 'commander';
import { action } from '../context.js';

export function initCommand(): Command {
  return new Command('init')
    .description('start a project: ormconfig.json (SQLite app.db), models/index.ts, migrations/, seeds/')
    .argument('[dir]', 'project folder', '.')
    .option('--force', 'overwrite files that already exist')
    .action(
      action(async (ctx, dir: string, opts: { force?: boolean }) => {
        const { initProject } = await import('../../project/init.js');
        const result = initProject(dir, { force: opts.force });
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          for (const f of result.written) ctx.out.line(`${c.green('created')} ${f}`);
          for (const f of result.kept) ctx.out.line(`${c.yellow('kept')}    ${f} (exists; --force overwrites)`);
          ctx.out.line('');
          ctx.out.line('Next steps:');
          if (dir !== '.') ctx.out.line(`  cd ${dir}`);
          ctx.out.line('  orm create-all                       # create the tables of models/index.ts in app.db');
          ctx.out.line('  orm inspect                          # look at the live schema');
          ctx.out.line('  orm migrate autogenerate -m "init"   # or start with versioned migrations instead');
        });
      }),
    );
}
