/**
 * Deterministic constraint and index names, so a model produces the same names every
 * time and diffs stay stable. Identifier length limits are the dialect's business
 * (see `Dialect.shortenIdentifier`).
 */

export const indexName = (table: string, columns: readonly string[]): string => `ix_${table}_${columns.join('_')}`;
export const uniqueName = (table: string, columns: readonly string[]): string => `uq_${table}_${columns.join('_')}`;
export const foreignKeyName = (table: string, columns: readonly string[], refTable: string): string =>
  `fk_${table}_${columns.join('_')}_${refTable}`;
export const checkName = (table: string, column: string): string => `ck_${table}_${column}`;
export const primaryKeyName = (table: string): string => `pk_${table}`;
