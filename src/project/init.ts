import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InitResult {
  readonly dir: string;
  /** Files and folders created or overwritten, relative to `dir`. */
  readonly written: readonly string[];
  /** Files that existed and were kept. */
  readonly kept: readonly string[];
}

const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/init/', import.meta.url));

/**
 * Writes a starter project from `templates/init`: config, a User model, and empty
 * migrations/ and seeds/ folders. Existing files are kept unless `force`.
 */
export function initProject(dir: string, options: { force?: boolean } = {}): InitResult {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const written: string[] = [];
  const kept: string[] = [];
  for (const file of listFiles(TEMPLATE_DIR)) {
    const rel = relative(TEMPLATE_DIR, file);
    const target = join(root, rel);
    if (existsSync(target) && !options.force) {
      kept.push(rel);
      continue;
    }
    mkdirSync(join(target, '..'), { recursive: true });
    cpSync(file, target);
    written.push(rel);
  }
  for (const folder of ['migrations', 'seeds']) {
    const target = join(root, folder);
    if (existsSync(target)) continue;
    mkdirSync(target, { recursive: true });
    written.push(`${folder}/`);
  }
  return { dir: root, written, kept };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}
