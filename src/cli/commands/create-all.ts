import { Command } from 'commander';
import { action } from '../context.js';

export function createAllCommand(): Command {
  return new Command('create-all')
    .description('create the model tables, indexes and constraints that are missing (in foreign key order; idempotent)')
    .action(
      action(async (ctx) => {
        const [{ createAll }, models, engine] = await Promise.all([import('../../engine/create-all.js'), ctx.modelSchema(), ctx.engine()]);
        const result = await createAll(engine, models.schema);
        await ctx.out.result(result, async () => {
          const c = await ctx.out.chalk();
          for (const t of result.createdTables) ctx.out.line(`${c.green('created')} table ${t}`);
          for (const i of result.createdIndexes) ctx.out.line(`${c.green('created')} index ${i}`);
          if (result.createdTables.length === 0 && result.createdIndexes.length === 0) {
            ctx.out.line(`Nothing to create: all ${models.schema.tables.length} model tables exist.`);
          } else if (result.existingTables.length > 0) {
            ctx.out.line(c.dim(`${result.existingTables.length} table(s) already existed and were left as they are (changes to existing tables are migrations: orm migrate autogenerate).`));
          }
        });
      }),
    );
}
