import { Command, Option } from 'commander';
import { countCommand } from './commands/count.js';
import { createAllCommand } from './commands/create-all.js';
import { deleteCommand } from './commands/delete.js';
import { dropAllCommand } from './commands/drop-all.js';
import { initCommand } from './commands/init.js';
import { insertCommand } from './commands/insert.js';
import { inspectCommand } from './commands/inspect.js';
import { checkCommand } from './commands/check.js';
import { currentCommand } from './commands/current.js';
import { downgradeCommand } from './commands/downgrade.js';
import { headsCommand } from './commands/heads.js';
import { historyCommand } from './commands/history.js';
import { mergeCommand } from './commands/merge.js';
import { migrateCommand } from './commands/migrate.js';
import { pullCommand } from './commands/pull.js';
import { revisionCommand } from './commands/revision.js';
import { showCommand } from './commands/show.js';
import { stampCommand } from './commands/stamp.js';
import { upgradeCommand } from './commands/upgrade.js';
import { seedCommand } from './commands/seed.js';
import { selectCommand } from './commands/select.js';
import { updateCommand } from './commands/update.js';
import { VERSION } from './version.js';

/**
 * The `orm` program: global options on the root (accepted before or after the command),
 * one small builder per command. Command modules import only commander; the work they
 * do is imported when they run, so `orm --help` loads almost nothing.
 */
export function buildProgram(): Command {
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
  for (const command of [initCommand(), createAllCommand(), dropAllCommand(), inspectCommand()]) program.addCommand(command);
  program.addCommand(migrateCommand());
  program.addCommand(revisionCommand());
  program.addCommand(upgradeCommand());
  program.addCommand(downgradeCommand());
  program.addCommand(currentCommand());
  program.addCommand(historyCommand());
  program.addCommand(headsCommand());
  program.addCommand(mergeCommand());
  program.addCommand(stampCommand());
  program.addCommand(showCommand());
  program.addCommand(checkCommand());
  program.addCommand(pullCommand());
  program.addCommand(seedCommand());
  program.addCommand(insertCommand());
  program.addCommand(selectCommand());
  program.addCommand(updateCommand());
  program.addCommand(deleteCommand());
  program.addCommand(countCommand());
  return program;
}
