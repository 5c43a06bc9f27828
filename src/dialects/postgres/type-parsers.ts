import { toSafeInteger } from '../shared/values.js';
import { loadPg } from './load-pg.js';
import { parsePgTimestamp } from './values.js';

/** Built-in type OIDs (https://github.com/postgres/postgres/blob/master/src/include/catalog/pg_type.dat). */
const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

type Parser = (text: string) => unknown;

/**
 * Text parsers for the types whose pg defaults differ from what `decodeValue` promises:
 * int8 → number when safe else bigint (pg: string), date → 'YYYY-MM-DD' (pg: a local
 * midnight Date), timestamps → Date read as UTC (pg: local time). numeric stays a
 * string, as pg already returns it. Handed to each Client, so nothing global changes
 * for other pg users in the same process.
 */
const OVERRIDES: ReadonlyMap<number, Parser> = new Map<number, Parser>([
  [INT8, (text) => toSafeInteger(text)],
  [DATE, (text) => text],
  [TIMESTAMP, (text) => parsePgTimestamp(text) ?? text],
  [TIMESTAMPTZ, (text) => parsePgTimestamp(text) ?? text],
]);

/** The `types` option of each pg.Client: our overrides for text results, pg's parsers otherwise. */
export const postgresTypeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): Parser {
    if (format !== 'binary') {
      const parser = OVERRIDES.get(oid);
      if (parser) return parser;
    }
    return loadPg().types.getTypeParser(oid, format as 'text') as Parser;
  },
};
