/**
 * Command-line values: `col=value` pairs (text, parsed by column type) and `col:=json`
 * pairs (a JSON value, the httpie convention: `age:=null`, `tags:=["a","b"]`), and JSON
 * documents of rows (`--json '{…}'`, `--file rows.json`).
 */
import { InputError, UsageError } from '../errors.js';
import type { ValueOrigin } from './coerce.js';

/** A value as the user gave it, with how it must be read. */
export interface RawValue {
  readonly value: unknown;
  readonly origin: ValueOrigin;
}

/** One row of raw values by column name. */
export type RawRow = ReadonlyMap<string, RawValue>;

/**
 * Parses `col=value` / `col:=json` arguments into a row. The column name ends at the first
 * `=`, so values may contain `=`; `label` names the flag in messages (`--set`).
 */
export function parseAssignments(args: readonly string[], label = 'value'): Map<string, RawValue> {
  const row = new Map<string, RawValue>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`${label} '${arg}' is not column=value (or column:=json)`, { argument: arg });
    const json = arg[eq - 1] === ':' && eq > 1;
    const column = arg.slice(0, json ? eq - 1 : eq);
    const text = arg.slice(eq + 1);
    if (row.has(column)) throw new UsageError(`${label}: column '${column}' is given twice`, { column });
    row.set(column, json ? { value: parseJsonValue(text, `${label} ${column}:=`), origin: 'value' } : { value: text, origin: 'text' });
  }
  return row;
}

/** Rows from a JSON document: one object or an array of objects. */
export function rowsFromJson(text: string, source: string): Map<string, RawValue>[] {
  const doc = parseJsonValue(text, source);
  const items = Array.isArray(doc) ? doc : [doc];
  if (items.length === 0) throw new InputError(`${source}: no rows (an empty array)`);
  return items.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InputError(`${source}: ${Array.isArray(doc) ? `row ${i + 1}` : 'the document'} must be an object of column values, got ${Array.isArray(item) ? 'an array' : item === null ? 'null' : typeof item}`);
    }
    return rowFromObject(item as Record<string, unknown>);
  });
}

/** A row from a plain object of JS values (JSON documents, seed modules). */
export function rowFromObject(item: Readonly<Record<string, unknown>>): Map<string, RawValue> {
  // Object.keys, not for…in: inherited keys such as a polluted prototype are not columns.
  return new Map(Object.keys(item).map((k) => [k, { value: item[k], origin: 'value' as const }]));
}

function parseJsonValue(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${source}: invalid JSON: ${(err as Error).message}`);
  }
}
