/**
 * Whole records of a CSV tokenized apart from the rest of the file, so that the second core can do it (the CLI's
 * worker threads, src/node/csv-threads.ts): a chunk of bytes cut after a line end is tokenized into flat arrays that
 * travel between threads without copies, and replayed into the record sink in file order, where rows get their
 * numbers. The sink sees the same records either way: a chunk with a quote in it is not tokenized (the quote may
 * hide a line end, so the cut may be inside a cell), and from it on the file is read on one thread.
 */
import { type CsvRecord, CsvTokenizer, decodeField, QUOTE } from './csv-tokenizer.js';

/** A chunk's records: record r has fields[r] fields, laid out one after another in start, end, quoting and numbers. */
export interface TokenizedChunk {
  bytes: Uint8Array;
  /** The bytes hold a quote, so the chunk may not end at a record's end: not tokenized (the records are none). */
  quoted: boolean;
  /** The numbers column by column, when every record has the same width (`numbers` is then empty). */
  columns: ChunkColumns | null;
  records: number;
  fields: Int32Array;
  start: Int32Array;
  end: Int32Array;
  quoting: Uint8Array;
  numbers: Float64Array;
}

/** A chunk's numbers by column: column f of record r at f × records + r (NaN: not a plain number); plain[f] = 1 when
 * column f has no NaN. */
export interface ChunkColumns {
  width: number;
  values: Float64Array;
  plain: Uint8Array;
}

/** No records, in arrays of its own (their buffers are transferred). */
const noRecords = () => ({
  records: 0,
  fields: new Int32Array(0),
  start: new Int32Array(0),
  end: new Int32Array(0),
  quoting: new Uint8Array(0),
  numbers: new Float64Array(0),
});

/** Tokenizes a chunk of whole records (never the file's first bytes: no byte order mark is looked for). */
export function tokenizeChunk(bytes: Uint8Array, delimiter: number, decimalComma: boolean): TokenizedChunk {
  if (bytes.indexOf(QUOTE) >= 0) return { ...noRecords(), bytes, quoted: true, columns: null };
  const tokenizer = new CsvTokenizer(delimiter, null, decimalComma);
  tokenizer.resume(1); // not the start of the file
  tokenizer.push(bytes, true);
  const records = tokenizer.takeRecords();
  const columns = byColumn(records);
  // By column, the numbers are not kept by record too (a third of what a chunk carries).
  return { bytes, quoted: false, ...records, ...(columns && { numbers: new Float64Array(0) }), columns };
}

/**
 * The numbers column by column when every record has the same width (else null), with which columns are numbers in
 * every record: such a column goes into its store in one copy (ColumnStore.addChunkField).
 */
function byColumn({ records, fields, numbers }: Omit<TokenizedChunk, 'bytes' | 'quoted' | 'columns'>): ChunkColumns | null {
  const width = fields[0] ?? 0;
  if (records === 0 || !fields.every((n) => n === width)) return null;
  const values = new Float64Array(numbers.length);
  const plain = new Uint8Array(width).fill(1);
  // In blocks of rows, so that the reads and the writes both stay within a few pages.
  for (let block = 0; block < records; block += 256) {
    const end = Math.min(records, block + 256);
    for (let f = 0; f < width; f++) {
      const column = f * records;
      for (let r = block; r < end; r++) {
        const value = numbers[r * width + f] as number;
        values[column + r] = value;
        if (Number.isNaN(value)) plain[f] = 0;
      }
    }
  }
  return { width, values, plain };
}

/** Feeds a chunk's records to the sink in order, numbered from `firstRow`; returns the number of the last one. */
export function replayChunk(chunk: TokenizedChunk, firstRow: number, sink: (record: CsvRecord) => void): number {
  let cell = 0;
  for (let r = 0; r < chunk.records; r++) {
    const fields = chunk.fields[r] as number;
    sink(recordAt(chunk, cell, fields, firstRow + r));
    cell += fields;
  }
  return firstRow + chunk.records - 1;
}

/** The record whose fields are cells cell.. of the chunk, as the tokenizer would have given it. */
export function recordAt(chunk: TokenizedChunk, cell: number, fields: number, row: number): CsvRecord {
  const to = cell + fields;
  return {
    bytes: chunk.bytes,
    start: chunk.start.subarray(cell, to),
    end: chunk.end.subarray(cell, to),
    quoting: chunk.quoting.subarray(cell, to),
    numbers: chunk.columns ? recordNumbers(chunk.columns, chunk.records, cell / fields) : chunk.numbers.subarray(cell, to),
    fields,
    row,
  };
}

/** Record r's numbers, gathered from the columns (a record that goes through the one-record path). */
function recordNumbers({ width, values }: ChunkColumns, records: number, r: number): Float64Array {
  return Float64Array.from({ length: width }, (_, f) => values[f * records + r] as number);
}

/** The text of one cell of the chunk (as fieldText gives a record's field). */
export function cellText(chunk: TokenizedChunk, cell: number): string {
  return decodeField(chunk.bytes, chunk.start[cell] as number, chunk.end[cell] as number, chunk.quoting[cell] as number);
}

/** The buffers a chunk is made of, to transfer rather than copy between threads. */
export function chunkBuffers(chunk: TokenizedChunk): ArrayBuffer[] {
  const { bytes, fields, start, end, quoting, numbers, columns } = chunk;
  const arrays = [bytes, fields, start, end, quoting, numbers, ...(columns ? [columns.values, columns.plain] : [])];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
