import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { action } from '../context.js';
import { collect, migrationsOptions, printOperations, rel } from '../migrations.js';

export interface AutogenerateFlags {
  readonly message: string;
  readonly rename?: string[];
  readonly noRename?: string[];
  readonly sql?: boolean;
}

/**
 * `--no-rename <spec>`: commander reads a `--no-` prefix as the negation of `--rename`;
 * this option is a list of its own.
 */
class NoRenameOption extends Option {
  constructor() {
    super('--no-rename <spec>', 'treat a rename candidate as a drop and an add (repeatable): table.old=new or old=new');
    this.negate = false;
    this.argParser(collect);
  }
  override attributeName(): string {
    return 'noRename';
  }
}

/** Adds the autogenerate options to a command (`migrate autogenerate` and `revision --autogenerate`). */
export function autogenerateOptions(cmd: Command): Command {
  return cmd
    .option('--rename <spec>', 'a rename autogenerate cannot infer (repeatable): users.fullname=name (column, table named by its new name) or persons=people (table)', collect)
    .addOption(new NoRenameOption())
    .option('--sql', 'print the SQL the changes would run instead of writing a file');
}

export function migrateAutogenerateCommand(): Command {
  return autogenerateOptions(
    new Command('autogenerate')
      .description('write a migration with the changes that take the database (at head) to the models')
      .requiredOption('-m, --message <message>', 'what the migration does (also its file name)'),
  ).action(action(async (ctx, opts: AutogenerateFlags) => runAutogenerate(ctx, opts)));
}

export async function runAutogenerate(ctx: CliContext, opts: AutogenerateFlags): Promise<void> {
  const [{ autogenerate }, { renameDecisions, flagsFor, candidateText }, { canPrompt, choose }, options, models, engine, config] = await Promise.all([
    import('../../migrate/autogenerate.js'),
    import('../../migrate/renames.js'),
    import('../prompt.js'),
    migrationsOptions(ctx),
    ctx.modelSchema(),
    ctx.engine(),
    ctx.config(),
  ]);
  const renames = renameDecisions(models.renames, { rename: opts.rename, noRename: opts.noRename });
  const interactive = canPrompt() && !ctx.out.json;
  const result = await autogenerate(engine, {
    ...options,
    models: models.schema,
    ignore: config.ignore,
    message: opts.message,
    renames,
    sql: opts.sql,
    decide: interactive
      ? async (c) => (await choose(`${candidateText(c)}: rename, or drop and add?`, ['rename', 'drop-and-add'] as const)) === 'rename'
      : undefined,
  });
  const c = await ctx.out.chalk();
  if (result.status === 'ambiguous') {
    const parts = result.candidates.map((x) => `${candidateText(x)} (pass ${flagsFor(x).rename} to rename, or ${flagsFor(x).dropAdd} to drop and add)`);
    throw new UsageError(`cannot tell a rename from a drop and an add without a terminal to ask: ${parts.join('; ')}; no migration written`, {
      candidates: result.candidates,
      flags: result.candidates.map(flagsFor),
    });
  }
  if (result.status === 'empty') {
    await ctx.out.result(result, () => ctx.out.line('No changes detected: no migration written.'));
    return;
  }
  if (result.statements) {
    await ctx.out.result(result, async () => {
      ctx.out.line(`-- ${result.operations.length} operation(s) from \`orm migrate autogenerate --sql\`; no file written`);
      await printOperations(ctx, result.summaries, result.lint, '-- ');
      for (const s of result.statements!) ctx.out.line(`${s.trimEnd().replace(/;$/, '')};`);
    });
    return;
  }
  await ctx.out.result(result, async () => {
    await printOperations(ctx, result.summaries, result.lint);
    const destructive = result.summaries.filter((s) => s.destructive).length;
    ctx.out.line(`${c.green('wrote')} ${rel(result.file!.path)} (${result.operations.length} operation(s)${destructive ? `, ${c.red(`${destructive} destructive`)}` : ''})`);
    ctx.out.line(c.dim('Review it, then run `orm upgrade`.'));
  });
}
