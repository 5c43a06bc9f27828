import { UsageError } from '../errors.js';

/** True when we can ask the user a question. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** Asks a yes/no question on the terminal; default no. */
export async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * The confirmation of a destructive command: `--yes` passes; on a TTY we ask; with no
 * TTY and no `--yes` it is a usage error that says which flag to pass.
 */
export async function confirmDestructive(what: string, yes: boolean | undefined, flag = '--yes'): Promise<boolean> {
  if (yes) return true;
  if (!canPrompt()) throw new UsageError(`${what}: pass ${flag} to confirm (no terminal to ask)`);
  return confirm(`${what}. Continue?`);
}

/**
 * Asks until the answer is one of `choices` (matched by its first letter or in full);
 * no default, so a stray Enter decides nothing.
 */
export async function choose<C extends string>(question: string, choices: readonly C[]): Promise<C> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const hint = choices.map((c) => `[${c[0]}]${c.slice(1)}`).join(' / ');
  let done = false;
  // Input that ends (Ctrl-D) must not leave the question waiting forever.
  const closed = new Promise<never>((_, reject) => rl.once('close', () => !done && reject(new UsageError('no answer: the input was closed'))));
  closed.catch(() => undefined);
  try {
    for (;;) {
      const answer = (await Promise.race([rl.question(`${question} ${hint}: `), closed])).trim().toLowerCase();
      const picked = choices.find((c) => c.toLowerCase() === answer || (answer.length === 1 && c[0]?.toLowerCase() === answer));
      if (picked) return picked;
    }
  } finally {
    done = true;
    rl.close();
  }
}
