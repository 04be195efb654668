/**
 * A CSV tokenizer over bytes (RFC 4180: quoted fields may hold delimiters, `""` and line ends). Bytes arrive in
 * pieces of any size, as a file is streamed; each complete record goes to the sink as field ranges into the bytes,
 * so numbers can be parsed where they lie (parse-number.ts) and only text cells are ever decoded. The unfinished
 * record at the end of a piece is carried into the next one. Records end at LF, CRLF or a lone CR.
 */

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

  constructor(
    private readonly delimiter: number,
    private readonly sink: (record: CsvRecord) => void,
  ) {}

  /** Tokenizes the next piece; `last` marks the end of the input (a final record without a line end counts). */
  push(piece: Uint8Array, last: boolean): void {
    let bytes = piece;
    if (this.carry.length) {
      bytes = new Uint8Array(this.carry.length + piece.length);
      bytes.set(this.carry);
      bytes.set(piece, this.carry.length);
    }
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

  /** Emits the record starting at p and returns where the next one starts, or -1 if it is not complete yet. */
  private record(bytes: Uint8Array, p: number, last: boolean): number {
    const n = bytes.length;
    const delimiter = this.delimiter;
    const row = this.rows + 1;
    let fields = 0;
    for (;;) {
      if (fields === this.start.length) this.growFields();
      let fieldEnd: number;
      let i = p;
      if (bytes[p] === QUOTE) {
        let escaped = 0;
        i = p + 1;
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
        this.start[fields] = p + 1;
        this.end[fields] = i;
        this.quoting[fields] = 1 + escaped;
        i++;
        const after = bytes[i];
        if (i < n && after !== delimiter && after !== LF && after !== CR) {
          throw new CsvSyntaxError(row, 'text after the closing quote of a quoted cell');
        }
        fieldEnd = i;
      } else {
        while (i < n) {
          const c = bytes[i];
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        if (i >= n && !last) return -1;
        this.start[fields] = p;
        this.end[fields] = i;
        this.quoting[fields] = 0;
        fieldEnd = i;
      }
      fields++;
      const c = bytes[fieldEnd];
      if (fieldEnd < n && c === delimiter) {
        p = fieldEnd + 1;
        if (p >= n && !last) return -1;
        continue;
      }
      // The record ends here: at a line end, or at the end of the input.
      let next = fieldEnd;
      if (c === CR) {
        next++;
        if (next >= n) this.skipLf = true;
        else if (bytes[next] === LF) next++;
      } else if (c === LF) next++;
      this.rows = row;
      this.sink({ bytes, start: this.start, end: this.end, quoting: this.quoting, fields, row });
      return next;
    }
  }

  private growFields(): void {
    const size = 2 * this.start.length;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.start = grow(this.start, (k) => new Int32Array(k));
    this.end = grow(this.end, (k) => new Int32Array(k));
    this.quoting = grow(this.quoting, (k) => new Uint8Array(k));
  }
}

const utf8 = new TextDecoder();

/** The text of field f (quotes removed, `""` unescaped). */
export function fieldText(record: CsvRecord, f: number): string {
  const text = utf8.decode(record.bytes.subarray(record.start[f], record.end[f]));
  return record.quoting[f] === 2 ? text.replaceAll('""', '"') : text;
}
