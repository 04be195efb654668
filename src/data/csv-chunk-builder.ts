/**
 * The data set builder for chunks tokenized on worker threads (csv-chunks.ts; the CLI's reader,
 * src/node/csv-threads.ts): a chunk's records go in as CsvDatasetBuilder.record() would take them one by one, but
 * column by column, a column of plain numbers in one copy. Only the CLI uses it, so the embed's main module is
 * without it.
 */
import type { ColumnStore } from './column-store.js';
import { CsvDatasetBuilder, isBlankRecord } from './csv-builder.js';
import { type ChunkColumns, cellText, recordAt, replayChunk, type TokenizedChunk } from './csv-chunks.js';
import { isMissingText } from './missing.js';

export class ChunkedCsvBuilder extends CsvDatasetBuilder {
  /**
   * The records of a chunk, rows numbered from `firstRow`: column by column when the chunk has its numbers by column
   * at the header's width and missing cells are not refused (adding a cell then cannot fail, so the first error is
   * still the first row's that has one); else one by one. Returns the last row's number.
   */
  chunk(chunk: TokenizedChunk, firstRow: number): number {
    const names = this.names;
    const columns = chunk.columns;
    if (!names || this.missing === 'error' || columns?.width !== names.length) {
      return replayChunk(chunk, firstRow, (r) => this.record(r));
    }
    const width = names.length;
    // Row by row, in file order: blank rows, labels and weights (every error a row can have here).
    const kept = new Int32Array(chunk.records);
    let n = 0;
    let narrowAfter = -1;
    for (let r = 0; r < chunk.records; r++) {
      const cell = r * width;
      const row = firstRow + r;
      const label = cellText(chunk, cell + this.labelIndex).trim();
      if (isMissingText(label) && isBlankRecord(recordAt(chunk, cell, width, row))) continue;
      if (!this.addLabel(names, label, row, () => cellText(chunk, cell + this.weightIndex))) continue;
      kept[n++] = r;
      if (this.rows === this.narrowAt) narrowAfter = n;
    }
    // Then column by column; the stores switch to float32 at the same row as one record at a time.
    const addCells = (from: number, to: number) => {
      this.fieldStores.forEach((store, f) => {
        if (store) addColumn(store, chunk, columns, f, kept, from, to, firstRow, this.decimalComma);
      });
    };
    const split = narrowAfter < 0 ? n : narrowAfter;
    addCells(0, split);
    if (narrowAfter >= 0) {
      for (const c of this.columns) c.store?.narrow();
      addCells(split, n);
    }
    return firstRow + chunk.records - 1;
  }
}

/**
 * Adds field f of the chunk's records rows[from..to) to the store, as addField would one record at a time: while the
 * column has no codes, the numbers the tokenizer read go in with one copy (consecutive records, all numbers) or one
 * loop; any other cell goes through addField.
 */
function addColumn(
  store: ColumnStore,
  chunk: TokenizedChunk,
  { width, values, plain }: ChunkColumns,
  f: number,
  rows: Int32Array,
  from: number,
  to: number,
  firstRow: number,
  decimalComma: boolean,
): void {
  const column = f * chunk.records;
  if (store.codes === null && plain[f] && rows[to - 1] === (rows[from] as number) + (to - from - 1)) {
    store.reserve(to - from);
    const at = column + (rows[from] as number);
    store.values.set(values.subarray(at, at + (to - from)), store.length);
    store.length += to - from;
    store.numbers += to - from;
    return;
  }
  let i = from;
  while (i < to) {
    if (store.codes === null) {
      store.reserve(to - i);
      const stored = store.values;
      let length = store.length;
      for (; i < to; i++) {
        const value = values[column + (rows[i] as number)] as number;
        if (Number.isNaN(value)) break;
        stored[length++] = value;
      }
      store.numbers += length - store.length;
      store.length = length;
      if (i === to) return;
    }
    const r = rows[i++] as number;
    store.addField(recordAt(chunk, r * width, width, firstRow + r), f, decimalComma);
  }
}
