import type { CliContext } from '../context.js';
import { migrationsOptions, rel } from '../migrations.js';

/** The online part of `orm upgrade` / `orm downgrade`: run, print each step, then where the database is. */
export async function runMigrations(ctx: CliContext, direction: 'upgrade' | 'downgrade', target: string, lockTimeoutMs: number | undefined, lint = true): Promise<void> {
  const [runner, options] = await Promise.all([import('../../migrate/runner.js'), migrationsOptions(ctx)]);
  const timeout = lockTimeoutMs ?? runner.DEFAULT_LOCK_TIMEOUT_MS;
  // SQLite waits for another writer on its busy timeout: that is its lock timeout.
  const engine = await ctx.engine({ busyTimeoutMs: timeout });
  const c = await ctx.out.chalk();
  const run = direction === 'upgrade' ? runner.upgrade : runner.downgrade;
  const result = await run(engine, {
    ...options,
    target,
    lockTimeoutMs: timeout,
    lint,
    onEvent: (e) => {
      if (e.type !== 'done') return;
      const verb = direction === 'upgrade' ? c.green('applied ') : c.yellow('reverted');
      ctx.out.line(`${verb} ${e.revision} ${rel(e.file)} ${c.dim(`(${Math.round(e.durationMs)} ms)`)}`);
    },
  });
  for (const file of result.changed) ctx.out.warn(`${c.yellow('warning:')} ${rel(file)} was edited after it was applied (\`orm migrate rehash <rev>\` accepts the edit)`);
  await ctx.out.result(result, () => {
    const at = result.to.length ? result.to.join(', ') : 'base';
    if (result.steps.length === 0) ctx.out.line(`Nothing to ${direction}: the database is at ${at}.`);
    else ctx.out.line(`${result.steps.length} migration(s) ${direction === 'upgrade' ? 'applied' : 'reverted'}; the database is at ${at}.`);
  });
}
