import type { Dialect } from '../dialects/dialect.js';
import type { Schema } from '../schema/ir.js';

/**
 * A schema written as the dialect's DDL (tables by name, then their indexes), after
 * normalization: two schemas that `diff()` finds equal render the same text, so a text
 * diff of two renderings shows only real differences. For reading, not for running.
 */
export function schemaDdl(dialect: Dialect, schema: Schema): string {
  const normalized = dialect.normalize(schema);
  const out: string[] = [];
  for (const t of normalized.tables) {
    for (const sql of dialect.ddl.createTable(t)) out.push(`${sql.trimEnd()};`);
    for (const index of t.indexes) for (const sql of dialect.ddl.createIndex(t.name, index)) out.push(`${sql.trimEnd()};`);
    out.push('');
  }
  return out.join('\n');
}
