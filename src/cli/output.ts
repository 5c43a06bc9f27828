import type { ChalkInstance } from 'chalk';

export interface OutputOptions {
  readonly json: boolean;
  readonly color: boolean;
  readonly debug: boolean;
}

/**
 * All CLI printing goes through here. In `--json` mode a command prints exactly one
 * JSON document on stdout (its result, or `{ "error": … }`); human text goes to stdout,
 * warnings and errors to stderr.
 */
export class Output {
  private chalkInstance: ChalkInstance | null = null;

  constructor(readonly options: OutputOptions) {}

  get json(): boolean {
    return this.options.json;
  }

  get isTTY(): boolean {
    return Boolean(process.stdout.isTTY);
  }

  /** chalk, loaded on first use, with colour off under --no-color, NO_COLOR or a non-TTY. */
  async chalk(): Promise<ChalkInstance> {
    if (!this.chalkInstance) {
      const { Chalk } = await import('chalk');
      this.chalkInstance = new Chalk({ level: this.options.color ? 1 : 0 });
    }
    return this.chalkInstance;
  }

  /** A line of human output (suppressed in --json mode). */
  line(text = ''): void {
    if (!this.options.json) process.stdout.write(`${text}\n`);
  }

  /** Warnings always go to stderr, so --json stdout stays parseable. */
  warn(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  /** The command's result: JSON in --json mode, else the human rendering. */
  async result(data: unknown, human: () => void | Promise<void>): Promise<void> {
    if (this.options.json) process.stdout.write(`${JSON.stringify(data, jsonReplacer, 2)}\n`);
    else await human();
  }
}

/** bigint and Buffer values in JSON output. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}

export function colorEnabled(noColorFlag: boolean): boolean {
  if (noColorFlag || process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY && process.stderr.isTTY);
}
