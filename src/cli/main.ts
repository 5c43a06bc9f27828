import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

/** Runs the CLI; sets `process.exitCode` (0 ok, 1 check failed, 2 usage/config/input, 3 database). */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  // Subcommands added with addCommand() do not inherit exitOverride: set it on each.
  for (const cmd of [program, ...program.commands]) cmd.exitOverride();
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
