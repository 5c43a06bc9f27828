import { Command } from 'commander';
import { MigrationError } from '../../errors.js';
import { action } from '../context.js';
import { migrationsOptions, offlineDialect, printOperations, rel } from '../migrations.js';

export function showCommand(): Command {
  return new Command('show')
    .description('show one revision: its file, parents, children and operations (no database needed)')
    .argument('<revision>', 'a revision, unique prefix, head or head-N')
    .option('--sql', "also print its upgrade SQL for the configured URL's dialect")
    .action(
      action(async (ctx, spec: string, opts: { sql?: boolean }) => {
        const [{ readMigrations, MigrationLoader }, { resolveRevision }, { entryFor, markers }, { replay }, { describeOperation }, options] = await Promise.all([
          import('../../migrate/load-migrations.js'),
          import('../../migrate/targets.js'),
          import('../../migrate/history.js'),
          import('../../migrate/replay.js'),
          import('../../ops/describe.js'),
          migrationsOptions(ctx),
        ]);
        const loader = new MigrationLoader();
        const graph = await readMigrations(options.directory, loader);
        const revision = resolveRevision(graph, spec);
        if (revision === null) throw new MigrationError('base is not a revision: name one (or head)');
        const entry = entryFor(graph, revision);
        // Its operations, as replayed on the schema its ancestors build.
        const before = await replay(graph, loader, graph.sort(graph.ancestors(revision)), 'upgrade');
        const step = (await replay(graph, loader, [revision], 'upgrade', before.schema)).steps[0]!;
        const summaries = step.recorded.map((r) => describeOperation(r.op));
        let sql: string[] | null = null;
        if (opts.sql) {
          const [{ planStep }, { inlineParams }, dialect] = await Promise.all([import('../../migrate/run-step.js'), import('../../migrate/inline-params.js'), offlineDialect(ctx)]);
          sql = planStep(dialect, graph.get(revision), step.recorded).map((s) => `${inlineParams(dialect, s.statement.sql, s.statement.params).trimEnd()};`);
        }
        const data = { ...entry, operations: step.recorded.map((r) => r.op), summaries, sql };
        await ctx.out.result(data, async () => {
          const c = await ctx.out.chalk();
          const m = markers(entry);
          ctx.out.line(`Revision: ${c.bold(revision)}${m.length ? c.green(` (${m.join(', ')})`) : ''}`);
          ctx.out.line(`Parent:   ${entry.parents.length ? entry.parents.join(', ') : '<base>'}`);
          ctx.out.line(`Children: ${entry.children.length ? entry.children.join(', ') : '(none)'}`);
          ctx.out.line(`Path:     ${rel(entry.file)}`);
          ctx.out.line(`Message:  ${entry.message}`);
          ctx.out.line('');
          if (summaries.length === 0) ctx.out.line(c.dim('  (no operations)'));
          else await printOperations(ctx, summaries, []);
          if (sql) {
            ctx.out.line('');
            for (const s of sql) ctx.out.line(s);
          }
        });
      }),
    );
}
