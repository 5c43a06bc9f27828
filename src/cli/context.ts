import type { Command } from 'commander';
import type { OrmConfig } from '../config/config.js';
import type { Engine } from '../engine/engine.js';
import type { ModelSchema } from '../schema/model-schema.js';
import { Output, colorEnabled } from './output.js';

/** Options every command accepts, before or after its name. */
export interface GlobalOptions {
  readonly config?: string;
  readonly url?: string;
  readonly echo?: boolean;
  readonly json?: boolean;
  readonly debug?: boolean;
  readonly color?: boolean;
}

/**
 * What a command needs, loaded on demand and once: config, engine, models. The engine is
 * closed when the command finishes.
 */
export class CliContext {
  readonly out: Output;
  private configPromise: Promise<OrmConfig> | null = null;
  private enginePromise: Promise<Engine> | null = null;
  private modelSchemaPromise: Promise<ModelSchema> | null = null;

  constructor(readonly globals: GlobalOptions) {
    this.out = new Output({ json: Boolean(globals.json), color: colorEnabled(globals.color === false), debug: Boolean(globals.debug) });
  }

  static from(cmd: Command): CliContext {
    return new CliContext(cmd.optsWithGlobals() as GlobalOptions);
  }

  config(): Promise<OrmConfig> {
    return (this.configPromise ??= import('../config/config.js').then((m) => m.loadConfig({ configPath: this.globals.config, url: this.globals.url })));
  }

  /**
   * The engine for the configured URL (exit 2 with instructions when there is none).
   * `options` apply when this call creates it (the first one).
   */
  engine(options: { readonly busyTimeoutMs?: number } = {}): Promise<Engine> {
    return (this.enginePromise ??= (async () => {
      const config = await this.config();
      const [{ requireUrl }, { createEngine }] = await Promise.all([import('../config/config.js'), import('../engine/engine.js')]);
      return createEngine(requireUrl(config), { echo: Boolean(this.globals.echo || config.echo), baseDir: config.baseDir, busyTimeoutMs: options.busyTimeoutMs });
    })());
  }

  /** The models' schema and rename hints: what commands comparing with a database need (see model-schema.ts). */
  modelSchema(): Promise<ModelSchema> {
    return (this.modelSchemaPromise ??= (async () => {
      const config = await this.config();
      const { loadModelSchema } = await import('../schema/model-schema.js');
      return loadModelSchema(config.models, { baseDir: config.baseDir });
    })());
  }

  async close(): Promise<void> {
    if (this.enginePromise) {
      const engine = await this.enginePromise.catch(() => null);
      await engine?.close();
    }
  }
}

/** Wraps a command action: builds the context, runs, always closes the engine. */
export function action<A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const ctx = CliContext.from(cmd);
    try {
      await fn(ctx, ...(args.slice(0, -1) as A));
    } finally {
      await ctx.close();
    }
  };
}
