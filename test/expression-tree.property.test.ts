/**
 * The expression printer drops only parentheses that precedence makes redundant: for
 * every tree, its minimal text and its fully parenthesized text (the way PostgreSQL
 * prints) both parse back to that same tree. Equal canonical text therefore means an
 * equal tree, so a schema check never takes `(a + b) * c` for `a + b * c`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr, Precedence } from '../src/dialects/shared/expression-tree.js';
import { parseExpression, printExpression } from '../src/dialects/shared/expression-tree.js';
import type { Token } from '../src/dialects/shared/tokens.js';
import { tokenize } from '../src/dialects/shared/tokens.js';
import { canonicalMysqlExpression, MYSQL_PRECEDENCE } from '../src/dialects/mysql/expressions.js';
import { canonicalPgExpression, PG_PRECEDENCE } from '../src/dialects/postgres/expression.js';

const RUNS = Number(process.env.ORM_PROPERTY_RUNS ?? 300);

const tok = (kind: Token['kind'], value: string): Token => ({ kind, value, start: -1, end: -1 });

function trees(prec: Precedence): fc.Arbitrary<Expr> {
  const ops = [...prec.binary.keys()];
  const atom: fc.Arbitrary<Expr> = fc.oneof(
    fc.constantFrom('a', 'b', 'c').map((w) => ({ k: 'atom', tokens: [tok('word', w)] }) as Expr),
    fc.constantFrom('1', '2', '0.5').map((n) => ({ k: 'atom', tokens: [tok('number', n)] }) as Expr),
    fc.constant({ k: 'atom', tokens: [tok('string', 'x')] } as Expr),
  );
  const { tree } = fc.letrec<{ tree: Expr }>((t) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.record({ k: fc.constant('binary'), op: fc.constantFrom(...ops), l: t('tree'), r: t('tree') }) as fc.Arbitrary<Expr>,
      fc.record({ k: fc.constant('prefix'), op: fc.constantFrom('NOT', '-'), x: t('tree') }) as fc.Arbitrary<Expr>,
      fc.record({ k: fc.constant('is'), not: fc.boolean(), x: t('tree'), what: fc.constantFrom([tok('word', 'NULL')], [tok('word', 'TRUE')]) }) as fc.Arbitrary<Expr>,
      fc.record({ k: fc.constant('in'), not: fc.boolean(), x: t('tree'), list: fc.array(t('tree'), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<Expr>,
      fc.record({ k: fc.constant('between'), not: fc.boolean(), x: t('tree'), lo: t('tree'), hi: t('tree') }) as fc.Arbitrary<Expr>,
      fc.record({ k: fc.constant('call'), name: fc.constant(tok('word', 'f')), args: fc.array(t('tree'), { maxLength: 2 }) }) as fc.Arbitrary<Expr>,
      fc.record({ k: fc.constant('case'), operand: fc.constant(null), whens: fc.array(fc.tuple(t('tree'), t('tree')), { minLength: 1, maxLength: 2 }), otherwise: fc.option(t('tree'), { nil: null }) }) as fc.Arbitrary<Expr>,
    ),
  }));
  return tree;
}

/** Every operator expression in its own parentheses, the way PostgreSQL prints a stored expression. */
function fullyParenthesized(e: Expr): string {
  const w = (x: Expr) => (x.k === 'atom' || x.k === 'call' || x.k === 'case' ? fullyParenthesized(x) : `(${fullyParenthesized(x)})`);
  switch (e.k) {
    case 'atom':
      return render(e.tokens);
    case 'call':
      return `${e.name.value}(${e.args.map(fullyParenthesized).join(', ')})`;
    case 'prefix':
      return `${e.op} ${w(e.x)}`;
    case 'binary':
      return `${w(e.l)} ${e.op} ${w(e.r)}`;
    case 'is':
      return `${w(e.x)} IS ${e.not ? 'NOT ' : ''}${render(e.what)}`;
    case 'in':
      return `${w(e.x)} ${e.not ? 'NOT ' : ''}IN (${e.list.map(fullyParenthesized).join(', ')})`;
    case 'between':
      return `${w(e.x)} ${e.not ? 'NOT ' : ''}BETWEEN ${w(e.lo)} AND ${w(e.hi)}`;
    case 'case':
      return `CASE ${e.whens.map(([a, b]) => `WHEN ${fullyParenthesized(a)} THEN ${fullyParenthesized(b)}`).join(' ')}${e.otherwise ? ` ELSE ${fullyParenthesized(e.otherwise)}` : ''} END`;
  }
}

function render(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.kind === 'string' ? `'${t.value.replace(/'/g, "''")}'` : t.value)).join(' ');
}

/** A tree without token offsets, for comparing. */
function shape(e: Expr | null): unknown {
  return JSON.parse(JSON.stringify(e, (key, value) => (key === 'start' || key === 'end' ? undefined : value)));
}

describe.each([
  ['postgres', PG_PRECEDENCE, canonicalPgExpression],
  ['mysql', MYSQL_PRECEDENCE, canonicalMysqlExpression],
] as const)('expression trees (%s precedence)', (_name, prec, canonical) => {
  it('minimal and fully parenthesized texts both parse back to the tree they were printed from', () => {
    fc.assert(
      fc.property(trees(prec), (tree) => {
        const minimal = render(printExpression(tree, prec));
        expect(shape(parseExpression(tokenize(minimal), prec)), minimal).toEqual(shape(tree));
        const full = fullyParenthesized(tree);
        expect(shape(parseExpression(tokenize(full), prec)), full).toEqual(shape(tree));
      }),
      { numRuns: RUNS },
    );
  });

  it("the dialect's canonical text is the same with or without redundant parentheses", () => {
    fc.assert(
      fc.property(trees(prec), (tree) => {
        expect(canonical(fullyParenthesized(tree))).toBe(canonical(render(printExpression(tree, prec))));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps parentheses that change the grouping', () => {
    const pairs: Array<[string, string]> = [
      ['(a + b) * c', 'a + b * c'],
      ['a - (b - c)', 'a - b - c'],
      ['(a OR b) AND c', 'a OR b AND c'],
      ['NOT (a AND b)', 'NOT a AND b'],
      ['- (a + b)', '- a + b'],
      ['(a = b) = c', 'a = (b = c)'],
    ];
    for (const [x, y] of pairs) expect(canonical(x), `${x} vs ${y}`).not.toBe(canonical(y));
  });
});
