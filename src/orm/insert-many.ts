/**
 * `session.insertMany(Model, rows)`: plain rows INSERTed in multi-row statements, without
 * the unit of work. No object is built, tracked or changed: rows are read, checked and
 * encoded by the same generated code as the flush's INSERTs (insert.ts), and nothing is
 * read back (no RETURNING, no generated keys written anywhere).
 *
 * Rows are checked for unknown properties and missing required columns before any SQL;
 * values are validated as each statement's parameters are filled. Rows run in the
 * session's transaction, after an autoflush (so parents added earlier exist), inside a
 * savepoint: a bad value or a statement the database refuses leaves none of the call's
 * rows (statements it ran before are undone), and the session usable.
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

type OnFail = (index: number, column: MappedColumn, value: unknown) => never;

/** Inserts `rows` (plain objects of `mapper`'s column properties); returns the number of rows inserted. */
export async function insertMany(session: Session, mapper: Mapper, rows: Iterable<object>): Promise<number> {
  if (rows === null || typeof rows !== 'object' || !(Symbol.iterator in rows)) {
    throw new UsageError(`session.insertMany(${mapper.name}, rows) expects an array (or iterable) of row objects, got ${describe(rows)}`);
  }
  const list = (Array.isArray(rows) ? rows : Array.from(rows)) as readonly Record<string, unknown>[];
  const onFail: OnFail = (i, column, value) => {
    throw invalidValue(mapper, column, value, ` (rows[${i}])`, { row: i });
  };
  const masks = rowMasks(mapper, list, onFail);
  if (list.length === 0) return 0;
  await session.autoflushNow();
  const conn = await session.connection();
  let count = 0;
  let keysGiven = false;
  await conn.transaction(async () => {
    await eachRun(list.length, (i) => masks[i]!, async (start, end, mask) => {
      const provided = mapper.providedColumns(mask);
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

/**
 * Every row's provided-mask, checking that each is an object of column properties only
 * (a typo must not drop a value unseen; one pass over each row's keys) and gives every
 * NOT NULL column without a default: all before any SQL.
 */
function rowMasks(mapper: Mapper, rows: readonly Record<string, unknown>[], onFail: OnFail): (number | string)[] {
  const masks = new Array<number | string>(rows.length);
  const checked = new Set<number | string>();
  const check = (mask: number | string, i: number): void => {
    if (checked.has(mask)) return;
    const required = missingRequired(mapper, mapper.providedColumns(mask), true);
    if (required) onFail(i, required, undefined);
    checked.add(mask);
  };
  let prev: number | string | undefined;
  const rowMask = mapper.rowMask;
  if (rowMask !== null) {
    for (let i = 0; i < rows.length; i++) {
      const m = rowMask(rows[i]);
      if (m !== prev) {
        if (m < 0) refuse(mapper, rows, i);
        check(m, i);
        prev = m;
      }
      masks[i] = m;
    }
    return masks;
  }
  const { unknownProp, providedMask } = mapper;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (typeof row !== 'object' || row === null || Array.isArray(row) || unknownProp(row) !== null) refuse(mapper, rows, i);
    const m = providedMask(row);
    if (m !== prev) check(m, i);
    masks[i] = prev = m;
  }
  return masks;
}

/** The UsageError for `rows[i]`: no object, or a property that is no column. */
function refuse(mapper: Mapper, rows: readonly unknown[], i: number): never {
  const row = rows[i];
  const what = `session.insertMany(${mapper.name}, rows)`;
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new UsageError(`${what}: rows[${i}] is ${describe(row)}; expected an object of ${mapper.name} column values`);
  const prop = mapper.unknownProp(row)!;
  if (relationOf(mapper.model, prop)) {
    throw new UsageError(`${what}: rows[${i}].${prop} is a relation; insertMany writes column values only (set the foreign key column, or use session.addAll() with model objects)`);
  }
  const hint = closest(prop, [...mapper.byProp.keys()]);
  throw new UsageError(`${what}: rows[${i}] has '${prop}', but ${mapper.name}.${prop} is no column${hint ? ` (did you mean '${hint}'?)` : ''}`);
}
