/**
 * The caches kept between runs (modules/disk-cache.ts) are an optimisation: whatever state
 * their folder is in — damaged, cut short, not a folder at all — a command does what it
 * does without them. Each test gives the CLI its own temp folder (TMPDIR), so the damage
 * stays there.
 */
import { linkSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskCache } from '../src/modules/disk-cache.js';
import { tempDir } from './support/cli.js';
import type { Project } from './support/migrations.js';
import { createProject } from './support/migrations.js';

type Check = { id: string; status: string };

const cacheDir = (tmp: string): string => join(tmp, `ormkit-cache-${process.getuid?.() ?? 'user'}`);
const cacheFiles = (tmp: string): string[] => readdirSync(cacheDir(tmp)).filter((n) => n.endsWith('.json')).map((n) => join(cacheDir(tmp), n));

/** A project with one applied migration; `check` runs with TMPDIR=tmp and must pass. */
async function project(): Promise<{ p: Project; tmp: string; check: () => Promise<void> }> {
  const p = await createProject('sqlite');
  p.migration({ revision: 'aa1111', down: null, upgrade: "op.createTable('users', { id: integer().primaryKey(), name: varchar(100).notNull() });" });
  const tmp = tempDir('ormkit-tmp-');
  const env = { TMPDIR: tmp };
  expect((await p.orm(['upgrade'], { env })).code).toBe(0);
  const check = async () => {
    for (const args of [['check', '--json'], ['check', '--json', '--no-cache']]) {
      const r = await p.orm(args, { env });
      expect(r.stderr).toBe('');
      expect(r.code, r.stdout).toBe(0);
      expect((JSON.parse(r.stdout).checks as Check[]).map((c) => c.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    }
  };
  return { p, tmp, check };
}

const tmps: string[] = [];
afterEach(() => {
  for (const t of tmps.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('a damaged cache breaks no command', () => {
  it('bytes changed inside a cache file, its JSON still valid (V8 code cache included), are not trusted', async () => {
    const { tmp, check } = await project();
    tmps.push(tmp);
    await check();
    // Inside long base64 runs (V8's code cache) and names: the JSON stays valid.
    for (const file of cacheFiles(tmp)) {
      const text = readFileSync(file, 'utf8').replace(/[A-Za-z0-9+/]{200,}/g, (run) => [...run].map((c, i) => (i > 64 && i % 5 === 0 ? (c === 'A' ? 'B' : 'A') : c)).join(''));
      writeFileSync(file, text.replaceAll('users', 'usert'));
    }
    await check();
  });

  it('cut-short, garbage or directory-shaped cache files are read as no cache', async () => {
    const { tmp, check } = await project();
    tmps.push(tmp);
    await check();
    const files = cacheFiles(tmp);
    files.forEach((file, i) => {
      const text = readFileSync(file);
      if (i % 3 === 0) writeFileSync(file, text.subarray(0, text.length >> 1));
      else if (i % 3 === 1) writeFileSync(file, Buffer.from([0xff, 0x00, 0x7b, 0x22]));
      else {
        rmSync(file);
        mkdirSync(file);
      }
    });
    await check();
  });

  it('a file where the cache folder should be', async () => {
    const { tmp, check } = await project();
    tmps.push(tmp);
    rmSync(cacheDir(tmp), { recursive: true, force: true });
    writeFileSync(cacheDir(tmp), 'not a folder');
    await check();
    expect(readFileSync(cacheDir(tmp), 'utf8')).toBe('not a folder');
  });
});

describe('writing a cache file', () => {
  it('replaces the file whole (a new file renamed over it), never rewrites it in place', () => {
    const tmp = tempDir('ormkit-tmp-');
    tmps.push(tmp);
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const source = join(tmp, 'source.ts');
      writeFileSync(source, 'x');
      const valid = (v: unknown): v is string => typeof v === 'string';
      const first = new DiskCache<string>('scope', 'maker', valid);
      first.set(source, 'h1', 'one');
      first.flush();
      const [file] = cacheFiles(tmp);
      // A reader holding the old file (here: a second name for it) keeps seeing it whole.
      linkSync(file!, join(tmp, 'held.json'));
      const held = readFileSync(join(tmp, 'held.json'), 'utf8');
      const second = new DiskCache<string>('scope', 'maker', valid);
      second.set(source, 'h2', 'two');
      second.flush();
      expect(readFileSync(join(tmp, 'held.json'), 'utf8')).toBe(held);
      expect(new DiskCache<string>('scope', 'maker', valid).get(source, 'h2')).toBe('two');
      expect(readdirSync(cacheDir(tmp)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });
});
