/**
 * Where a session was opened, for the pool's "all connections are in use" error and for
 * warnings: the first stack frame outside ormkit's own ORM code. The stack is captured
 * when the session is created (cheap: V8 formats it only when read) and formatted only
 * when an error or warning needs it.
 */
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url)) + sep;
const HERE_URL = new URL('.', import.meta.url).href;

/** Captures the caller's stack now; the returned function formats `session opened at <file:line>` on demand. */
export function captureSite(): () => string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, captureSite);
  let cached: string | undefined;
  return () => (cached ??= `session opened at ${callerFrame(holder.stack ?? '')}`);
}

function callerFrame(stack: string): string {
  const frames = stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/^at\s+/, ''));
  const outside = frames.find((f) => !f.includes(HERE) && !f.includes(HERE_URL) && !f.startsWith('node:') && !f.includes('(node:'));
  const frame = outside ?? frames[0] ?? 'an unknown place';
  // "fn (file:line:col)" → "file:line:col (fn)": the place first.
  const m = /^(.*?) \((.*)\)$/.exec(frame);
  return m ? `${m[2]} (${m[1]})` : frame;
}
