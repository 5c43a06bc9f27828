/**
 * `session.insertMany(Model, rows)`: plain rows INSERTed in multi-row statements, without
 * the unit of work. No object is built, tracked or changed: rows are read, checked and
 * encoded by the same generated code as the flush's INSERTs (insert.ts), and nothing is
 * read back (no RETURNING, no generated keys written anywhere).
 *
 * Rows run in the session's transaction, after an autoflush (so parents added earlier
 * exist), inside a savepoint: a row that fails validation or a statement the database
 * refuses leaves none of the call's rows, and the session usable.
 *
 * A column a row leaves out gets its database default; the DDL of every dialect carries
 * the model's literal defaults (`.default(…)`), so that is the model's default too.
 */
import { UsageError } from '../errors.js';
import { closest } from '../errors.js';
import type { MappedColumn } from './columns.js';
import { eachRun, insertBatches, invalidValue, missingRequired, rowsPerInsert, syncGivenKeys } from './insert.js';
import type { Mapper } from './mapper.js';
import { relationOf } from './relations.js';
import type { Session } from './session.js';
import { describe } from './validate.js';

/** Inserts `rows` (plain objects of `mapper`'s column properties); returns the number of rows inserted. */
export async function insertMany(session: Session, mapper: Mapper, rows: Iterable<object>): Promise<number> {
  if (rows === null || typeof rows !== 'object' || !(Symbol.iterator in rows)) {
    throw new UsageError(`session.insertMany(${mapper.name}, rows) expects an array (or iterable) of row objects, got ${describe(rows)}`);
  }
  const list = (Array.isArray(rows) ? rows : Array.from(rows)) as readonly Record<string, unknown>[];
  checkRows(mapper, list);
  if (list.length === 0) return 0;
  await session.autoflushNow();
  const conn = await session.connection();
  const onFail = (i: number, column: MappedColumn, value: unknown): never => {
    throw invalidValue(mapper, column, value, ` (rows[${i}])`, { row: i });
  };
  let count = 0;
  let keysGiven = false;
  await conn.transaction(async () => {
    await eachRun(mapper, list, async (start, end, mask) => {
      const provided = mapper.providedColumns(mask);
      const required = missingRequired(mapper, provided, true);
      if (required) onFail(start, required, undefined);
      keysGiven ||= mapper.autoIncrement !== null && provided.includes(mapper.autoIncrement);
      await insertBatches(mapper, list, start, end, mask, rowsPerInsert(mapper.dialect, provided.length), [], onFail, async (sql, params) => {
        count += (await conn.execute(sql, params)).rowsAffected;
      });
    });
    if (keysGiven) await syncGivenKeys(conn, mapper, [mapper.autoIncrement!]);
  });
  session.noteBulkWrite();
  return count;
}

/** Every row is an object of column properties only (a typo must not drop a value unseen). */
function checkRows(mapper: Mapper, rows: readonly Record<string, unknown>[]): void {
  const unknownProp = mapper.unknownProp;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null) {
      throw new UsageError(`session.insertMany(${mapper.name}, rows): rows[${i}] is ${describe(row)}; expected an object of ${mapper.name} column values`);
    }
    const prop = unknownProp(row);
    if (prop === null) continue;
    if (relationOf(mapper.model, prop)) {
      throw new UsageError(
        `session.insertMany(${mapper.name}, rows): rows[${i}].${prop} is a relation; insertMany writes column values only (set the foreign key column, or use session.addAll() with model objects)`,
      );
    }
    const hint = closest(prop, [...mapper.byProp.keys()]);
    throw new UsageError(`session.insertMany(${mapper.name}, rows): rows[${i}] has '${prop}', but ${mapper.name}.${prop} is no column${hint ? ` (did you mean '${hint}'?)` : ''}`);
  }
}
