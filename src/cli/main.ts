import type { Command } from 'commander';
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

/** Runs the CLI; sets `process.exitCode` (0 ok, 1 check failed, 2 usage/config/input, 3 database). */
export async function main(argv: readonly string[]): Promise<void> {
  // `orm select … | head` closes stdout early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const program = buildProgram();
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
