import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import type { CsvRecord } from '../src/seed/csv-parser.js';
import { CsvParser } from '../src/seed/csv-parser.js';

function parse(chunks: readonly string[]): CsvRecord[] {
  const parser = new CsvParser('t.csv');
  const out: CsvRecord[] = [];
  for (const c of chunks) out.push(...parser.push(c));
  out.push(...parser.end());
  return out;
}
const fields = (text: string) => parse([text]).map((r) => r.fields);

describe('the incremental CSV parser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and counts lines', () => {
    const records = parse(['id,note\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,x\n']);
    expect(records.map((r) => r.fields)).toEqual([['id', 'note'], ['1', 'a, b'], ['2', 'say "hi"'], ['3', 'two\nlines'], ['4', 'x']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it('accepts CRLF and CR line ends, a byte-order mark, blank lines, and no final line break', () => {
    expect(fields('\uFEFFa,b\r\n1,2\r\n\r\n3,4')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(parse(['a\r1\r2']).map((r) => r.line)).toEqual([1, 2, 3]);
    expect(fields('a,b\n1,"x\r\ny"\r\n')).toEqual([['a', 'b'], ['1', 'x\r\ny']]);
  });

  it('tells NULL (unquoted empty) from the empty string ("")', () => {
    expect(fields('a,b,c\n,"",x\n')).toEqual([['a', 'b', 'c'], [null, '', 'x']]);
    expect(fields('a,b\n1,\n')).toEqual([['a', 'b'], ['1', null]]);
  });

  it('gives the same records however the input is cut into chunks', () => {
    const text = 'id,v\r\n1,"a ""q"", b\r\nc"\r\n2,\r\n3,""\r\n';
    const whole = parse([text]);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) expect(parse([text.slice(0, i), text.slice(i, j), text.slice(j)])).toEqual(whole);
    }
  });

  it('names the line of an unclosed quote and of text after a closing quote', () => {
    expect(() => parse(['a\n1\n"open\nstill'])).toThrow(/^t\.csv:3 a quoted field is never closed \(missing "\)$/);
    expect(() => parse(['a\n1\n"open\nstill'])).toThrow(InputError);
    expect(() => parse(['a\n"x"y\n'])).toThrow(/t\.csv:2 a quoted field must end at a comma or line break, found 'y'/);
  });

  it('parses back whatever a CSV writer produces, in any chunking (property)', () => {
    const field = fc.oneof(
      fc.constant(null),
      fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '😀'), maxLength: 8 }),
    );
    const table = fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));
    const write = (v: string | null) => (v === null ? '' : v === '' || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (rows, cuts, eol) => {
        // A record of one NULL field is a blank line, which CSV cannot tell from nothing.
        const kept = rows.filter((r) => !(r.length === 1 && r[0] === null));
        const text = kept.map((r) => r.map(write).join(',')).join(eol) + eol;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
        expect(parse(chunks).map((r) => r.fields)).toEqual(kept);
      }),
      { numRuns: 500 },
    );
  });
});
