import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * This build of ormkit: the package version and when its compiled entry was written, so
 * values kept between runs that depend on ormkit's own code (a replayed schema) are not
 * reused by another version, nor after a rebuild of a development copy.
 */
export function ormkitBuild(): string {
  if (cached !== null) return cached;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  let stamp = '';
  try {
    stamp = String(statSync(fileURLToPath(new URL('../index.js', import.meta.url))).mtimeMs);
  } catch {
    // not built to dist/: the version alone
  }
  return (cached = `ormkit@${String(pkg.version)}+${stamp}`);
}
