import { OrmError, exitCodeFor } from '../errors.js';
import { colorEnabled, jsonReplacer } from './output.js';

/**
 * Prints an error as one readable line (red on a TTY), or as `{ "error": … }` with
 * --json; the stack only with --debug. Returns the exit code.
 */
export async function reportError(err: unknown, globals: { json?: boolean; debug?: boolean; color?: boolean }): Promise<number> {
  const code = exitCodeFor(err);
  const known = err instanceof OrmError;
  const message = known ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}${globals.debug ? '' : ' (run with --debug for the stack trace)'}`;
  if (globals.json) {
    const payload = { error: { code: known ? err.code : 'INTERNAL', message, ...(known ? { details: err.details } : {}) } };
    process.stdout.write(`${JSON.stringify(payload, jsonReplacer, 2)}\n`);
  } else {
    const { Chalk } = await import('chalk');
    const chalk = new Chalk({ level: colorEnabled(globals.color === false) ? 1 : 0 });
    process.stderr.write(`${chalk.red('error:')} ${message.split('\n')[0]}\n`);
    // A source excerpt with a caret under the problem (a --where expression).
    if (known && typeof err.details.excerpt === 'string') process.stderr.write(`${chalk.dim(err.details.excerpt)}\n`);
  }
  if (globals.debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  if (globals.debug && err instanceof Error && err.cause instanceof Error && err.cause.stack) process.stderr.write(`caused by: ${err.cause.stack}\n`);
  return code;
}
