/**
 * Renders `orm select` results: a boxed table on a terminal, aligned plain text when
 * piped, CSV (what `orm seed` reads back: an unquoted empty field is NULL, `""` an empty
 * string) or a JSON array.
 */
import type { ChalkInstance } from 'chalk';
import { jsonReplacer } from './output.js';

/** Output formats of `orm select --format`. */
export type RowFormat = 'table' | 'plain' | 'csv' | 'json';

/** Rows and the order of their columns. */
export interface RowsToRender {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
  /** Columns whose values CSV writes as JSON text (a string in quotes), as `orm seed` reads json columns. */
  readonly jsonColumns?: readonly string[];
}

/** The text of `rows` in `format`, ending with a newline. */
export function renderRows(data: RowsToRender, format: RowFormat, chalk: ChalkInstance): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(data.rows, jsonReplacer, 2)}\n`;
    case 'csv':
      return renderCsv(data);
    case 'table':
    case 'plain':
      return renderAligned(data, format === 'table', chalk);
  }
}

const CELL_MAX = 60;

function renderAligned(data: RowsToRender, boxed: boolean, chalk: ChalkInstance): string {
  const { columns, rows } = data;
  const cells = rows.map((row) => columns.map((c) => cellText(row[c], boxed)));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
  const widths = columns.map((c, i) => cells.reduce((w, r) => Math.max(w, r[i]!.length), c.length));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const show = (row: readonly string[], i: number, raw: unknown) => {
    const text = pad(row[i]!, i);
    return raw === null || raw === undefined ? chalk.dim(text) : text;
  };
  const lines: string[] = [];
  if (boxed) {
    const rule = (l: string, m: string, r: string) => chalk.dim(`${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`);
    const bar = chalk.dim('│');
    lines.push(rule('┌', '┬', '┐'));
    lines.push(`${bar} ${columns.map((c, i) => chalk.bold(pad(c, i))).join(` ${bar} `)} ${bar}`);
    lines.push(rule('├', '┼', '┤'));
    cells.forEach((row, r) => lines.push(`${bar} ${columns.map((c, i) => show(row, i, rows[r]![c])).join(` ${bar} `)} ${bar}`));
    lines.push(rule('└', '┴', '┘'));
    lines.push(chalk.dim(`(${rows.length} row${rows.length === 1 ? '' : 's'})`));
  } else {
    lines.push(columns.map((c, i) => pad(c, i)).join('  ').trimEnd());
    for (const row of cells) lines.push(row.map((t, i) => pad(t, i)).join('  ').trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** One cell for the aligned formats: NULL spelled out, control characters escaped, long text cut on a terminal. */
function cellText(value: unknown, cut: boolean): string {
  if (value === null || value === undefined) return 'NULL';
  const text = scalarText(value).replace(/[\n\r\t]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'));
  return cut && text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text;
}

/** A value as text, the way CSV writes it and the CRUD commands read it back. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value, jsonReplacer);
  return String(value);
}

function renderCsv(data: RowsToRender): string {
  const lines = [data.columns.map(csvField).join(',')];
  const json = data.columns.map((c) => data.jsonColumns?.includes(c) ?? false);
  for (const row of data.rows) {
    lines.push(
      data.columns
        .map((c, i) => {
          const v = row[c];
          if (v === null || v === undefined) return '';
          // A json string value 'abc' is the JSON text "abc": written bare it would not read back (or read back as a number).
          return csvField(json[i] ? JSON.stringify(v, jsonReplacer) : scalarText(v));
        })
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 quoting; an empty string is written `""` so it stays apart from NULL. */
function csvField(text: string): string {
  return text === '' || /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
