import { isAbsolute, resolve } from 'node:path';
import { UrlError } from '../errors.js';
import type { DialectName } from '../dialects/dialect.js';

/** A parsed database URL. `display` never contains the password. */
export interface DatabaseUrl {
  readonly dialect: DialectName;
  /** The URL with any password replaced by `***`, safe to print. */
  readonly display: string;
  /** SQLite: file path or `:memory:`. Servers: database name. */
  readonly database: string;
  readonly host: string | null;
  readonly port: number | null;
  readonly user: string | null;
  readonly password: string | null;
  /** Query-string parameters (`?schema=app&sslmode=require`). */
  readonly params: Readonly<Record<string, string>>;
}

const SCHEMES: Record<string, DialectName> = {
  'sqlite:': 'sqlite',
  'postgresql:': 'postgres',
  'postgres:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

const EXAMPLES = 'sqlite:///app.db, postgresql://user@host:5432/db or mysql://user@host:3306/db';

/** Parses a database URL; throws `UrlError` with one precise line on anything malformed. */
export function parseUrl(input: string, options: { baseDir?: string } = {}): DatabaseUrl {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new UrlError(`database URL is empty: expected ${EXAMPLES}`);
  }
  const url = input.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*:)/.exec(url)?.[1]?.toLowerCase();
  if (!scheme || !url.slice(scheme.length).startsWith('//')) {
    throw new UrlError(`invalid database URL '${redact(url)}': expected ${EXAMPLES}`);
  }
  const base = scheme.replace(/\+.*:$/, ':');
  const dialect = SCHEMES[base];
  if (!dialect) {
    throw new UrlError(`unsupported database URL scheme '${scheme}' in '${redact(url)}': use sqlite://, postgresql:// or mysql://`);
  }
  return dialect === 'sqlite' ? parseSqlite(url, scheme, options.baseDir) : parseServer(url, dialect);
}

function parseSqlite(url: string, scheme: string, baseDir: string | undefined): DatabaseUrl {
  const rest = url.slice(scheme.length + 2); // after "sqlite://"
  const [pathPart, query = ''] = splitOnce(rest, '?');
  const params = parseParams(query, url);
  let database: string;
  if (pathPart === ':memory:' || pathPart === '/:memory:') {
    database = ':memory:';
  } else if (pathPart.startsWith('//')) {
    database = decodeURIComponent(pathPart.slice(1)); // sqlite:////abs/path.db
  } else if (pathPart.startsWith('/') && pathPart.length > 1) {
    const rel = decodeURIComponent(pathPart.slice(1)); // sqlite:///relative/path.db
    database = baseDir && !isAbsolute(rel) ? resolve(baseDir, rel) : rel;
  } else if (pathPart === '' || pathPart === '/') {
    throw new UrlError(`SQLite URL '${url}' names no file: use sqlite:///app.db (relative), sqlite:////abs/app.db or sqlite://:memory:`);
  } else {
    throw new UrlError(
      `SQLite URL '${url}' has a host part: use three slashes for a relative path (sqlite:///${pathPart}) or four for an absolute one (sqlite:////abs/path.db)`,
    );
  }
  return Object.freeze({ dialect: 'sqlite', display: url, database, host: null, port: null, user: null, password: null, params });
}

function parseServer(url: string, dialect: DialectName): DatabaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UrlError(`invalid database URL '${redact(url)}': expected ${EXAMPLES} (percent-encode special characters in the password)`);
  }
  if (!parsed.hostname) throw new UrlError(`database URL '${redact(url)}' has no host: expected ${EXAMPLES}`);
  let port: number | null = null;
  if (parsed.port) {
    port = Number(parsed.port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UrlError(`database URL '${redact(url)}' has an invalid port '${parsed.port}'`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new UrlError(`database URL '${redact(url)}' must name one database after the host, e.g. ${dialect === 'postgres' ? 'postgresql://user@localhost:5432/app' : 'mysql://user@localhost:3306/app'}`);
  }
  const params: Record<string, string> = {};
  parsed.searchParams.forEach((v, k) => (params[k] = v));
  return Object.freeze({
    dialect,
    display: redact(url),
    database,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: parsed.username ? decodeURIComponent(parsed.username) : null,
    password: parsed.password ? decodeURIComponent(parsed.password) : null,
    params: Object.freeze(params),
  });
}

/** Replaces the password of a URL with `***` for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/@]*):([^@/]*)@/, '$1:***@');
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function parseParams(query: string, url: string): Readonly<Record<string, string>> {
  const params: Record<string, string> = {};
  if (!query) return Object.freeze(params);
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const [k, v = ''] = splitOnce(pair, '=');
    if (!k) throw new UrlError(`database URL '${url}' has an empty query parameter name`);
    params[decodeURIComponent(k)] = decodeURIComponent(v ?? '');
  }
  return Object.freeze(params);
}
