import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { COMMAND_NAMES, buildProgram } from './program.js';

/** Global options that take a value: the word after them is not the command name. */
const GLOBAL_WITH_VALUE = new Set(['-c', '--config', '--url']);

/** The command named on the command line (`orm --url x upgrade head` → `upgrade`), if any. */
export function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return undefined;
    if (GLOBAL_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a === 'help' ? args[i + 1] : a;
  }
  return undefined;
}

/** Top-level help as rendered at build time (`scripts/build-help.mjs`): no commands to load. */
const HELP_FILE = new URL('./help.txt', import.meta.url);

/** Runs the CLI; sets `process.exitCode` (0 ok, 1 check failed, 2 usage/config/input, 3 database). */
export async function main(argv: readonly string[]): Promise<void> {
  // `orm select … | head` closes stdout early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const args = argv.slice(2);
  const target = commandOf(args);
  const plainHelp = args.length === 0 || (target === undefined && args.every((a) => a === '--help' || a === '-h' || a === 'help'));
  if (plainHelp && existsSync(HELP_FILE)) {
    process.stdout.write(readFileSync(HELP_FILE, 'utf8'));
    return;
  }
  const program = await buildProgram(target !== undefined && COMMAND_NAMES.includes(target) ? target : undefined);
  // Commands added with addCommand() do not inherit exitOverride: set it on every level.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its message (or the help/version text).
      process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2;
      return;
    }
    const { reportError } = await import('./report-error.js');
    process.exitCode = await reportError(err, program.opts());
  }
}
