import { createRequire } from 'node:module';
import type Pg from 'pg';

const require = createRequire(import.meta.url);
let loaded: typeof Pg | null = null;

/**
 * `pg`, loaded on first use. When it loads, pg 8 asks whether it runs in a Cloudflare
 * Worker: `navigator.userAgent`, or else by constructing a fetch `Response`. Node 20 has
 * no `navigator`, so that second probe pulls in Node's whole fetch implementation
 * (undici), about 30 ms of every command that talks to PostgreSQL. A `navigator` that
 * exists only while pg loads answers the probe; where Node has its own, it is left alone.
 */
export function loadPg(): typeof Pg {
  if (loaded) return loaded;
  const g = globalThis as { navigator?: unknown };
  const probe = g.navigator === undefined;
  if (probe) Object.defineProperty(g, 'navigator', { value: { userAgent: `Node.js/${process.version}` }, configurable: true, writable: true });
  try {
    loaded = require('pg') as typeof Pg;
  } finally {
    if (probe) delete g.navigator;
  }
  return loaded;
}
