import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../src/index.js';
import { makeSchema } from '../src/schema/ir.js';
import { readPgDefault } from '../src/dialects/postgres/defaults.js';
import { canonicalPgExpression } from '../src/dialects/postgres/expression.js';
import { postgresDialect } from '../src/dialects/postgres/index.js';
import { parsePostgresType } from '../src/dialects/postgres/types.js';

/** These need no server: they pin down how server spellings are read and compared. */
describe('postgres: expressions as the server prints them compare equal to what models say', () => {
  const same: Array<[string, string]> = [
    ["(i > '-100000'::integer)", 'i > -100000'],
    ["(r > ('-100000'::integer)::double precision)", 'r > -100000'],
    ["(x > '-1.5'::numeric)", 'x > -1.5'],
    ['(length((v)::text) < 1000)', 'length(v) < 1000'],
    [
      "((length(tx) < 1000) AND (tx <> 'q'::text) AND (tx ~~ 'a%'::text) AND (tx = ANY (ARRAY['a'::text, 'b'::text])) AND (tx <> 'z'::text))",
      "length(tx) < 1000 AND tx <> 'q' AND tx LIKE 'a%' AND tx IN ('a', 'b') AND tx != 'z'",
    ],
    ["(tx <> ALL (ARRAY['a'::text]))", "tx NOT IN ('a')"],
    ['((bt >= 1) AND (bt <= 5))', 'bt BETWEEN 1 AND 5'],
    ["(((v)::text <> 'x'::text) AND (e = 'a'::e1))", "v <> 'x' AND e = 'a'"],
    ['(c_x IS NOT NULL)', 'c_x IS NOT NULL'],
    ['(NOT (a > 1))', 'NOT (a > 1)'],
    ["((\"Mixed\")::text ~~* 'x%'::text)", "\"Mixed\" ILIKE 'x%'"],
    ['(length(TRIM(BOTH FROM title)) > 0)', 'length(trim(title)) > 0'],
    ["(TRIM(BOTH 'x'::text FROM t) <> ''::text)", "trim(t, 'x') <> ''"],
    ["(TRIM(LEADING FROM t) <> ''::text)", "ltrim(t) <> ''"],
    ["(TRIM(TRAILING 'ab'::text FROM t) <> ''::text)", "rtrim(t, 'ab') <> ''"],
  ];
  it.each(same)('%s ≡ %s', (server, model) => {
    expect(canonicalPgExpression(server)).toBe(canonicalPgExpression(model));
  });

  const different: Array<[string, string]> = [
    ['(a + b) * c', 'a + b * c'],
    ['a AND (b OR c)', 'a AND b OR c'],
    ["(tx = 'a'::text)", "tx = 'b'"],
    ['(x > 1)', 'x >= 1'],
    ['TRIM(LEADING FROM t)', 'trim(t)'],
  ];
  it.each(different)('%s ≢ %s', (a, b) => {
    expect(canonicalPgExpression(a)).not.toBe(canonicalPgExpression(b));
  });
});

describe('postgres: column defaults read from pg_get_expr', () => {
  const varchar = { kind: 'varchar', length: 20 } as const;
  it('reads cast literals as literals, nextval as a serial, other calls as expressions', () => {
    expect(readPgDefault("'a''b\\c'::character varying", varchar)).toEqual({ default: { kind: 'literal', value: "a'b\\c" }, serial: false });
    expect(readPgDefault("'-5'::integer", { kind: 'integer' })).toEqual({ default: { kind: 'literal', value: -5 }, serial: false });
    expect(readPgDefault("'-124.75'::numeric", { kind: 'real' })).toEqual({ default: { kind: 'literal', value: -124.75 }, serial: false });
    expect(readPgDefault("'1.50'::numeric(10,2)", { kind: 'numeric', precision: 10, scale: 2 })).toEqual({ default: { kind: 'literal', value: '1.50' }, serial: false });
    expect(readPgDefault('true', { kind: 'boolean' })).toEqual({ default: { kind: 'literal', value: true }, serial: false });
    expect(readPgDefault(`'{"k": "a", "n": 1}'::jsonb`, { kind: 'json' })).toEqual({ default: { kind: 'literal', value: { k: 'a', n: 1 } }, serial: false });
    expect(readPgDefault('NULL::character varying', varchar)).toEqual({ default: null, serial: false });
    expect(readPgDefault("nextval('t_s_seq'::regclass)", { kind: 'integer' })).toEqual({ default: null, serial: true });
    expect(readPgDefault('now()', { kind: 'timestamp', withTimezone: true })).toEqual({ default: { kind: 'expression', sql: 'now()' }, serial: false });
    expect(readPgDefault("('a'::text || 'b'::text)", { kind: 'text' })).toMatchObject({ default: { kind: 'expression' } });
  });
});

