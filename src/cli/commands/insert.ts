import { Command } from 'commander';
import { action } from '../context.js';
import { plural } from './update.js';

/** `orm insert <table> col=value … | --json '{…}' | --file rows.json` (see `insertRows`). */
export function insertCommand(): Command {
  return new Command('insert')
    .description('insert rows: col=value pairs, a JSON object or array (--json \'{…}\'), or --file rows.json')
    .argument('<table>', 'table name')
    .argument('[values...]', "col=text, col:=json (age:=null), or one JSON document: --json '{\"name\": \"Ann\"}'")
    .option('--file <path>', "rows from a JSON file (an object or an array of objects); '-' reads stdin")
    .addHelpText('after', "\nAll rows are inserted in one transaction: all or none. --json '{…}' also makes the output JSON.")
    .action(
      action(async (ctx, table: string, values: string[], opts: { file?: string }) => {
        const [{ insertRows }, { parseAssignments, rowsFromJson }, { jsonRowLines, withoutBom }, { UsageError }, engine] = await Promise.all([
          import('../../crud/insert-rows.js'),
          import('../../crud/assignments.js'),
          import('../../crud/json-lines.js'),
          import('../../errors.js'),
          ctx.engine(),
        ]);
        // The global --json flag takes no value, so `--json '{…}'` leaves the document
        // among the values: a value that is a JSON object or array is a document of rows.
        const documents = values.filter(isJsonDocument);
        const pairs = values.filter((v) => !isJsonDocument(v));
        const sources = [documents.length > 0, pairs.length > 0, opts.file !== undefined].filter(Boolean).length;
        if (sources === 0) throw new UsageError(`nothing to insert into ${table}: give col=value pairs, --json '{…}' or --file rows.json`);
        if (sources > 1 || documents.length > 1) throw new UsageError('give the rows one way: col=value pairs, one --json document, or --file');

        let result;
        if (opts.file !== undefined) {
          const { readFileSync } = await import('node:fs');
          const name = opts.file === '-' ? 'stdin' : opts.file;
          let text: string;
          try {
            text = withoutBom(readFileSync(opts.file === '-' ? 0 : opts.file, 'utf8'));
          } catch (err) {
            throw new UsageError(`--file ${name}: cannot read: ${(err as Error).message}`);
          }
          const rows = rowsFromJson(text, name);
          const lines = jsonRowLines(text).array;
          result = await insertRows(engine, table, rows, { describe: (i) => `${name}:${lines[i] ?? 1}` });
        } else if (documents.length > 0) {
          result = await insertRows(engine, table, rowsFromJson(documents[0]!, '--json'));
        } else {
          result = await insertRows(engine, table, [parseAssignments(pairs)]);
        }
        await ctx.out.result(result, () =>
          ctx.out.line(`inserted ${plural(result.inserted)} into ${result.table}${result.insertedId !== undefined ? ` (id ${result.insertedId})` : ''}`),
        );
      }),
    );
}

/** `{…}` always (a malformed one gets a JSON error, not "not col=value"); `[…]` when it parses. */
function isJsonDocument(value: string): boolean {
  const t = value.trim();
  if (t.startsWith('{')) return true;
  if (!t.startsWith('[')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}
