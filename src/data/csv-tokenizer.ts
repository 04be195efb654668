/**
 * A CSV tokenizer over bytes (RFC 4180: quoted fields may hold delimiters, `""` and line ends). Bytes arrive in
 * pieces of any size, as a file is streamed; each complete record goes to the sink as field ranges into the bytes,
 * so numbers can be parsed where they lie (parse-number.ts) and only text cells are ever decoded. The unfinished
 * record at the end of a piece is carried into the next one. Records end at LF, CRLF or a lone CR.
 */

import { scanDecimal, scanEnd } from './parse-number.js';

export const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** One record: field f is bytes[start[f], end[f]) (inside the quotes when quoted). Views are valid during the call. */
export interface CsvRecord {
  readonly bytes: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Per field: 0 plain, 1 quoted, 2 quoted with `""` escapes inside. */
  readonly quoting: Uint8Array;
  /**
   * Per field: its value when it is a plain decimal without spaces, read in the same pass (parse-number.ts's
   * scanDecimal); NaN for every other field (which may still be a number: parseDecimalBytes, then `Number`, decide).
   */
  readonly numbers: Float64Array;
  readonly fields: number;
  /** 1-based record number in the file (the header is 1), blank records counted. */
  readonly row: number;
}

/** A malformed record: an unclosed quote or text after a closing quote. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    detail: string,
  ) {
    super(detail);
    this.name = 'CsvSyntaxError';
  }
}

const EMPTY = new Uint8Array(0);

export class CsvTokenizer {
  private carry: Uint8Array = EMPTY;
  private rows = 0;
  /** A CR ended the last piece's last record: an LF starting the next piece belongs to it. */
  private skipLf = false;
  private start = new Int32Array(64);
  private end = new Int32Array(64);
  private quoting = new Uint8Array(64);
  private numbers = new Float64Array(64);
  /** Without a sink: where the next record's fields go in the arrays above, and each record's field count. */
  private base = 0;
  private recordFields = new Int32Array(0);
  private records = 0;

  constructor(
    private readonly delimiter: number,
    /** Gets each record; null keeps them all, laid one after another, for takeRecords() (csv-chunks.ts). */
    private readonly sink: ((record: CsvRecord) => void) | null,
    /** `,` is a decimal point in numbers (a `;` file). */
    private readonly decimalComma = false,
  ) {}

  /**
   * Takes out the unfinished record's bytes and the count of records so far, so that whole records can be tokenized
   * elsewhere (csv-chunks.ts, in worker threads); null right after a CR at a piece's end (its LF may follow). Call
   * resume() before pushing again.
   */
  detach(): { carry: Uint8Array; rows: number } | null {
    if (this.skipLf) return null;
    const carry = this.carry;
    this.carry = EMPTY;
    return { carry, rows: this.rows };
  }

  /** Goes on after `rows` records in all, the later ones tokenized elsewhere. */
  resume(rows: number): void {
    this.rows = rows;
  }

  /** Tokenizes the next piece; `last` marks the end of the input (a final record without a line end counts). */
  push(piece: Uint8Array, last: boolean): void {
    // A plain Uint8Array view, never a Node Buffer: one kind of array keeps the loops below monomorphic (and a
    // Buffer's slice would not copy the carried bytes).
    const bytes = joinBytes(this.carry, new Uint8Array(piece.buffer, piece.byteOffset, piece.length));
    let p = 0;
    if (this.rows === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) p = 3; // UTF-8 byte order mark
    if (this.skipLf && bytes.length) {
      if (bytes[0] === LF) p = 1;
      this.skipLf = false;
    }
    while (p < bytes.length) {
      const next = this.record(bytes, p, last);
      if (next < 0) break;
      p = next;
    }
    this.carry = p < bytes.length ? bytes.slice(p) : EMPTY;
  }

  /**
   * The records kept by a tokenizer without a sink: record r has fields[r] fields, one record's after another's in
   * start, end, quoting and numbers.
   */
  takeRecords(): { records: number; fields: Int32Array; start: Int32Array; end: Int32Array; quoting: Uint8Array; numbers: Float64Array } {
    const cells = this.base;
    return {
      records: this.records,
      fields: this.recordFields.slice(0, this.records),
      start: this.start.slice(0, cells),
      end: this.end.slice(0, cells),
      quoting: this.quoting.slice(0, cells),
      numbers: this.numbers.slice(0, cells),
    };
  }

  /** Emits the record starting at p and returns where the next one starts, or -1 if it is not complete yet. */
  private record(bytes: Uint8Array, p: number, last: boolean): number {
    const n = bytes.length;
    const delimiter = this.delimiter;
    const decimalComma = this.decimalComma;
    const row = this.rows + 1;
    // The field arrays in locals: this loop runs once per cell of the file. Field f goes at base + f.
    let { start, end, quoting, numbers } = this;
    const base = this.base;
    let cell = base;
    for (;;) {
      if (cell === start.length) ({ start, end, quoting, numbers } = this.growFields());
      let i: number;
      if (bytes[p] === QUOTE) {
        i = this.quotedField(bytes, p, last, row, cell);
        if (i < 0) return -1;
      } else {
        numbers[cell] = scanDecimal(bytes, p, n, decimalComma);
        i = scanEnd;
        let c = i < n ? (bytes[i] as number) : -1;
        if (c !== delimiter && c !== LF && c !== CR && c !== -1) {
          numbers[cell] = Number.NaN;
          while (++i < n) {
            c = bytes[i] as number;
            if (c === delimiter || c === LF || c === CR) break;
          }
        }
        if (i >= n && !last) return -1;
        start[cell] = p;
        end[cell] = i;
        quoting[cell] = 0;
      }
      cell++;
      const c = bytes[i];
      if (i < n && c === delimiter) {
        p = i + 1;
        if (p >= n && !last) return -1;
        continue;
      }
      // The record ends here: at a line end, or at the end of the input.
      let next = i;
      if (c === CR) {
        next++;
        if (next >= n) this.skipLf = true;
        else if (bytes[next] === LF) next++;
      } else if (c === LF) next++;
      this.rows = row;
      const fields = cell - base;
      if (this.sink) this.sink({ bytes, start, end, quoting, numbers, fields, row });
      else this.keep(fields, cell);
      return next;
    }
  }

  /** Without a sink: keeps the record just read, `fields` fields ending before `cell`. */
  private keep(fields: number, cell: number): void {
    if (this.records === this.recordFields.length) {
      const grown = new Int32Array(Math.max(1024, 2 * this.records));
      grown.set(this.recordFields);
      this.recordFields = grown;
    }
    this.recordFields[this.records++] = fields;
    this.base = cell;
  }

  /** Reads the quoted field f starting at p into the field arrays; returns where it ends, or -1 if not complete yet. */
  private quotedField(bytes: Uint8Array, p: number, last: boolean, row: number, f: number): number {
    const n = bytes.length;
    let escaped = 0;
    let i = p + 1;
    for (;;) {
      i = bytes.indexOf(QUOTE, i);
      if (i < 0) {
        if (last) throw new CsvSyntaxError(row, 'a quoted cell is never closed');
        return -1;
      }
      if (bytes[i + 1] === QUOTE) {
        escaped = 1;
        i += 2;
        continue;
      }
      if (i + 1 >= n && !last) return -1;
      break;
    }
    this.start[f] = p + 1;
    this.end[f] = i;
    this.quoting[f] = 1 + escaped;
    this.numbers[f] = Number.NaN;
    i++;
    const after = bytes[i];
    if (i < n && after !== this.delimiter && after !== LF && after !== CR) {
      throw new CsvSyntaxError(row, 'text after the closing quote of a quoted cell');
    }
    return i;
  }

  private growFields(): this {
    const size = 2 * this.start.length;
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.start = grow(this.start, (k) => new Int32Array(k));
    this.end = grow(this.end, (k) => new Int32Array(k));
    this.quoting = grow(this.quoting, (k) => new Uint8Array(k));
    this.numbers = grow(this.numbers, (k) => new Float64Array(k));
    return this;
  }
}

const utf8 = new TextDecoder();

/** The text of field f (quotes removed, `""` unescaped). */
export function fieldText(record: CsvRecord, f: number): string {
  return decodeField(record.bytes, record.start[f] as number, record.end[f] as number, record.quoting[f] as number);
}

/** The text of bytes[start, end) with quoting q (CsvRecord.quoting): decoded, `""` unescaped. */
export function decodeField(bytes: Uint8Array, start: number, end: number, q: number): string {
  const text = utf8.decode(bytes.subarray(start, end));
  return q === 2 ? text.replaceAll('""', '"') : text;
}

/** a then b, in a new array; b itself when a is empty. */
export function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