describe('postgres: type names map back to portable types', () => {
  it.each([
    ['integer', { kind: 'integer' }],
    ['int4', { kind: 'integer' }],
    ['int8', { kind: 'bigint' }],
    ['double precision', { kind: 'real' }],
    ['float8', { kind: 'real' }],
    ['real', { kind: 'custom', sql: 'real' }],
    ['numeric(10,2)', { kind: 'numeric', precision: 10, scale: 2 }],
    ['numeric', { kind: 'numeric', precision: null, scale: null }],
    ['character varying(20)', { kind: 'varchar', length: 20 }],
    ['VARCHAR', { kind: 'varchar', length: null }],
    ['timestamp without time zone', { kind: 'timestamp', withTimezone: false }],
    ['timestamptz', { kind: 'timestamp', withTimezone: true }],
    ['timestamp(3) with time zone', { kind: 'custom', sql: 'timestamp(3) with time zone' }],
    ['jsonb', { kind: 'json' }],
    ['json', { kind: 'json' }],
    ['bytea', { kind: 'blob' }],
    ['uuid', { kind: 'uuid' }],
    ['bpchar', { kind: 'custom', sql: 'character(1)' }],
    ['INET', { kind: 'custom', sql: 'inet' }],
    ['integer[]', { kind: 'custom', sql: 'integer[]' }],
    ['"MyType"', { kind: 'custom', sql: '"MyType"' }],
  ])('%s', (text, type) => {
    expect(parsePostgresType(text)).toEqual(type);
  });
});

describe('postgres: normalization rules applied to both sides', () => {
  const col = (name: string, patch: Partial<Column> = {}): Column => ({ name, type: { kind: 'integer' }, nullable: true, default: null, autoIncrement: false, comment: null, ...patch });
  const tbl = (patch: Partial<Table>): Table => ({ name: 't', columns: [col('id')], primaryKey: null, indexes: [], uniques: [], checks: [], foreignKeys: [], comment: null, ...patch });
  const n = (t: Table) => postgresDialect.normalize(makeSchema([t]));

  it('treats an unnamed primary key and <table>_pkey as the same, other names as different', () => {
    expect(n(tbl({ primaryKey: { name: null, columns: ['id'] } }))).toEqual(n(tbl({ primaryKey: { name: 't_pkey', columns: ['id'] } })));
    expect(n(tbl({ primaryKey: { name: null, columns: ['id'] } }))).not.toEqual(n(tbl({ primaryKey: { name: 'pk_t', columns: ['id'] } })));
  });

  it('reads custom type aliases, cast defaults and now() the way the server would store them', () => {
    expect(n(tbl({ columns: [col('a', { type: { kind: 'custom', sql: 'int8' } })] }))).toEqual(n(tbl({ columns: [col('a', { type: { kind: 'bigint' } })] })));
    expect(n(tbl({ columns: [col('a', { type: { kind: 'text' }, default: { kind: 'expression', sql: "'x'::text" } })] }))).toEqual(
      n(tbl({ columns: [col('a', { type: { kind: 'text' }, default: { kind: 'literal', value: 'x' } })] })),
    );
    const ts = { kind: 'timestamp', withTimezone: true } as const;
    expect(n(tbl({ columns: [col('a', { type: ts, default: { kind: 'expression', sql: 'now()' } })] }))).toEqual(
      n(tbl({ columns: [col('a', { type: ts, default: { kind: 'expression', sql: 'CURRENT_TIMESTAMP' } })] })),
    );
  });

  it('keeps RESTRICT and NO ACTION apart (PostgreSQL stores and enforces them differently)', () => {
    const fk = (onDelete: 'restrict' | 'no action') => tbl({ foreignKeys: [{ name: 'fk', columns: ['id'], refTable: 'u', refColumns: ['id'], onDelete, onUpdate: 'no action' }] });
    expect(n(fk('restrict'))).not.toEqual(n(fk('no action')));
  });

  it('makes identity columns NOT NULL without a default', () => {
    expect(n(tbl({ columns: [col('id', { autoIncrement: true, nullable: true })] }))).toEqual(n(tbl({ columns: [col('id', { autoIncrement: true, nullable: false })] })));
  });
});
