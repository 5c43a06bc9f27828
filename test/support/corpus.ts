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
