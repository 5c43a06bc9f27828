/**
 * Streams a CSV file into a table: the header row names the columns, every later record
 * is one row. The file is read in chunks and parsed incrementally, rows are coerced as
 * they arrive and written in batches, so memory stays flat whatever the file size.
 */
import { createReadStream } from 'node:fs';
import type { EngineConnection } from '../engine/engine.js';
import { InputError, UsageError } from '../errors.js';
import type { Table } from '../schema/ir.js';
import { makeCoercer } from '../crud/coerce.js';
import { explicitKey, isRequired } from '../crud/insert-rows.js';
import { findColumnOrThrow } from '../crud/live-table.js';
import type { RowWriterOptions } from '../crud/row-writer.js';
import { RowWriter, withLocation } from '../crud/row-writer.js';
import { CsvParser } from './csv-parser.js';
import type { SeedFile } from './files.js';

const CHUNK_BYTES = 1 << 16;

/** How `writeCsv` writes rows and reports progress. */
export interface CsvWriteOptions {
  readonly upsertFor: (columns: readonly string[]) => RowWriterOptions['upsert'];
  /** Called after each batch with the rows it wrote. */
  readonly onRows: (count: number) => void;
}

/** Loads one CSV file into `table` on a connection inside a transaction; returns the rows written. */
export async function writeCsv(tx: EngineConnection, table: Table, file: SeedFile, options: CsvWriteOptions): Promise<number> {
  const parser = new CsvParser(file.display);
  const stream = createReadStream(file.path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  let loader: CsvLoader | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      for (const record of parser.push(chunk)) {
        if (!loader) loader = new CsvLoader(tx, table, file, record.fields, options);
        else if (loader.push(record.fields, record.line)) await loader.flush();
      }
    }
    for (const record of parser.end()) {
      if (!loader) loader = new CsvLoader(tx, table, file, record.fields, options);
      else if (loader.push(record.fields, record.line)) await loader.flush();
    }
  } finally {
    stream.destroy();
  }
  if (!loader) throw new InputError(`${file.display}: empty file: the first line must name the columns`, { file: file.path });
  await loader.flush();
  return loader.written;
}

/** Maps records to encoded rows for one table and feeds the batch writer. */
class CsvLoader {
  private readonly encoders: Array<(value: string | null) => unknown>;
  private readonly writer: RowWriter;
  private readonly values: unknown[];
  /**
   * An empty field of a generated key asks for a generated key: such rows go to a writer
   * without that column (PostgreSQL refuses an explicit NULL there; the others generate).
   */
  private readonly keyAt: number;
  private generated: RowWriter | null = null;
  private readonly makeGenerated: () => RowWriter;
  /** The writer the last row went to; a row for the other one waits until it is flushed, so rows keep their order. */
  private current: RowWriter;
  private pending: { readonly writer: RowWriter; readonly values: unknown[]; readonly line: number } | null = null;

  constructor(tx: EngineConnection, table: Table, private readonly file: SeedFile, header: readonly (string | null)[], options: CsvWriteOptions) {
    const names = header.map((h, i) => {
      const name = (h ?? '').trim();
      if (name === '') throw new InputError(`${file.display}:1 column ${i + 1} of the header has no name`, { file: file.path });
      return name;
    });
    const columns = names.map((name) => {
      try {
        return findColumnOrThrow(table, name);
      } catch (err) {
        throw withLocation(err, `${file.display}:1`);
      }
    });
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new UsageError(`${file.display}:1 column '${duplicate}' appears twice in the header`, { file: file.path });
    const missing = table.columns.find((c) => isRequired(c) && !names.includes(c.name));
    if (missing) throw new InputError(`${file.display}:1 ${missing.name}: a value is required (NOT NULL without a default), but the header has no such column`, { file: file.path });

    const dialect = tx.dialect;
    this.encoders = columns.map((column) => {
      const coerce = makeCoercer(column, 'text', { limits: dialect.capabilities });
      const type = column.type;
      return (value: string | null) => dialect.encodeValue(coerce(value), type);
    });
    this.values = new Array<unknown>(columns.length);
    const columnNames = columns.map((c) => c.name);
    const writerFor = (names: string[]) => {
      let reported = 0;
      return new RowWriter(tx, {
        table: table.name,
        columns: names,
        upsert: options.upsertFor(names),
        explicitKey: explicitKey(table, names),
        describe: (line) => `${file.display}:${line}`,
        onBatch: (written) => {
          options.onRows(written - reported);
          reported = written;
        },
      });
    };
    this.writer = this.current = writerFor(columnNames);
    this.keyAt = columns.findIndex((c) => c.autoIncrement);
    this.makeGenerated = () => writerFor(columnNames.filter((_n, i) => i !== this.keyAt));
  }

  get written(): number {
    return this.writer.written + (this.generated?.written ?? 0);
  }

  /** Queues one record; true when a batch is full and `flush()` must be awaited. */
  push(fields: readonly (string | null)[], line: number): boolean {
    const width = this.encoders.length;
    if (fields.length !== width) {
      throw new InputError(`${this.file.display}:${line} expected ${width} field${width === 1 ? '' : 's'} (as in the header), found ${fields.length}`, {
        file: this.file.path,
        line,
      });
    }
    const values = this.values;
    try {
      for (let i = 0; i < width; i++) values[i] = this.encoders[i]!(fields[i]!);
    } catch (err) {
      if (err instanceof InputError && typeof err.details.column === 'string') {
        // Only an empty unquoted field is NULL in CSV: say how to write an empty string.
        const hint = /NOT NULL/.test(err.message) ? '; an empty field is NULL, write "" for an empty string' : '';
        throw withLocation(new InputError(`${err.message}${hint}`, { ...err.details, file: this.file.path, line }), `${this.file.display}:${line}`);
      }
      throw err;
    }
    let target = this.writer;
    let row = values;
    if (this.keyAt >= 0 && values[this.keyAt] === null) {
      target = this.generated ??= this.makeGenerated();
      row = values.filter((_v, i) => i !== this.keyAt);
    }
    if (target !== this.current) {
      this.pending = { writer: target, values: row.slice(), line };
      return true;
    }
    return target.push(row, line);
  }

  async flush(): Promise<void> {
    await this.current.flush();
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    this.current = pending.writer;
    if (pending.writer.push(pending.values, pending.line)) await pending.writer.flush();
  }
}
