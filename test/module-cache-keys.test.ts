/**
 * What the module caches are keyed by: transpiled code and what it needs from `ormkit`
 * by the file's text, jiti and this build of ormkit; V8's compiled code by the exact text
 * compiled. Each test tampers with an entry (keeping the file's checksum right) and shows
 * when it is still used and when it must not be.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../dist/modules/disk-cache.js';
import { UserModuleLoader } from '../dist/modules/user-module.js';
import { tempDir } from './support/cli.js';

const build = vi.hoisted(() => ({ id: 'ormkit@A' }));
vi.mock('../dist/modules/build-id.js', () => ({ ormkitBuild: () => build.id }));

let tmp = '';
let previous: string | undefined;
beforeEach(() => {
  previous = process.env.TMPDIR;
  tmp = tempDir('ormkit-tmp-');
  process.env.TMPDIR = tmp;
  build.id = 'ormkit@A';
});
afterEach(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  rmSync(tmp, { recursive: true, force: true });
});

/** A folder with one pure model file; `load()` imports it as a command would and returns its table name. */
function modelFolder(): { load: () => Promise<string> } {
  const dir = tempDir('ormkit-models-');
  const file = join(dir, 'index.ts');
  writeFileSync(file, "import { integer, table } from 'ormkit';\nexport const T = table('users', { id: integer().primaryKey() });\n");
  return {
    async load() {
      const loader = new UserModuleLoader(dir);
      expect(loader.prepare([file]).get(file)).toBe('pure');
      const mod = await loader.import(file);
      loader.saveCompiled();
      return (mod.T as { tableName: string }).tableName;
    },
  };
}

/** Rewrites every cache file's entries, with a checksum that matches. */
function tamper(change: (body: string) => string): void {
  const dir = join(tmp, `ormkit-cache-${process.getuid?.() ?? 'user'}`);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const [header, body] = readFileSync(join(dir, name), 'utf8').split(/\n(.*)/s) as [string, string];
    const changed = change(body);
    writeFileSync(join(dir, name), `${JSON.stringify({ ...JSON.parse(header), sha256: sha256(changed) })}\n${changed}`);
  }
}

describe('module caches', () => {
  it('transpiled code kept by another build of ormkit is transpiled again', async () => {
    const models = modelFolder();
    expect(await models.load()).toBe('users');
    tamper((body) => body.replaceAll("'users'", "'stale_entry'"));
    // The same build trusts its entry (so the tampering is seen)…
    expect(await models.load()).toBe('stale_entry');
    // …another build does not.
    build.id = 'ormkit@B';
    expect(await models.load()).toBe('users');
  });

  it("V8's compiled code is used only for the very text it was compiled from", async () => {
    const models = modelFolder();
    expect(await models.load()).toBe('users');
    // Other code of the same length for the same file text: V8 alone would accept its old compiled code.
    tamper((body) => body.replaceAll("'users'", "'usert'"));
    expect(await models.load()).toBe('usert');
  });
});
