/**
 * PostgreSQL index key options that say nothing: NULLS LAST on an ascending key, NULLS
 * FIRST on a descending one, and an access method's default operator class for the key's
 * type. Introspection never reports them and normalization leaves them out of models, so
 * declaring a default is never a difference.
 */
import type { IndexKey } from '../../schema/ir.js';

const ops = (stems: string, suffix = '_ops'): string[] => stems.split(' ').map((s) => `${s}${suffix}`);
const BTREE_HASH = 'array bool bpchar bytea char date enum float4 float8 inet int2 int4 int8 interval jsonb macaddr macaddr8 multirange name numeric oid oidvector pg_lsn range record text tid time timestamp timestamptz timetz uuid xid8';
const MINMAX = 'bit bpchar bytea char date float4 float8 int2 int4 int8 interval macaddr8 macaddr name numeric oid pg_lsn text tid time timestamp timestamptz timetz uuid varbit';

/**
 * The default operator classes of the built-in access methods (pg_opclass.opcdefault,
 * PostgreSQL 15; a test compares them with the server's catalog). Extension methods are
 * not listed: their operator classes are kept as written.
 */
const DEFAULT_OPCLASSES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    btree: [...ops(BTREE_HASH), ...ops('bit money tsquery tsvector varbit')],
    hash: [...ops(BTREE_HASH), ...ops('aclitem cid xid')],
    gin: ops('array jsonb tsvector'),
    gist: ops('box circle multirange point poly range tsquery tsvector'),
    spgist: ops('box inet poly quad_point range text'),
    brin: [...ops(MINMAX, '_minmax_ops'), ...ops('box inet range', '_inclusion_ops')],
  }).map(([method, names]) => [method, new Set(names)]),
);

/** The default operator classes of a built-in access method (empty for others). */
export const defaultOpclasses = (method: string): ReadonlySet<string> => DEFAULT_OPCLASSES.get(method) ?? new Set();

/** The key without the options that are PostgreSQL's defaults for its order and the index's method. */
export function withoutDefaultOptions(key: IndexKey, method: string): IndexKey {
  if (key.nulls === undefined && key.opclass === undefined) return key;
  const { nulls, opclass: declared, ...rest } = key;
  const opclass = declared?.toLowerCase();
  const keepNulls = nulls !== undefined && nulls !== (key.order === 'asc' ? 'last' : 'first');
  const keepOpclass = opclass !== undefined && !defaultOpclasses(method).has(opclass);
  return { ...rest, ...(keepNulls ? { nulls } : {}), ...(keepOpclass ? { opclass } : {}) };
}
