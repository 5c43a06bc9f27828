import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import type { ComparisonOp, Expr } from '../src/query/ast.js';
import { parseWhere } from '../src/crud/where-parser.js';
import { printWhere } from '../src/crud/where-print.js';

const col = (column: string): Expr => ({ kind: 'column', table: null, column });
const val = (value: unknown): Expr => ({ kind: 'param', value });
const cmp = (op: ComparisonOp, left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right });
const parse = (source: string) => parseWhere(source).expr;

function syntaxError(source: string): UsageError {
  try {
    parseWhere(source);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

describe('the --where parser builds the shared expression AST', () => {
  it('reads every comparison operator, != and <> alike', () => {
    for (const op of ['=', '<', '<=', '>', '>='] as const) expect(parse(`age ${op} 3`)).toEqual(cmp(op, col('age'), val(3)));
    expect(parse('age != 3')).toEqual(cmp('<>', col('age'), val(3)));
    expect(parse('age<>3')).toEqual(cmp('<>', col('age'), val(3)));
    expect(parse("name like 'A%'")).toEqual(cmp('like', col('name'), val('A%')));
    expect(parse("name ILIKE 'a%'")).toEqual(cmp('ilike', col('name'), val('a%')));
  });

  it('reads in, not in, is [not] null, between, not like', () => {
    expect(parse("id in (1, 2, 'x')")).toEqual({ kind: 'in', left: col('id'), values: [val(1), val(2), val('x')], negated: false });
    expect(parse('id not in ()')).toEqual({ kind: 'in', left: col('id'), values: [], negated: true });
    expect(parse('email is null')).toEqual({ kind: 'isNull', operand: col('email'), negated: false });
    expect(parse('email IS NOT NULL')).toEqual({ kind: 'isNull', operand: col('email'), negated: true });
    expect(parse('age between 18 and 65')).toEqual({ kind: 'between', operand: col('age'), low: val(18), high: val(65) });
    expect(parse('age not between 1 and 2')).toEqual({ kind: 'not', operand: { kind: 'between', operand: col('age'), low: val(1), high: val(2) } });
    expect(parse("name not like 'A%'")).toEqual({ kind: 'not', operand: cmp('like', col('name'), val('A%')) });
  });

  it('gives not > and > or precedence, and parentheses override it', () => {
    const a = cmp('=', col('a'), val(1));
    const b = cmp('=', col('b'), val(2));
    const c = cmp('=', col('c'), val(3));
    expect(parse('a = 1 or b = 2 and c = 3')).toEqual({ kind: 'or', items: [a, { kind: 'and', items: [b, c] }] });
    expect(parse('(a = 1 or b = 2) and c = 3')).toEqual({ kind: 'and', items: [{ kind: 'or', items: [a, b] }, c] });
    expect(parse('not a = 1 and b = 2')).toEqual({ kind: 'and', items: [{ kind: 'not', operand: a }, b] });
    expect(parse('a = 1 and b = 2 and c = 3')).toEqual({ kind: 'and', items: [a, b, c] });
    expect(parse('age between 1 and 5 and b = 2')).toEqual({ kind: 'and', items: [{ kind: 'between', operand: col('age'), low: val(1), high: val(5) }, b] });
  });

  it('reads strings with either quote, escapes and doubled quotes', () => {
    expect(parse(`s = 'it''s'`)).toEqual(cmp('=', col('s'), val("it's")));
    expect(parse(`s = 'it\\'s'`)).toEqual(cmp('=', col('s'), val("it's")));
    expect(parse(`s = "say \\"hi\\""`)).toEqual(cmp('=', col('s'), val('say "hi"')));
    expect(parse(`s = 'a\\nb\\t\\\\ \\u00e9 \\u{1F600}'`)).toEqual(cmp('=', col('s'), val('a\nb\t\\ é 😀')));
    expect(parse(`s = '; DROP TABLE users; --'`)).toEqual(cmp('=', col('s'), val('; DROP TABLE users; --')));
  });

  it('reads numbers, booleans and null; big integers stay exact', () => {
    expect(parse('n = -12.5e2')).toEqual(cmp('=', col('n'), val(-1250)));
    expect(parse('n = .5')).toEqual(cmp('=', col('n'), val(0.5)));
    expect(parse('n = 12345678901234567890')).toEqual(cmp('=', col('n'), val(12345678901234567890n)));
    expect(parse('b = TRUE or b = false or b = null')).toEqual({
      kind: 'or',
      items: [cmp('=', col('b'), val(true)), cmp('=', col('b'), val(false)), cmp('=', col('b'), val(null))],
    });
  });

  it('reads backquoted column names, for keywords and odd characters', () => {
    expect(parse('`order` = 1')).toEqual(cmp('=', col('order'), val(1)));
    expect(parse('`we"ird``; col]` = 1')).toEqual(cmp('=', col('we"ird`; col]'), val(1)));
    expect(parse('updated_at > created_at')).toEqual(cmp('>', col('updated_at'), col('created_at')));
  });

  it('reads column names in any script without backticks', () => {
    expect(parse("名前 = 'n' and prénom_2 != 'x'")).toEqual({ kind: 'and', items: [cmp('=', col('名前'), val('n')), cmp('<>', col('prénom_2'), val('x'))] });
    expect(parse('Ωmega >= 1')).toEqual(cmp('>=', col('Ωmega'), val(1)));
    expect(printWhere(parse('名前 = 1'))).toBe('`名前` = 1');
    expect(() => parseWhere('3名 = 1')).toThrow("unexpected '名' at column 2, in the number '3'");
  });

  it('returns frozen nodes that the query compiler accepts', () => {
    const expr = parse("a = 1 and (b in (1) or not c like 'x')");
    const walk = (e: Expr): void => {
      expect(Object.isFrozen(e)).toBe(true);
      if (e.kind === 'and' || e.kind === 'or') e.items.forEach(walk);
      if (e.kind === 'not') walk(e.operand);
    };
    walk(expr);
  });
});

describe('--where syntax errors point at the position', () => {
  it('names the unexpected token and its column, with a caret excerpt', () => {
    const err = syntaxError('age >> 3');
    expect(err.message).toBe(`--where "age >> 3": unexpected '>' at column 6, expected a value after '>'`);
    expect(err.details.excerpt).toBe('  age >> 3\n       ^');
    expect(err.details.column).toBe(6);
  });

  const cases: Array<[string, RegExp]> = [
    ['', /the expression is empty at column 1/],
    ['age', /unexpected end of the expression at column 4, expected an operator/],
    ['age = ', /unexpected end of the expression at column 7, expected a value after '='/],
    ["name = 'abc", /unterminated string starting at column 8/],
    ['(a = 1', /expected '\)' to close the '\(' at column 1/],
    ['a = 1)', /unexpected '\)' at column 6, no \( to close/],
    ['a = 1 b = 2', /unexpected 'b' at column 7, expected 'and', 'or' or the end/],
    ['a in 1, 2', /unexpected '1' at column 6, expected '\(' to start the list/],
    ['a in (1 2)', /unexpected '2' at column 9, expected ',' or '\)'/],
    ['a between 1 or 2', /unexpected 'or' at column 13, expected 'and' between/],
    ['a is 1', /unexpected '1' at column 6, expected 'null' after 'is'/],
    ['a = 3abc', /unexpected 'a' at column 6, in the number '3'/],
    ['a = #', /unexpected '#' at column 5/],
    ['a = {"$gt": ""}', /unexpected '\{' at column 5: values are .* never objects/],
    ["a = 'x\\q'", /unknown escape '\\q' at column 7/],
    ['a = `', /unterminated quoted column name starting at column 5/],
    ['a = 1; DROP TABLE users', /unexpected ';' at column 6/],
    ['a = ?', /unexpected '\?' at column 5/],
    ['a = $1', /unexpected '\$' at column 5/],
    ['a = :name', /unexpected ':' at column 5/],
  ];
  for (const [source, pattern] of cases) {
    it(JSON.stringify(source), () => {
      const err = syntaxError(source);
      expect(err.message).toMatch(pattern);
      expect(typeof err.details.position).toBe('number');
    });
  }

  it('refuses nesting deeper than 100 parentheses or nots with a positioned error, not a stack overflow', () => {
    expect(parse(`${'('.repeat(100)}a = 1${')'.repeat(100)}`)).toEqual(cmp('=', col('a'), val(1)));
    expect(syntaxError(`${'('.repeat(101)}a = 1${')'.repeat(101)}`).message).toBe(
      `--where "${'('.repeat(101)}a = 1${')'.repeat(101)}": the expression nests more than 100 parentheses or nots deep at column 101; write it flatter`,
    );
    expect(syntaxError(`${'('.repeat(50_000)}a = 1`).details.column).toBe(101);
    expect(syntaxError(`${'not '.repeat(5_000)}a = 1`).details.column).toBe(401);
  });

  it('gives the line and column in a multi-line expression', () => {
    const err = syntaxError('a = 1 and\n  b >> 2');
    expect(err.message).toMatch(/at line 2, column 6/);
    expect(err.details.excerpt).toBe('    b >> 2\n       ^');
  });
});

// Random ASTs in the language: columns with any names, every literal kind.
const columnName = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/),
  fc.constantFrom('and', 'Null', 'between', 'order', 'a b', 'x"y', 'a`b', 'semi;colon', 'br]acket', '$1', '?', ':name'),
  fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }),
);
const literal = fc.oneof(
  fc.string({ maxLength: 12, unit: fc.constantFrom('a', "'", '"', '\\', '\n', '\t', '`', '$', '?', ':', ';', '-', ' ', '\u0000', 'é', '😀') }),
  fc.string({ maxLength: 6, unit: 'binary' }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.bigInt().filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)),
  fc.boolean(),
  fc.constant(null),
);
const operand: fc.Arbitrary<Expr> = fc.oneof(columnName.map(col), literal.map(val));
const op = fc.constantFrom<ComparisonOp>('=', '<>', '<', '<=', '>', '>=', 'like', 'ilike');
const { expr } = fc.letrec<{ expr: Expr; predicate: Expr }>((tie) => ({
  predicate: fc.oneof(
    fc.tuple(op, operand, operand).map(([o, l, r]) => cmp(o, l, r)),
    fc.tuple(operand, fc.array(operand, { maxLength: 4 }), fc.boolean()).map(([left, values, negated]): Expr => ({ kind: 'in', left, values, negated })),
    fc.tuple(operand, fc.boolean()).map(([o, negated]): Expr => ({ kind: 'isNull', operand: o, negated })),
    fc.tuple(operand, operand, operand).map(([o, low, high]): Expr => ({ kind: 'between', operand: o, low, high })),
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('predicate'),
    fc.array(tie('expr'), { minLength: 2, maxLength: 3 }).map((items): Expr => ({ kind: 'and', items })),
    fc.array(tie('expr'), { minLength: 2, maxLength: 3 }).map((items): Expr => ({ kind: 'or', items })),
    tie('expr').map((o): Expr => ({ kind: 'not', operand: o })),
  ),
}));

describe('properties of the --where language', () => {
  it('printing a random AST and parsing it back gives the same AST', () => {
    fc.assert(
      fc.property(expr, (e) => {
        expect(parse(printWhere(e))).toEqual(e);
      }),
      { numRuns: 1500 },
    );
  });

  const noise = fc.oneof(
    fc.string({ maxLength: 40, unit: 'binary' }),
    fc
      .array(fc.constantFrom('a', 'b', '=', '!=', '<', '>=', '(', ')', ',', 'and', 'or', 'not', 'in', 'is', 'null', 'between', 'like', "'x'", '"y', '`c`', '1', '-2.5', 'true', '{', '}', '$1', '?', ';', '\\'), {
        maxLength: 12,
      })
      .map((parts) => parts.join(' ')),
  );

  it('random input parses or fails with a positioned UsageError, never anything else', () => {
    fc.assert(
      fc.property(noise, (source) => {
        try {
          parseWhere(source);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          const details = (err as UsageError).details;
          expect(details.position).toBeGreaterThanOrEqual(0);
          expect(details.position).toBeLessThanOrEqual(source.length);
          expect((err as UsageError).message).toMatch(/at (line \d+, )?column \d+/);
          expect(typeof details.excerpt).toBe('string');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
