// Shared timing helpers for bench modules.
import { spawnSync } from 'node:child_process';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median wall time in ms of `fn` over `runs` runs (after one warm-up). */
export async function timeIt(fn, runs = 5) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median wall time in ms of a whole process, interleaved with a baseline process, so both see the same noise. */
export function timeProcesses(cmd, args, baselineCmd, baselineArgs, runs = 15, options = {}) {
  const ours = [];
  const base = [];
  const once = (c, a) => {
    const t0 = performance.now();
    const r = spawnSync(c, a, { stdio: 'ignore', ...options });
    if (r.status !== 0 && !options.allowFailure) throw new Error(`${c} ${a.join(' ')} exited ${r.status}`);
    return performance.now() - t0;
  };
  once(cmd, args);
  once(baselineCmd, baselineArgs);
  for (let i = 0; i < runs; i++) {
    base.push(once(baselineCmd, baselineArgs));
    ours.push(once(cmd, args));
  }
  return { oursMs: median(ours), rawMs: median(base) };
}
