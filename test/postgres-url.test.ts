import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUrl, UrlError } from '../src/index.js';
import { postgresTarget } from '../src/dialects/postgres/client-config.js';
import { postgresDialect as d } from '../src/dialects/postgres/index.js';

/** No server needed: how a URL becomes pg client options, and the dialect's small SQL hooks. */
describe('postgres: URL to client options', () => {
  const target = (query: string) => postgresTarget(parseUrl(`postgresql://u:pw@db.example:6543/app${query}`));

  it('passes host, port, database, credentials and ?schema=', () => {
    const t = target('?schema=tenant_1');
    expect(t.schema).toBe('tenant_1');
    expect(t.client).toMatchObject({ host: 'db.example', port: 6543, database: 'app', user: 'u', password: 'pw', application_name: 'ormkit' });
    expect(target('').schema).toBeNull();
    expect(postgresTarget(parseUrl('postgresql://h/app')).client.port).toBe(5432);
  });

  it('maps sslmode and ssl the way libpq means them', () => {
    expect(target('').client.ssl).toBeUndefined();
    expect(target('?sslmode=disable').client.ssl).toBe(false);
    expect(target('?sslmode=allow').client.ssl).toBe(false);
    expect(target('?sslmode=prefer').client.ssl).toEqual({ rejectUnauthorized: false });
    expect(target('?sslmode=require').client.ssl).toEqual({ rejectUnauthorized: false });
    expect(target('?sslmode=verify-full').client.ssl).toEqual({});
    expect(target('?ssl=true').client.ssl).toEqual({});
    expect(target('?ssl=false').client.ssl).toBe(false);
    expect(target('?ssl=no-verify').client.ssl).toEqual({ rejectUnauthorized: false });
    expect(() => target('?sslmode=verify-ca')).toThrow(/sslrootcert/);
    expect(() => target('?sslmode=maybe')).toThrow(UrlError);

    const dir = mkdtempSync(join(tmpdir(), 'ormkit-ca-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    const ca = encodeURIComponent(join(dir, 'ca.pem'));
    const verifyCa = target(`?sslmode=verify-ca&sslrootcert=${ca}`).client.ssl as { ca: string; checkServerIdentity: () => unknown };
    expect(verifyCa.ca).toBe('CA');
    expect(verifyCa.checkServerIdentity()).toBeUndefined(); // chain verified, host name not
    expect(target(`?sslmode=require&sslrootcert=${ca}`).client.ssl).toMatchObject({ ca: 'CA' });
    expect(() => target('?sslmode=require&sslrootcert=/nonexistent/ca.pem')).toThrow(/cannot read the sslrootcert file/);
  });

  it('refuses unknown parameters and malformed values, never echoing the password', () => {
    expect(() => target('?shema=x')).toThrow(/unknown PostgreSQL URL parameter 'shema'.*did you mean 'schema'/);
    expect(() => target('?connect_timeout=soon')).toThrow(/connect_timeout/);
    expect(target('?connect_timeout=5').client.connectionTimeoutMillis).toBe(5000);
    try {
      target('?bogus=1');
    } catch (err) {
      expect((err as Error).message).not.toContain(':pw@');
    }
  });
});

describe('postgres: SQL hooks', () => {
  it('quotes, numbers placeholders, writes ILIKE, LIMIT/OFFSET and DEFAULT VALUES', () => {
    expect(d.quoteIdentifier('a"b')).toBe('"a""b"');
    expect(d.placeholder(3)).toBe('$3');
    expect(d.ilike('"name"', '$1')).toBe('"name" ILIKE $1');
    expect(d.limitClause(10, 20)).toBe('LIMIT 10 OFFSET 20');
    expect(d.limitClause(null, 5)).toBe('OFFSET 5');
    expect(d.limitClause(0, 0)).toBe('LIMIT 0');
    expect(d.limitClause(null, null)).toBe('');
    expect(d.defaultValuesClause).toBe('DEFAULT VALUES');
  });

  it('writes literals for DDL: E-strings for backslashes, JSON text on json columns', () => {
    expect(d.literal("it's")).toBe("'it''s'");
    expect(d.literal('a\\b')).toBe("E'a\\\\b'");
    expect(d.literal(true)).toBe('TRUE');
    expect(d.literal(-1.5)).toBe('-1.5');
    expect(d.literal(null)).toBe('NULL');
    expect(d.literal({ a: 1 }, { kind: 'json' })).toBe(`'{"a":1}'`);
    expect(d.literal('{"a":1}', { kind: 'json' })).toBe(`'{"a":1}'`);
    expect(d.literal('plain', { kind: 'json' })).toBe(`'"plain"'`);
    expect(d.literal(3, { kind: 'json' })).toBe(`'3'`);
    expect(() => d.literal(Number.NaN)).toThrow(/NaN/);
  });

  it('maps portable types to PostgreSQL DDL types', () => {
    expect(d.columnType({ kind: 'real' })).toBe('double precision');
    expect(d.columnType({ kind: 'json' })).toBe('jsonb');
    expect(d.columnType({ kind: 'blob' })).toBe('bytea');
    expect(d.columnType({ kind: 'timestamp', withTimezone: true })).toBe('timestamp with time zone');
    expect(d.columnType({ kind: 'numeric', precision: 10, scale: null })).toBe('numeric(10,0)');
    expect(d.columnType({ kind: 'varchar', length: null })).toBe('character varying');
    expect(d.columnType({ kind: 'enum', name: 'My Enum', values: ['a'] })).toBe('"My Enum"');
    expect(d.columnType({ kind: 'custom', sql: 'inet' })).toBe('inet');
  });
});
