import { Command, Option } from 'commander';
import { action } from '../context.js';

/** `orm seed [paths…] [--mode] [--on] [--truncate]` (see `seed`). */
export function seedCommand(): Command {
  return new Command('seed')
    .description('load .json, .csv and .ts/.js seed files in one transaction (tables in foreign-key order): all rows or none')
    .argument('[paths...]', 'seed files or folders (default: the config\'s "seeds" folder)')
    .addOption(new Option('--mode <mode>', 'insert, upsert (update matching rows), or replace (matching rows become the seed row)').choices(['insert', 'upsert', 'replace']).default('insert'))
    .option('--on <constraint>', 'the unique constraint upsert/replace match on (default: the primary key)')
    .option('--truncate', 'empty the seeded tables first (dependents first)')
    .addHelpText('after', '\nOn MySQL/MariaDB a seed row colliding on any unique key, not only the --on one, updates the row it collides with (ON DUPLICATE KEY UPDATE has no target); SQLite and PostgreSQL report such a row as a unique violation.')
    .action(
      action(async (ctx, paths: string[], opts: { mode: 'insert' | 'upsert' | 'replace'; on?: string; truncate?: boolean }) => {
        const [{ seed }, config, engine] = await Promise.all([import('../../seed/seed.js'), ctx.config(), ctx.engine()]);
        if (paths.length === 0) {
          const [{ existsSync }, { UsageError }] = await Promise.all([import('node:fs'), import('../../errors.js')]);
          if (!existsSync(config.seeds)) throw new UsageError(`no seeds folder at ${config.seeds}: create it, set "seeds" in the config, or name seed files: orm seed data/users.csv`);
        }
        const progress = !ctx.out.json && process.stderr.isTTY ? await progressLine() : null;
        let result;
        try {
          result = await seed(engine, {
            paths: paths.length > 0 ? paths : [config.seeds],
            mode: opts.mode,
            on: opts.on,
            truncate: opts.truncate,
            exclude: [config.versionTable],
            onProgress: progress?.update,
          });
        } finally {
          progress?.done();
        }
        await ctx.out.result(result, () => {
          const n = (x: number) => x.toLocaleString('en-US');
          const rows = (x: number) => `${n(x)} row${x === 1 ? '' : 's'}`;
          for (const t of result.truncated) ctx.out.line(`emptied ${t.table} (${rows(t.deleted)})`);
          for (const t of result.tables) {
            const rate = t.elapsedMs > 0 ? `, ${n(Math.round((t.rows * 1000) / t.elapsedMs))} rows/s` : '';
            ctx.out.line(`${t.table}: ${rows(t.rows)} (${t.files.join(', ')}${rate})`);
          }
          for (const f of result.functions) ctx.out.line(`ran ${f}`);
          if (result.files.length === 0) ctx.out.line('Nothing to seed: no .json, .csv, .ts or .js files.');
          else ctx.out.line(`seeded ${rows(result.totalRows)} (${opts.mode}) in ${(result.elapsedMs / 1000).toFixed(1)} s`);
        });
      }),
    );
}

/** A progress line on stderr, redrawn at most ten times a second. */
async function progressLine() {
  let last = 0;
  let drawn = false;
  return {
    update(p: { table: string; totalRows: number; elapsedMs: number }) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      drawn = true;
      const rate = p.elapsedMs > 0 ? Math.round((p.totalRows * 1000) / p.elapsedMs) : 0;
      process.stderr.write(`\r\x1b[K${p.table}: ${p.totalRows.toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')} rows/s`);
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}
