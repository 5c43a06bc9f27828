import { Command, Option } from 'commander';
import { UsageError, closest } from '../../errors.js';
import { action } from '../context.js';

export function inspectCommand(): Command {
  return new Command('inspect')
    .description('show the live database schema (the version table is left out)')
    .option('-t, --table <name>', 'only this table')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'mermaid']).default('text'))
    .action(
      action(async (ctx, opts: { table?: string; format: 'text' | 'json' | 'mermaid' }) => {
        const [config, engine] = await Promise.all([ctx.config(), ctx.engine()]);
        const schema = await engine.introspect({ exclude: [config.versionTable] });
        let shown = schema;
        if (opts.table) {
          const t = schema.tables.find((x) => x.name === opts.table);
          if (!t) {
            const hint = closest(opts.table, schema.tables.map((x) => x.name));
            throw new UsageError(`no table '${opts.table}' in the database${hint ? ` (did you mean '${hint}'?)` : ''}`);
          }
          shown = { tables: [t] };
        }
        const format = ctx.out.json ? 'json' : opts.format;
        const { formatMermaid, formatSchemaText } = await import('../../schema/format.js');
        if (format === 'json') process.stdout.write(`${JSON.stringify({ dialect: engine.dialect.name, tables: shown.tables }, null, 2)}\n`);
        else if (format === 'mermaid') process.stdout.write(`${formatMermaid(shown)}\n`);
        else process.stdout.write(`${formatSchemaText(shown)}\n`);
      }),
    );
}
