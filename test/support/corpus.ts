import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DialectName } from '../../src/dialects/dialect.js';

const FILES: Record<DialectName, string> = {
  sqlite: 'Chinook_Sqlite.sql',
  postgres: 'Chinook_PostgreSql.sql',
  mysql: 'Chinook_MySql.sql',
};

/** The Chinook script for a dialect (vendored in test/fixtures so clean clones can run it). */
export function chinookScript(dialect: DialectName): string {
  return readFileSync(resolve(__dirname, '../fixtures/chinook', FILES[dialect]), 'utf8');
}

/**
 * The script ready to load into a test database: the server scripts drop, create and
 * switch to their own database (psql's `\c`, MySQL's USE); those lines go, so the
 * script fills the database it runs in.
 */
export function loadableChinookScript(dialect: DialectName): string {
  const script = chinookScript(dialect);
  switch (dialect) {
    case 'sqlite':
      return script;
    case 'postgres':
      return script
        .split('\n')
        .filter((line) => !/^\s*(\\c\b|DROP DATABASE\b|CREATE DATABASE\b)/i.test(line))
        .join('\n');
    case 'mysql':
      return script.replace(/^\s*(DROP DATABASE|CREATE DATABASE|USE)\b[^;]*;/gim, '');
  }
}
