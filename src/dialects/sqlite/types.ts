import type { ColumnType } from '../../schema/ir.js';

/**
 * SQLite keeps the declared type text verbatim (https://www.sqlite.org/datatype3.html),
 * so we declare portable names and read them back. Affinity still follows SQLite's
 * rules: VARCHAR → TEXT, BOOLEAN/DATE/TIMESTAMP/JSON/UUID → NUMERIC.
 */
export function sqliteColumnType(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'real':
      return 'REAL';
    case 'numeric':
      return type.precision === null ? 'NUMERIC' : `NUMERIC(${type.precision}, ${type.scale ?? 0})`;
    case 'text':
      return 'TEXT';
    case 'varchar':
      return type.length === null ? 'VARCHAR' : `VARCHAR(${type.length})`;
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return type.withTimezone ? 'TIMESTAMPTZ' : 'TIMESTAMP';
    case 'json':
      return 'JSON';
    case 'blob':
      return 'BLOB';
    case 'uuid':
      return 'UUID';
    case 'enum':
      return 'TEXT';
    case 'custom':
      return type.sql;
  }
}

/** Reads a declared type back into the portable vocabulary; unknown types stay `custom`. */
export function parseSqliteType(declared: string): ColumnType {
  const s = declared.trim().replace(/\s+/g, ' ');
  const m = /^([A-Za-z][A-Za-z ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(s);
  if (!m) return { kind: 'custom', sql: s };
  const base = m[1]!.toUpperCase();
  const a = m[2] === undefined ? null : Number(m[2]);
  const b = m[3] === undefined ? null : Number(m[3]);
  switch (base) {
    case 'INTEGER':
    case 'INT':
      return a === null ? { kind: 'integer' } : { kind: 'custom', sql: s };
    case 'BIGINT':
      return { kind: 'bigint' };
    case 'REAL':
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
    case 'FLOAT':
      return { kind: 'real' };
    case 'NUMERIC':
    case 'DECIMAL':
      return { kind: 'numeric', precision: a, scale: a === null ? null : (b ?? 0) };
    case 'TEXT':
    case 'CLOB':
      return a === null ? { kind: 'text' } : { kind: 'custom', sql: s };
    case 'VARCHAR':
    case 'NVARCHAR':
    case 'CHARACTER VARYING':
    case 'VARYING CHARACTER':
    case 'NATIVE CHARACTER VARYING':
      return { kind: 'varchar', length: a };
    case 'BOOLEAN':
    case 'BOOL':
      return { kind: 'boolean' };
    case 'DATE':
      return { kind: 'date' };
    case 'DATETIME':
    case 'TIMESTAMP':
      return { kind: 'timestamp', withTimezone: false };
    case 'TIMESTAMPTZ':
      return { kind: 'timestamp', withTimezone: true };
    case 'JSON':
      return { kind: 'json' };
    case 'BLOB':
      return a === null ? { kind: 'blob' } : { kind: 'custom', sql: s };
    case 'UUID':
      return { kind: 'uuid' };
    default:
      return { kind: 'custom', sql: s };
  }
}
