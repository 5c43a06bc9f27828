import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { closest, UrlError } from '../../errors.js';
import type { DatabaseUrl } from '../../engine/url.js';

/** What a PostgreSQL URL configures: the pg client, and the schema our sessions use. */
export interface PostgresTarget {
  readonly client: ClientConfig;
  /** `?schema=`: the session's search_path and what introspection reads; null keeps the server default. */
  readonly schema: string | null;
}

const PARAMS = ['schema', 'sslmode', 'ssl', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'connect_timeout'];
const SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/**
 * Reads `postgresql://user:pass@host:port/db?schema=app&sslmode=require`. Unknown query
 * parameters are refused (a typo like `?shema=` would otherwise go unnoticed).
 */
export function postgresTarget(url: DatabaseUrl): PostgresTarget {
  for (const key of Object.keys(url.params)) {
    if (PARAMS.includes(key)) continue;
    const guess = closest(key, PARAMS);
    throw new UrlError(`unknown PostgreSQL URL parameter '${key}' in '${url.display}'${guess ? ` (did you mean '${guess}'?)` : ''}; supported: ${PARAMS.join(', ')}`);
  }
  const p = url.params;
  if (p.schema === '') throw new UrlError(`the ?schema= parameter of '${url.display}' is empty`);
  const client: ClientConfig = {
    host: url.host ?? undefined,
    port: url.port ?? 5432,
    database: url.database,
    user: url.user ?? undefined,
    password: url.password ?? undefined,
    application_name: p.application_name ?? 'ormkit',
    ssl: tlsOptions(url),
  };
  if (p.connect_timeout !== undefined) {
    const seconds = Number(p.connect_timeout);
    if (!Number.isFinite(seconds) || seconds < 0) throw new UrlError(`connect_timeout must be a number of seconds, got '${p.connect_timeout}' in '${url.display}'`);
    // libpq's meaning: seconds, 0 for no limit.
    if (seconds > 0) client.connectionTimeoutMillis = seconds * 1000;
  }
  return { client, schema: p.schema ?? null };
}

/**
 * TLS options following libpq's sslmode meanings
 * (https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION):
 * `require` encrypts without verifying the certificate (unless a root certificate is
 * given, which makes it verify-ca), `verify-ca` checks the chain, `verify-full` the host
 * name too. pg cannot fall back from TLS to plain text, so `allow` connects without TLS
 * and `prefer` insists on TLS without verification. `ssl=true` is verify-full.
 */
function tlsOptions(url: DatabaseUrl): ClientConfig['ssl'] {
  const p = url.params;
  let mode = p.sslmode;
  if (mode === undefined && p.ssl !== undefined) {
    const ssl = p.ssl.toLowerCase();
    if (ssl === 'true' || ssl === '1') mode = 'verify-full';
    else if (ssl === 'false' || ssl === '0') mode = 'disable';
    else if (ssl === 'no-verify') mode = 'no-verify';
    else throw new UrlError(`ssl must be true, false or no-verify, got '${p.ssl}' in '${url.display}'`);
  }
  if (mode !== undefined && !SSLMODES.includes(mode)) {
    throw new UrlError(`sslmode must be one of ${SSLMODES.join(', ')}, got '${mode}' in '${url.display}'`);
  }
  const files: ConnectionOptions = {};
  const read = (path: string, what: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new UrlError(`cannot read the ${what} file '${path}' named in '${url.display}': ${(err as Error).message}`);
    }
  };
  if (p.sslrootcert) files.ca = read(p.sslrootcert, 'sslrootcert');
  if (p.sslcert) files.cert = read(p.sslcert, 'sslcert');
  if (p.sslkey) files.key = read(p.sslkey, 'sslkey');
  const noHostCheck = { checkServerIdentity: () => undefined };
  switch (mode) {
    case undefined:
      return Object.keys(files).length > 0 ? files : undefined;
    case 'disable':
    case 'allow':
      return false;
    case 'prefer':
    case 'no-verify':
      return { ...files, rejectUnauthorized: false };
    case 'require':
      return files.ca ? { ...files, ...noHostCheck } : { ...files, rejectUnauthorized: false };
    case 'verify-ca':
      if (!files.ca) throw new UrlError(`sslmode=verify-ca needs sslrootcert=<CA file> in '${url.display}' (or use verify-full)`);
      return { ...files, ...noHostCheck };
    case 'verify-full':
      return files;
    default:
      throw new UrlError(`sslmode must be one of ${SSLMODES.join(', ')}, got '${mode}'`);
  }
}
