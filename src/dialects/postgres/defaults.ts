import type { ColumnType, DefaultValue, LiteralValue } from '../../schema/ir.js';
import { memoizeText } from '../shared/memo.js';
import { parseSqlLiteral } from '../shared/normalize.js';
import { stripOuterParens } from '../shared/tokens.js';
import { tokenizePg, typeEnd } from './expression.js';

/** A column default as introspection reads it, plus whether it is a serial's `nextval`. */
export interface ReadDefault {
  readonly default: DefaultValue | null;
  /** `nextval('t_id_seq'::regclass)`: a serial column, reported as auto-increment. */
  readonly serial: boolean;
}

/**
 * Reads `pg_get_expr(adbin)` text: `'abc'::character varying` and `'-5'::integer` are
 * literals, `true`/`3.5` too, `NULL::text` is no default, `nextval(…)` marks a serial,
 * anything else (`now()`, `CURRENT_TIMESTAMP`, `gen_random_uuid()`) is an expression.
 */
export function readPgDefault(sql: string | null, type: ColumnType): ReadDefault {
  if (sql === null) return { default: null, serial: false };
  const text = sql.trim();
  if (/^nextval\s*\(/i.test(text)) return { default: null, serial: true };
  const literal = literalOf(text);
  if (literal === null) return { default: null, serial: false };
  if (literal !== undefined) return { default: { kind: 'literal', value: typed(literal, type) }, serial: false };
  return { default: { kind: 'expression', sql: text }, serial: false };
}

/**
 * The literal a cast-decorated literal stands for: `undefined` when `sql` is not
 * a literal, `null` for NULL.
 */
export const literalOf: (sql: string) => LiteralValue | undefined = memoizeText((sql) => readLiteral(sql));

function readLiteral(sql: string): LiteralValue | undefined {
  const s = stripOuterParens(sql);
  let tokens;
  try {
    tokens = tokenizePg(s);
  } catch {
    return undefined;
  }
  // Drop every trailing `::type` (a literal may carry several: 'a'::character varying::text).
  const castAt = tokens.findIndex((t) => t.kind === 'punct' && t.value === '::');
  const end = castAt < 0 ? tokens.length : castAt;
  for (let i = end; i < tokens.length; ) {
    if (tokens[i]!.value !== '::') return undefined;
    const after = typeEnd(tokens, i + 1);
    if (after === i + 1) return undefined;
    i = after;
  }
  if (end === 0) return undefined;
  return parseSqlLiteral(s.slice(0, tokens[end - 1]!.end));
}

/** Quoted numbers on numeric columns are numbers; json text is parsed. */
function typed(value: LiteralValue, type: ColumnType): LiteralValue {
  if (typeof value !== 'string') return value;
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'real': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) && (type.kind === 'real' || Number.isSafeInteger(n)) ? n : value;
    }
    case 'json':
      try {
        return JSON.parse(value) as LiteralValue;
      } catch {
        return value;
      }
    default:
      return value;
  }
}
