/**
 * Whole records of a CSV tokenized apart from the rest of the file, so that the second core can do it (the CLI's
 * worker threads, src/node/csv-threads.ts): a chunk of bytes cut after a line end is tokenized into flat arrays that
 * travel between threads without copies, and replayed into the record sink in file order, where rows get their
 * numbers. The sink sees the same records either way: only files without quotes after the header are cut (a quote
 * can hide a line end), so a chunk never holds half a quoted cell.
 */
import { type CsvRecord, CsvTokenizer, QUOTE } from './csv-tokenizer.js';

const LF = 0x0a;

/** A chunk's records: record r has fields[r] fields, laid out one after another in start, end, quoting and numbers. */
export interface TokenizedChunk {
  bytes: Uint8Array;
  records: number;
  fields: Int32Array;
  start: Int32Array;
  end: Int32Array;
  quoting: Uint8Array;
  numbers: Float64Array;
}

/**
 * Where `bytes` can be cut so the part before holds whole records: after its last LF (0 when it has none yet), or
 * -1 when it has a quote (a line end may then be inside a cell).
 */
export function wholeRecordsEnd(bytes: Uint8Array): number {
  if (bytes.indexOf(QUOTE) >= 0) return -1;
  // From the end: the last line feed is a record's length away (lastIndexOf is slower here).
  let i = bytes.length - 1;
  while (i >= 0 && bytes[i] !== LF) i--;
  return i + 1;
}

/** Tokenizes a chunk of whole records (never the file's first bytes: no byte order mark is looked for). */
export function tokenizeChunk(bytes: Uint8Array, delimiter: number, decimalComma: boolean): TokenizedChunk {
  const tokenizer = new CsvTokenizer(delimiter, null, decimalComma);
  tokenizer.resume(1); // not the start of the file
  tokenizer.push(bytes, true);
  return { bytes, ...tokenizer.takeRecords() };
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

/** Whether every record of the chunk has `width` fields: then record r's fields are cells r·width onwards. */
export function hasWidth(chunk: TokenizedChunk, width: number): boolean {
  return chunk.fields.every((n) => n === width);
}

/** The record whose fields are cells cell.. of the chunk, as the tokenizer would have given it. */
export function recordAt(chunk: TokenizedChunk, cell: number, fields: number, row: number): CsvRecord {
  const to = cell + fields;
  return {
    bytes: chunk.bytes,
    start: chunk.start.subarray(cell, to),
    end: chunk.end.subarray(cell, to),
    quoting: chunk.quoting.subarray(cell, to),
    numbers: chunk.numbers.subarray(cell, to),
    fields,
    row,
  };
}

/** The text of one cell of the chunk (as fieldText gives a record's field). */
export function cellText(chunk: TokenizedChunk, cell: number): string {
  const text = utf8.decode(chunk.bytes.subarray(chunk.start[cell], chunk.end[cell]));
  return chunk.quoting[cell] === 2 ? text.replaceAll('""', '"') : text;
}

const utf8 = new TextDecoder();

/** The buffers a chunk is made of, to transfer rather than copy between threads. */
export function chunkBuffers(chunk: TokenizedChunk): ArrayBuffer[] {
  const { bytes, fields, start, end, quoting, numbers } = chunk;
  return [bytes, fields, start, end, quoting, numbers].map((a) => a.buffer as ArrayBuffer);
}
