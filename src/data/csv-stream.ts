/**
 * The bytes of a CSV file, in pieces of any size, into a record sink: the encoding is read off the first bytes (UTF-8,
 * with or without a byte order mark, or UTF-16 with one, which is transcoded to UTF-8), the delimiter off the first
 * line unless given (`,`, `;`, tab or `|`), and in a `;` file a decimal comma is a decimal point (the usual European
 * spreadsheet export). Syntax errors become DataErrors naming the file and row.
 */
import { type CsvRecord, CsvSyntaxError, CsvTokenizer, joinBytes, QUOTE } from './csv-tokenizer.js';
import { DataError } from './dataset.js';

/** Delimiters recognised on the first line, in order of preference when counts tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvDialect {
  delimiter: string;
  /** `1,5` is 1.5 (a `;` file). */
  decimalComma: boolean;
}

export interface RecordSink {
  /** Called once, when the dialect is known (before the first record). */
  dialect?(dialect: CsvDialect): void;
  record(record: CsvRecord): void;
}

/** Bytes to wait for before settling the dialect without a line end (a header longer than this is unusual). */
const SNIFF_BYTES = 64 * 1024;

export class CsvByteStream {
  private tokenizer: CsvTokenizer | null = null;
  private head: Uint8Array = new Uint8Array(0);
  private utf16: TextDecoder | null = null;
  private dialect: CsvDialect | null = null;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly file: string,
    private readonly sink: RecordSink,
    /** Forced delimiter; undefined: sniffed. */
    private readonly delimiter?: string,
  ) {}

  /** Adds the next piece of the file; `last` marks its end. */
  push(piece: Uint8Array, last: boolean): void {
    try {
      if (this.tokenizer) {
        this.tokenizer.push(this.utf16 ? this.encoder.encode(this.utf16.decode(piece, { stream: !last })) : piece, last);
        return;
      }
      this.head = joinBytes(this.head, piece);
      const head = this.head;
      if (!last && head.length < SNIFF_BYTES && !hasLineEnd(head)) return;
      this.head = new Uint8Array(0);
      this.start(head, last);
    } catch (e) {
      if (e instanceof CsvSyntaxError) throw new DataError(this.file, e.row, null, e.message);
      throw e;
    }
  }

  /**
   * Hands the rest of the file over to chunked tokenizing (csv-chunks.ts): the bytes of the unfinished record, the
   * records so far and the dialect; null while that cannot be done yet (dialect unknown, a CR just read) or at all
   * (UTF-16, transcoded here). Until resume(), the records go to the sink another way (ChunkedCsvBuilder.chunk).
   */
  handOff(): { carry: Uint8Array; rows: number; delimiter: number; decimalComma: boolean } | null {
    if (!this.tokenizer || this.utf16 || !this.dialect) return null;
    const detached = this.tokenizer.detach();
    if (!detached) return null;
    return { ...detached, delimiter: this.dialect.delimiter.charCodeAt(0), decimalComma: this.dialect.decimalComma };
  }

  /** Takes the file back after a hand-off, `rows` records in; push() the bytes that were not handed out. */
  resume(rows: number): void {
    this.tokenizer?.resume(rows);
  }

  private start(head: Uint8Array, last: boolean): void {
    const le = head[0] === 0xff && head[1] === 0xfe;
    const be = head[0] === 0xfe && head[1] === 0xff;
    let bytes = head;
    if (le || be) {
      this.utf16 = new TextDecoder(le ? 'utf-16le' : 'utf-16be');
      bytes = this.encoder.encode(this.utf16.decode(head, { stream: !last }));
    }
    const delimiter = this.delimiter ?? sniffDelimiter(bytes);
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new DataError(
        this.file,
        null,
        null,
        `the delimiter must be one character other than a quote or a line end, got "${delimiter}"`,
      );
    }
    const dialect = { delimiter, decimalComma: delimiter === ';' };
    this.dialect = dialect;
    this.sink.dialect?.(dialect);
    this.tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), (r) => this.sink.record(r), dialect.decimalComma);
    this.tokenizer.push(bytes, last);
  }
}

/** Feeds CSV text in pieces (strings) to a byte stream, as UTF-8. */
export class CsvTextStream {
  private readonly encoder = new TextEncoder();

  constructor(private readonly bytes: CsvByteStream) {}

  push(text: string, last: boolean): void {
    this.bytes.push(this.encoder.encode(text), last);
  }
}

/** The candidate that occurs most often outside quotes on the first line (`,` when none does). */
export function sniffDelimiter(bytes: Uint8Array): string {
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let quoted = false;
  for (const c of bytes) {
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let best: string = DELIMITERS[0];
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d.charCodeAt(0)) as number;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

function hasLineEnd(bytes: Uint8Array): boolean {
  return bytes.includes(0x0a) || bytes.includes(0x0d);
}
