import { readFileSync } from 'node:fs';
import type { ConnectionOptions, SslOptions } from 'mysql2/promise';
import type { DatabaseUrl } from '../../engine/url.js';
import { closest, UrlError } from '../../errors.js';

const DEFAULT_PORT = 3306;

/** URL query parameters this driver understands; anything else is a UrlError (a typo in `sslmode` must not silently mean "no TLS"). */
const KNOWN_PARAMS = ['ssl', 'sslmode', 'ssl-mode', 'sslca', 'sslrootcert', 'ssl-ca', 'sslcert', 'ssl-cert', 'sslkey', 'ssl-key', 'connectTimeout', 'connect_timeout'];

/**
 * mysql2 options for a `mysql://` or `mariadb://` URL. Values come back in the forms
 * `decodeValue` expects: DATE/DATETIME as text (`dateStrings`, read as UTC), JSON as text
 * (`jsonStrings`), DECIMAL as text, BIGINT as a number or, past 2^53, text
 * (`supportBigNumbers`). `timezone: 'Z'` makes bound Dates UTC, like the session.
 */
export function mysqlConnectionOptions(url: DatabaseUrl): ConnectionOptions {
  const params = url.params;
  for (const key of Object.keys(params)) {
    if (!KNOWN_PARAMS.includes(key)) {
      const hint = closest(key, KNOWN_PARAMS);
      throw new UrlError(`unknown MySQL URL parameter '${key}' in '${url.display}'${hint ? ` (did you mean '${hint}'?)` : ''}; known: ${KNOWN_PARAMS.join(', ')}`);
    }
  }
  const timeout = params.connectTimeout ?? params.connect_timeout;
  return {
    host: url.host ?? 'localhost',
    port: url.port ?? DEFAULT_PORT,
    user: url.user ?? 'root',
    password: url.password ?? undefined,
    database: url.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: true,
    jsonStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: false,
    multipleStatements: false,
    connectTimeout: timeout === undefined ? 10_000 : positiveInteger(timeout, 'connectTimeout', url),
    ssl: sslOptions(params, url),
  };
}

/**
 * TLS from `ssl=true|false` or `sslmode` (PostgreSQL's words: disable, prefer, require,
 * verify-ca, verify-full; MySQL's `ssl-mode` words DISABLED … VERIFY_IDENTITY work too),
 * with optional certificate files. `require` encrypts without checking the certificate,
 * as libpq and the mysql client do; the verify modes check it.
 */
function sslOptions(params: Readonly<Record<string, string>>, url: DatabaseUrl): SslOptions | undefined {
  const file = (...keys: string[]): string | undefined => {
    const path = keys.map((k) => params[k]).find((v) => v !== undefined);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new UrlError(`cannot read TLS file '${path}' named in '${url.display}': ${(err as Error).message}`);
    }
  };
  const ca = file('sslca', 'sslrootcert', 'ssl-ca');
  const cert = file('sslcert', 'ssl-cert');
  const key = file('sslkey', 'ssl-key');
  const files = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };

  const mode = (params.sslmode ?? params['ssl-mode'])?.toLowerCase().replace(/_/g, '-');
  const flag = params.ssl?.toLowerCase();
  switch (mode) {
    case undefined:
      break;
    case 'disable':
    case 'disabled':
      return undefined;
    // mysql2 cannot fall back to plain text, so "prefer" is the same as "require".
    case 'prefer':
    case 'preferred':
    case 'allow':
    case 'require':
    case 'required':
      return { ...files, rejectUnauthorized: ca !== undefined };
    case 'verify-ca':
    case 'verify-full':
    case 'verify-identity':
      return { ...files, rejectUnauthorized: true };
    default:
      throw new UrlError(`invalid sslmode '${mode}' in '${url.display}': use disable, require, verify-ca or verify-full`);
  }
  if (flag === undefined) return Object.keys(files).length > 0 ? { ...files, rejectUnauthorized: true } : undefined;
  if (flag === 'true' || flag === '1') return { ...files, rejectUnauthorized: true };
  if (flag === 'false' || flag === '0') return undefined;
  throw new UrlError(`invalid ssl=${params.ssl} in '${url.display}': use ssl=true or ssl=false`);
}

function positiveInteger(value: string, name: string, url: DatabaseUrl): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UrlError(`${name} must be a positive number of milliseconds in '${url.display}', got '${value}'`);
  return n;
}
