import { Command } from 'commander';
import { action } from '../context.js';
import { migrationsOptions, rel } from '../migrations.js';

export function headsCommand(): Command {
  return new Command('heads')
    .description('list the head revisions (more than one: merge them with `orm merge`)')
    .action(
      action(async (ctx) => {
        const [{ readMigrations }, { mergeAdvice }, options] = await Promise.all([import('../../migrate/load-migrations.js'), import('../../migrate/targets.js'), migrationsOptions(ctx)]);
        const graph = await readMigrations(options.directory);
        const heads = graph.heads().map((id) => ({ revision: id, message: graph.get(id).message, file: graph.get(id).path }));
        await ctx.out.result(heads, async () => {
          const c = await ctx.out.chalk();
          if (heads.length === 0) ctx.out.line(`No migrations in ${rel(options.directory)}.`);
          for (const h of heads) ctx.out.line(`${c.bold(h.revision)} (head) ${h.message} ${c.dim(rel(h.file))}`);
          if (heads.length > 1) ctx.out.line(c.yellow(mergeAdvice(heads.map((h) => h.revision))));
        });
      }),
    );
}
