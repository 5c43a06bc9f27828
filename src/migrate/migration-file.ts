import { createHash } from 'node:crypto';

/**
 * One migration file on disk, as far as the revision graph needs it: read from the text
 * of its exports without executing it (see `parseMigrationHeader`).
 */
export interface MigrationFile {
  readonly revision: string;
  /** Parent revisions: none for a first migration, two or more for a merge. */
  readonly parents: readonly string[];
  readonly message: string;
  /** Absolute path. */
  readonly path: string;
  /** File name without the folder, for messages and sorting. */
  readonly name: string;
  /** sha256 (hex) of the file's bytes, compared with the version table. */
  readonly checksum: string;
}

/** What the static read of a migration file's exports found. */
export interface MigrationHeader {
  readonly revision: string;
  readonly parents: readonly string[];
  readonly message: string;
}

/** sha256 of a file's content, hex. */
export function checksumOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Revision ids: 1–64 letters, digits, `_` and `-` (the version table column is 64 wide). */
export const REVISION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads `revision`, `downRevision` and `message` from the text of a migration module
 * without running it: each must be exported once, at the start of a line, as a plain
 * literal (`export const revision = 'a1b2c3d4e5f6';`, `downRevision = null | '…' | ['…', '…']`).
 * Returns null when the text does not have that shape (computed values, a file that is
 * not a migration): the loader then imports the module to find out.
 *
 * This is what keeps a no-op `orm upgrade` fast: the graph of hundreds of migrations is
 * known without transpiling any of them.
 */
export function parseMigrationHeader(source: string): MigrationHeader | null {
  const revision = exportedLiteral(source, 'revision');
  const down = exportedLiteral(source, 'downRevision');
  const message = exportedLiteral(source, 'message');
  if (revision === undefined || down === undefined) return null;
  if (typeof revision !== 'string' || !REVISION_PATTERN.test(revision)) return null;
  const parents = normalizeParents(down);
  if (!parents) return null;
  // The message is optional in the header (a module may compute it); an empty one is fine.
  if (message !== undefined && typeof message !== 'string') return null;
  return { revision, parents, message: message ?? '' };
}

/** `downRevision` as a list, or null when it is not null/string/array of strings. */
export function normalizeParents(value: unknown): string[] | null {
  if (value === null) return [];
  if (typeof value === 'string') return value === '' ? null : [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '')) return [...(value as string[])];
  return null;
}

type Literal = string | null | Literal[];

/**
 * The literal value of `export const <name> = <literal>` (an optional type annotation is
 * allowed), or undefined when it is absent, repeated, or not a plain literal.
 */
function exportedLiteral(source: string, name: string): Literal | undefined {
  const re = new RegExp(`^export\\s+(?:const|let|var)\\s+${name}\\b\\s*(?::[^=\\n]*)?=\\s*`, 'gm');
  const first = re.exec(source);
  if (!first) return undefined;
  if (re.exec(source)) return undefined; // twice: let the module decide
  const parsed = readLiteral(source, first.index + first[0].length);
  if (!parsed) return undefined;
  // Only `as const`, `;`, a comment or the end of the line may follow.
  const rest = /^(?:[ \t]+as[ \t]+const)?[ \t]*;?[ \t]*(\/\/[^\n]*|\/\*.*?\*\/)?[ \t]*(\r?\n|$)/.exec(source.slice(parsed.end));
  return rest ? parsed.value : undefined;
}

function readLiteral(s: string, i: number): { value: Literal; end: number } | null {
  if (s.startsWith('null', i) && !/[\w$]/.test(s[i + 4] ?? '')) return { value: null, end: i + 4 };
  const ch = s[i];
  if (ch === "'" || ch === '"' || ch === '`') return readString(s, i);
  if (ch === '[') {
    const items: Literal[] = [];
    let j = skipSpace(s, i + 1);
    if (s[j] === ']') return { value: items, end: j + 1 };
    for (;;) {
      const item = readLiteral(s, j);
      if (!item) return null;
      items.push(item.value);
      j = skipSpace(s, item.end);
      if (s[j] === ',') {
        j = skipSpace(s, j + 1);
        if (s[j] === ']') return { value: items, end: j + 1 }; // trailing comma
        continue;
      }
      if (s[j] === ']') return { value: items, end: j + 1 };
      return null;
    }
  }
  return null;
}

const skipSpace = (s: string, i: number): number => {
  while (i < s.length && /\s/.test(s[i]!)) i++;
  return i;
};

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** A JS string literal (quotes or a backtick string without `${`), escapes decoded. */
function readString(s: string, start: number): { value: string; end: number } | null {
  const quote = s[start]!;
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === quote) return { value: out, end: i + 1 };
    if (quote !== '`' && (ch === '\n' || ch === '\r')) return null;
    if (quote === '`' && ch === '$' && s[i + 1] === '{') return null;
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) return null;
    if (e in SIMPLE_ESCAPES && !(e === '0' && /\d/.test(s[i + 2] ?? ''))) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === 'x') {
      const hex = /^[0-9a-fA-F]{2}/.exec(s.slice(i + 2))?.[0];
      if (!hex) return null;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else if (e === 'u') {
      const m = /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/.exec(s.slice(i + 2));
      if (!m) return null;
      const code = parseInt(m[1] ?? m[2]!, 16);
      if (code > 0x10ffff) return null;
      out += String.fromCodePoint(code);
      i += 2 + m[0].length;
    } else if (e === '\n') {
      i += 2; // line continuation
    } else if (/[0-9]/.test(e)) {
      return null; // legacy octal escapes: leave them to the module loader
    } else {
      out += e;
      i += 2;
    }
  }
  return null;
}

/** A TypeScript single-quoted string literal for `value` (what new migration files use). */
export function tsString(value: string): string {
  return `'${value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}
