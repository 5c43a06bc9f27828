import { Command, Option } from 'commander';
import { VERSION } from './version.js';

/**
 * Every command, in help order, with the module that builds it. Only the command being
 * run is imported (the others are bare placeholders), so starting `orm upgrade` loads one
 * command module rather than all of them.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Command>]> = [
  ['init', async () => (await import('./commands/init.js')).initCommand()],
  ['create-all', async () => (await import('./commands/create-all.js')).createAllCommand()],
  ['drop-all', async () => (await import('./commands/drop-all.js')).dropAllCommand()],
  ['inspect', async () => (await import('./commands/inspect.js')).inspectCommand()],
  ['migrate', async () => (await import('./commands/migrate.js')).migrateCommand()],
  ['revision', async () => (await import('./commands/revision.js')).revisionCommand()],
  ['upgrade', async () => (await import('./commands/upgrade.js')).upgradeCommand()],
  ['downgrade', async () => (await import('./commands/downgrade.js')).downgradeCommand()],
  ['current', async () => (await import('./commands/current.js')).currentCommand()],
  ['history', async () => (await import('./commands/history.js')).historyCommand()],
  ['heads', async () => (await import('./commands/heads.js')).headsCommand()],
  ['merge', async () => (await import('./commands/merge.js')).mergeCommand()],
  ['stamp', async () => (await import('./commands/stamp.js')).stampCommand()],
  ['show', async () => (await import('./commands/show.js')).showCommand()],
  ['check', async () => (await import('./commands/check.js')).checkCommand()],
  ['pull', async () => (await import('./commands/pull.js')).pullCommand()],
  ['seed', async () => (await import('./commands/seed.js')).seedCommand()],
  ['insert', async () => (await import('./commands/insert.js')).insertCommand()],
  ['select', async () => (await import('./commands/select.js')).selectCommand()],
  ['update', async () => (await import('./commands/update.js')).updateCommand()],
  ['delete', async () => (await import('./commands/delete.js')).deleteCommand()],
  ['count', async () => (await import('./commands/count.js')).countCommand()],
];

export const COMMAND_NAMES: readonly string[] = COMMANDS.map(([name]) => name);

/**
 * The `orm` program: global options on the root (accepted before or after the command),
 * one small builder per command. Command modules import only commander; the work they
 * do is imported when they run. With `only`, the other commands are placeholders that
 * keep their names (for "did you mean" on typos) but load nothing.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('orm')
    .description('Migration-first database toolkit: models, migrations, schema checks, data. SQLite, PostgreSQL, MySQL/MariaDB.')
    .version(VERSION, '-V, --version')
    .option('-c, --config <path>', 'config file (default: search for ormconfig.json, .ormrc, package.json#orm, …)')
    .option('--url <url>', 'database URL (overrides DATABASE_URL and the config)')
    .option('--echo', 'print each SQL statement with its parameters')
    .option('--json', 'machine-readable output')
    .option('--debug', 'show stack traces')
    .addOption(new Option('--no-color', 'plain output without colours'))
    .showHelpAfterError('(run `orm --help` for usage)')
    .configureHelp({ sortSubcommands: false });
  const selected = only !== undefined && COMMAND_NAMES.includes(only);
  const commands = await Promise.all(COMMANDS.map(([name, load]) => (!selected || name === only ? load() : Promise.resolve(new Command(name)))));
  for (const command of commands) program.addCommand(command);
  return program;
}
