/**
 * An incremental RFC 4180 CSV parser: feed it chunks of any size, get back the records
 * completed so far. Quoted fields may hold commas, doubled quotes and line breaks; lines
 * end with LF, CRLF or CR; a leading byte-order mark is dropped; blank lines are skipped.
 * An unquoted empty field is `null` and a quoted one (`""`) the empty string, so NULL and
 * '' survive a round trip (PostgreSQL's COPY … CSV makes the same distinction).
 * Memory holds one chunk plus the record in progress, whatever the file size.
 */
import { InputError } from '../errors.js';

/** One record: its fields (null for an unquoted empty field) and where it starts. */
export interface CsvRecord {
  readonly fields: (string | null)[];
  /** 1-based line on which the record starts. */
  readonly line: number;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  /** At the start of a field. */
  FieldStart,
  /** Inside an unquoted field. */
  Unquoted,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: a second quote, or the field's end. */
  QuoteInQuoted,
}

/** Parses CSV text pushed in chunks; see the module comment for the dialect of CSV it reads. */
export class CsvParser {
  private state = State.FieldStart;
  private fields: (string | null)[] = [];
  /** Text of the current field from earlier chunks. */
  private partial = '';
  private quoted = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** A CR ended the last record: an LF right after it belongs to the same line break. */
  private skipLf = false;
  private first = true;

  /** `source` names the input in errors (`seeds/users.csv`). */
  constructor(private readonly source: string) {}

  /** Parses one more chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let s = chunk;
    if (this.first && s.length > 0) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    let start = 0; // where the current field's text begins in this chunk
    if (this.skipLf && n > 0) {
      this.skipLf = false;
      if (s.charCodeAt(0) === LF) i = start = 1;
    }
    while (i < n) {
      switch (this.state) {
        case State.FieldStart:
          if (s.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.quoted = true;
            this.quoteLine = this.line;
            start = ++i;
          } else {
            this.state = State.Unquoted;
            start = i;
          }
          break;
        case State.Unquoted: {
          // Fast scan to the next comma or line break.
          let c = 0;
          while (i < n && (c = s.charCodeAt(i)) !== COMMA && c !== LF && c !== CR) i++;
          if (i === n) break;
          this.endField(s.slice(start, i));
          i = this.afterDelimiter(s, i, c, out);
          start = i;
          break;
        }
        case State.Quoted: {
          const q = s.indexOf('"', i);
          const end = q < 0 ? n : q;
          for (let k = s.indexOf('\n', i); k >= 0 && k < end; k = s.indexOf('\n', k + 1)) this.line++;
          if (q < 0) {
            i = n;
            break;
          }
          this.partial += s.slice(start, q);
          this.state = State.QuoteInQuoted;
          i = q + 1;
          start = i;
          break;
        }
        case State.QuoteInQuoted: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            // A doubled quote is one quote character.
            this.partial += '"';
            this.state = State.Quoted;
            start = ++i;
          } else if (c === COMMA || c === LF || c === CR) {
            this.endField('');
            i = this.afterDelimiter(s, i, c, out);
            start = i;
          } else {
            throw new InputError(`${this.source}:${this.line} a quoted field must end at a comma or line break, found '${s[i]}' after the closing quote`, { line: this.line });
          }
          break;
        }
      }
    }
    // Keep the unfinished field's text for the next chunk.
    if (this.state === State.Unquoted || this.state === State.Quoted) this.partial += s.slice(start, n);
    return out;
  }

  /** Finishes the input; returns the last record, if the text did not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === State.Quoted) {
      throw new InputError(`${this.source}:${this.quoteLine} a quoted field is never closed (missing ")`, { line: this.quoteLine });
    }
    const out: CsvRecord[] = [];
    if (this.state === State.Unquoted || this.state === State.QuoteInQuoted || this.fields.length > 0) {
      this.endField('');
      this.endRecord(out);
    }
    return out;
  }

  private endField(tail: string): void {
    const text = this.partial + tail;
    this.fields.push(text === '' && !this.quoted ? null : text);
    this.partial = '';
    this.quoted = false;
    this.state = State.FieldStart;
  }

  /** After a field ended at `s[i]` (comma or line break): returns where the next field starts. */
  private afterDelimiter(s: string, i: number, c: number, out: CsvRecord[]): number {
    if (c === COMMA) return i + 1;
    this.endRecord(out);
    this.line++;
    this.recordLine = this.line;
    if (c === CR) {
      if (i + 1 < s.length) return s.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      this.skipLf = true;
    }
    return i + 1;
  }

  private endRecord(out: CsvRecord[]): void {
    const fields = this.fields;
    this.fields = [];
    // A blank line is one empty unquoted field: skip it.
    if (fields.length === 1 && fields[0] === null) return;
    out.push({ fields, line: this.recordLine });
  }
}
