import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UrlError, parseUrl } from '../src/index.js';
import { redact } from '../src/engine/url.js';

describe('database URLs', () => {
  it('reads the three SQLite forms', () => {
    expect(parseUrl('sqlite:///data/app.db').database).toBe('data/app.db');
    expect(parseUrl('sqlite:///data/app.db', { baseDir: '/srv' }).database).toBe('/srv/data/app.db');
    expect(parseUrl('sqlite:////var/lib/app.db').database).toBe('/var/lib/app.db');
    expect(parseUrl('sqlite://:memory:').database).toBe(':memory:');
    expect(parseUrl('sqlite:///:memory:').database).toBe(':memory:');
  });

  it('reads server URLs with user, password, port, database and parameters', () => {
    const u = parseUrl('postgresql://app:s%40cret@db.example.com:6543/shop?schema=sales&sslmode=require');
    expect(u).toMatchObject({ dialect: 'postgres', host: 'db.example.com', port: 6543, user: 'app', password: 's@cret', database: 'shop' });
    expect(u.params).toEqual({ schema: 'sales', sslmode: 'require' });
    expect(parseUrl('mysql://root@127.0.0.1/test')).toMatchObject({ dialect: 'mysql', port: null, password: null });
    expect(parseUrl('mariadb://root@127.0.0.1:3306/test').dialect).toBe('mysql');
  });

  it('never shows the password', () => {
    const u = parseUrl('postgresql://app:hunter2@h/db');
    expect(u.display).toBe('postgresql://app:***@h/db');
    expect(redact('mysql://u:p%2Fw@h:1/db')).toBe('mysql://u:***@h:1/db');
    try {
      parseUrl('postgresql://app:hunter2@h');
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['app.db', /invalid database URL 'app\.db'/],
    ['sqlite:app.db', /invalid database URL/],
    ['sqlite://app.db', /three slashes/],
    ['sqlite://', /names no file/],
    ['mongodb://h/db', /unsupported database URL scheme 'mongodb:'/],
    ['postgresql://h', /must name one database/],
    ['postgresql://h:99999/db', /invalid|port/],
    ['mysql:///db', /no host/],
  ];
  for (const [input, message] of bad) {
    it(`rejects '${input}' with one precise line`, () => {
      expect(() => parseUrl(input)).toThrow(UrlError);
      expect(() => parseUrl(input)).toThrow(message);
    });
  }

  it('throws only UrlError, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseUrl(s);
        } catch (err) {
          expect(err).toBeInstanceOf(UrlError);
          expect((err as Error).message.split('\n')).toHaveLength(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
