import { UsageError } from '../errors.js';

/** Where a piece of a `--where` expression sits in its source text (0-based, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * A `UsageError` that points into a `--where` expression: `{at}` in `problem` becomes the
 * 1-based position (`at column 6`), and `details.excerpt` holds the source line with a
 * caret under the spot, which the CLI prints below the error line.
 */
export function whereError(source: string, at: number, problem: string, extra: Record<string, unknown> = {}): UsageError {
  const { line, column, text } = locate(source, at);
  const where = source.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
  // The last `{at}`: user text (a column name, a value) only ever comes before it.
  const i = problem.lastIndexOf('{at}');
  const message = `--where ${JSON.stringify(source)}: ${i < 0 ? problem : `${problem.slice(0, i)}at ${where}${problem.slice(i + 4)}`}`;
  const excerpt = `  ${text}\n  ${' '.repeat(column - 1)}^`;
  return new UsageError(message, { ...extra, where: source, position: at, line, column, excerpt });
}

function locate(source: string, at: number): { line: number; column: number; text: string } {
  const offset = Math.max(0, Math.min(at, source.length));
  const lineStart = offset > 0 ? source.lastIndexOf('\n', offset - 1) + 1 : 0;
  const lineEnd = source.indexOf('\n', offset);
  const line = source.slice(0, lineStart).split('\n').length;
  // Tabs and other control characters would shift the caret: show them as spaces.
  const text = source.slice(lineStart, lineEnd < 0 ? source.length : lineEnd).replace(/[\u0000-\u001f]/g, ' ');
  return { line, column: offset - lineStart + 1, text };
}
