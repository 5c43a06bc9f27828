/** Small builders of IR for unit tests. */
import type { Column, Table } from '../../src/index.js';

export const column = (name: string, patch: Partial<Column> = {}): Column => ({
  name,
  type: { kind: 'integer' },
  nullable: true,
  default: null,
  autoIncrement: false,
  comment: null,
  ...patch,
});

export const irTable = (name: string, patch: Partial<Table> = {}): Table => ({
  name,
  columns: [],
  primaryKey: null,
  indexes: [],
  uniques: [],
  checks: [],
  foreignKeys: [],
  comment: null,
  ...patch,
});
