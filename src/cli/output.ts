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

  /**
   * chalk, loaded on first use; under --no-color, NO_COLOR or a non-TTY a stand-in that
   * returns the text unchanged, so scripted runs do not load chalk at all.
   */
  async chalk(): Promise<ChalkInstance> {
    if (!this.chalkInstance) {
      if (this.options.color) {
        const { Chalk } = await import('chalk');
        this.chalkInstance = new Chalk({ level: 1 });
      } else {
        this.chalkInstance = plainChalk();
      }
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

/**
 * What chalk at level 0 does: every style, however chained (`c.red.bold`), returns its
 * arguments joined by spaces; style functions taking parameters (`c.hex('#f00')`) return
 * the same.
 */
function plainChalk(): ChalkInstance {
  const join = (...args: unknown[]): string => args.map(String).join(' ');
  const styled: object = new Proxy(join, {
    get: (target, key) => {
      if (key === 'level') return 0;
      // Not a thenable: the instance is handed out through a promise.
      if (key === 'then' || typeof key !== 'string' || key in target) return Reflect.get(target, key);
      return PARAM_STYLES.has(key) ? () => styled : styled;
    },
    apply: (_target, _this, args: unknown[]) => join(...args),
  });
  return styled as ChalkInstance;
}

const PARAM_STYLES = new Set(['rgb', 'hex', 'ansi256', 'bgRgb', 'bgHex', 'bgAnsi256']);

/**
 * bigint and Buffer values in JSON output. Bytes are `\x` and hex, the form `orm insert`
 * and `orm seed` read as binary (base64 would read back as its own text).
 */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return `\\x${Buffer.from((value as { data: number[] }).data).toString('hex')}`;
  }
  return value;
}

export function colorEnabled(noColorFlag: boolean): boolean {
  if (noColorFlag || process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY && process.stderr.isTTY);
}
