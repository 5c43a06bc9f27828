/**
 * Values derived from files, kept on disk between runs: the transpiled code of user
 * modules (one cache file per folder of modules, so a run reads one file instead of
 * transpiling or reading hundreds) and the schema a migrations folder replays to. An
 * entry is used only when its path, the hash of what it was made from, and the maker's
 * version (`transformer`) all match. Best effort: a cache that cannot be read or written
 * is simply not used, and neither is a file whose entries do not match the checksum
 * written with them (a damaged V8 code cache crashes the process instead of being refused).
 *
 * Where: `<tmpdir>/ormkit-cache-<uid>/`, outside the project (nothing to ignore in git,
 * nothing written into node_modules). Code found there is executed, so a folder or file
 * that is not owned by this user, or that others may write, is ignored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Bumped when what is stored changes meaning. */
const FORMAT = 4;

interface Entry<T> {
  /** sha256 (hex) of the source the value was made from. */
  readonly hash: string;
  readonly value: T;
}

/** A cache file's first line; the second is the entries' JSON, whose sha256 this holds. */
interface Header {
  readonly format: number;
  readonly transformer: string;
  readonly sha256: string;
}

/** sha256 of a text (its UTF-8 bytes), hex: the key of an entry. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Per file path: a JSON value made from the file (its transpiled code, …). */
export class DiskCache<T> {
  private readonly file: string;
  private entries: Map<string, Entry<T>> | null = null;
  private dirty = false;

  /**
   * @param scope names the cache file: the folder the files live in, plus a kind
   * @param transformer names what makes the values, and its version: entries of another are dropped
   * @param valid checks a value read back from disk
   */
  constructor(
    scope: string,
    private readonly transformer: string,
    private readonly valid: (value: unknown) => value is T,
  ) {
    this.file = join(cacheFolder(), `cache-${sha256(scope).slice(0, 16)}.json`);
  }

  /** The value for `path` when it was made from what has the sha256 `hash`. */
  get(path: string, hash: string): T | undefined {
    const entry = this.load().get(path);
    return entry && entry.hash === hash ? entry.value : undefined;
  }

  set(path: string, hash: string, value: T): void {
    this.load().set(path, { hash, value });
    this.dirty = true;
  }

  /** Writes the entries if any changed, dropping those whose file is gone. */
  flush(): void {
    if (!this.dirty || !this.entries) return;
    this.dirty = false;
    const entries: Record<string, Entry<T>> = {};
    for (const [path, entry] of this.entries) if (existsSync(path)) entries[path] = entry;
    const body = JSON.stringify(entries);
    const header: Header = { format: FORMAT, transformer: this.transformer, sha256: sha256(body) };
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      if (!ownedPrivately(dirname(this.file))) return;
      writeFileSync(temp, `${JSON.stringify(header)}\n${body}`, { mode: 0o600 });
      // Atomic: a concurrent reader sees the old file or the new one, never half of one.
      renameSync(temp, this.file);
      prune(dirname(this.file));
    } catch {
      try {
        unlinkSync(temp);
      } catch {
        // nothing was written
      }
    }
  }

  private load(): Map<string, Entry<T>> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    if (!ownedPrivately(dirname(this.file)) || !ownedPrivately(this.file)) return this.entries;
    try {
      const text = readFileSync(this.file, 'utf8');
      const cut = text.indexOf('\n');
      if (cut < 0) return this.entries;
      const header = JSON.parse(text.slice(0, cut)) as Partial<Header> | null;
      const body = text.slice(cut + 1);
      if (header?.format !== FORMAT || header.transformer !== this.transformer || header.sha256 !== sha256(body)) return this.entries;
      const stored = JSON.parse(body) as Record<string, Partial<Entry<unknown>> | null> | null;
      for (const [path, e] of Object.entries(stored ?? {})) {
        if (e && typeof e.hash === 'string' && this.valid(e.value)) this.entries.set(path, { hash: e.hash, value: e.value });
      }
    } catch {
      // missing or unreadable: start empty
    }
    return this.entries;
  }
}

/** This user's cache folder, `<tmpdir>/ormkit-cache-<uid>/`. */
const cacheFolder = (): string => join(tmpdir(), `ormkit-cache-${process.getuid?.() ?? 'user'}`);

/**
 * A folder for jiti's cache of transpiled files inside this user's cache folder (jiti
 * makes it): jiti's own default, `<tmpdir>/jiti`, is shared with every user of the
 * machine, and what it finds there it runs. Null when the cache folder cannot be made or
 * is not this user's alone.
 */
export function jitiCacheFolder(): string | null {
  const dir = cacheFolder();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return null;
  }
  return ownedPrivately(dir) ? join(dir, 'jiti') : null;
}

/** Cache files kept at most (one per folder of modules and kind); the least recently written go first. */
const MAX_FILES = 256;

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.startsWith('cache-') && n.endsWith('.json'));
  if (names.length <= MAX_FILES) return;
  const byAge = names.map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
  for (const old of byAge.slice(0, names.length - MAX_FILES)) unlinkSync(old.path);
}

/** `path` belongs to this user and nobody else may write it. */
function ownedPrivately(path: string): boolean {
  try {
    const s = statSync(path);
    const uid = process.getuid?.();
    return uid === undefined || (s.uid === uid && (s.mode & 0o022) === 0);
  } catch {
    return false;
  }
}
