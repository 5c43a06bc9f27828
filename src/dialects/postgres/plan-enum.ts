import { DialectError } from '../../errors.js';
import type { EnumType, PlannedStatement } from '../../ops/operations.js';
import type { Schema } from '../../schema/ir.js';
import { sqlString } from '../shared/normalize.js';
import { doIgnoring, pgCreateEnum, pgDefaultSql } from './ddl.js';
import { quotePg, shortenPg } from './identifiers.js';

/**
 * Changes an enum type in place where PostgreSQL can: values added in position
 * (`ADD VALUE … BEFORE/AFTER`, each outside the transaction), or one value renamed (`RENAME VALUE`). Anything else
 * (removals, reordering) takes the safe path: a new type, every column that uses the
 * old one converted through text (rows keep their values; a row holding a removed
 * value fails the conversion loudly), then the old type dropped and the new renamed.
 * A type no column uses is dropped (where it still exists) and created with the new values.
 */
export function planAlterEnum(before: EnumType, after: EnumType, schema: Schema): PlannedStatement[] {
  const used = schema.tables.some((t) => t.columns.some((c) => c.type.kind === 'enum' && shortenPg(c.type.name) === shortenPg(before.name)));
  if (!used) {
    // No column uses it (it may even be gone with its last column): made anew.
    return [{ sql: doIgnoring(`DROP TYPE IF EXISTS ${quotePg(before.name)}`, 'dependent_objects_still_exist') }, { sql: pgCreateEnum(after.name, after.values) }];
  }
  const out: PlannedStatement[] = [];
  if (shortenPg(before.name) !== shortenPg(after.name)) out.push({ sql: `ALTER TYPE ${quotePg(before.name)} RENAME TO ${quotePg(after.name)}` });
  const type = quotePg(after.name);
  const b = before.values;
  const a = after.values;
  if (b.length === a.length && b.every((v, i) => v === a[i])) return out;

  const kept = a.filter((v) => b.includes(v));
  if (kept.length === b.length && kept.every((v, i) => v === b[i])) {
    // Pure additions in position. Each new value goes after its left neighbour in the
    // final list (already present by then), or before the first old value at the front.
    // A value added inside a transaction cannot be used (as a default, in a row) until
    // that transaction commits, so each runs on its own, outside the migration's transaction:
    // https://www.postgresql.org/docs/current/sql-altertype.html#id-1.9.3.42.7
    a.forEach((v, i) => {
      if (b.includes(v)) return;
      const where = i > 0 ? ` AFTER ${sqlString(a[i - 1]!)}` : b.length > 0 ? ` BEFORE ${sqlString(b[0]!)}` : '';
      out.push({ sql: `ALTER TYPE ${type} ADD VALUE ${sqlString(v)}${where}`, transactional: false });
    });
    return out;
  }

  const changed = a.map((v, i) => (v === b[i] ? -1 : i)).filter((i) => i >= 0);
  if (a.length === b.length && changed.length === 1 && !b.includes(a[changed[0]!]!)) {
    const i = changed[0]!;
    out.push({ sql: `ALTER TYPE ${type} RENAME VALUE ${sqlString(b[i]!)} TO ${sqlString(a[i]!)}` });
    return out;
  }

  const temp = shortenPg(`${shortenPg(after.name)}__new`);
  out.push({ sql: pgCreateEnum(temp, a) });
  const restore: PlannedStatement[] = [];
  for (const table of schema.tables) {
    for (const col of table.columns) {
      if (col.type.kind !== 'enum' || shortenPg(col.type.name) !== shortenPg(before.name)) continue;
      const alter = `ALTER TABLE ${quotePg(table.name)} ALTER COLUMN ${quotePg(col.name)}`;
      if (col.default) {
        // The default is typed with the old enum and would block the conversion.
        if (col.default.kind === 'literal' && typeof col.default.value === 'string' && !a.includes(col.default.value)) {
          throw new DialectError(
            `column ${table.name}.${col.name} defaults to '${col.default.value}', which enum '${after.name}' no longer has: change the default before altering the enum`,
          );
        }
        out.push({ sql: `${alter} DROP DEFAULT` });
        restore.push({ sql: `${alter} SET DEFAULT ${pgDefaultSql(col.default, { ...col.type, values: a })}` });
      }
      out.push({ sql: `${alter} TYPE ${quotePg(temp)} USING ${quotePg(col.name)}::text::${quotePg(temp)}` });
    }
  }
  out.push({ sql: `DROP TYPE ${type}` }, { sql: `ALTER TYPE ${quotePg(temp)} RENAME TO ${type}` }, ...restore);
  return out;
}
