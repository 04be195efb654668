/**
 * Builds a Dataset from a columnar file (Parquet, Arrow IPC) with the same column stores, typing, missing-value
 * rules and report as a CSV of the same table: numbers go into the stores as numbers, dates as ms, text through the
 * CSV cell path (so `NA` in a text column is missing there too). Rows are numbered as the CSV of the same table
 * would number them (the header is row 1, the first data row 2), so an error names the same row in either format.
 */

import type { ColumnStore } from './column-store.js';
import { DataError, type Dataset } from './dataset.js';
import { encodeTable, type RawTable } from './encode-table.js';
import { isMissingText, type MissingPolicy } from './missing.js';
import { parseSampleWeight } from './sample-weight.js';
import { rowsBeforeFloat32 } from './storage.js';
import { type CsvOptions, checkHeader, checkTableOptions, missingDetail, planColumns } from './table-options.js';

/** The options of a table read from a columnar file (there is no delimiter to choose). */
export type TableOptions = Omit<CsvOptions, 'delimiter'>;

/** One column's cells over a run of rows, as a columnar reader decodes them; null, undefined and NaN are missing. */
export type ColumnValues =
  | { kind: 'number'; values: ArrayLike<number | bigint | null | undefined> }
  | { kind: 'date'; timed: boolean; values: ArrayLike<number | null | undefined> }
  | { kind: 'text'; values: ArrayLike<string | boolean | null | undefined> };

/** How a column's cells reach the stores: as numbers, as dates (timestamps are timed), or through the CSV cell path. */
export type ColumnKind = { kind: 'number' } | { kind: 'date'; timed: boolean } | { kind: 'text' };

/** Decodes one column of the current run of rows (a Parquet file's whole column, an Arrow record batch's). */
export type ColumnSource = (name: string) => ColumnValues | Promise<ColumnValues>;

export class ColumnarDatasetBuilder {
  private readonly missing: MissingPolicy;
  private readonly maxCategories: number;
  private columns: RawTable['columns'] | null = null;
  /** Rows seen so far, those with a missing label included (for the row numbers). */
  private seenRows = 0;
  private y: number[] = [];
  private missingLabel = 0;
  private readonly seen = new Map<string, number>();
  /** One per kept row, when the `sampleWeight` option names a column. */
  private weights: number[] = [];
  /** Kept rows at which the stores switch to float32 (storage.ts), as the CSV path does. */
  private narrowAt = Number.POSITIVE_INFINITY;

  constructor(private readonly options: TableOptions) {
    ({ missing: this.missing, maxCategories: this.maxCategories } = checkTableOptions(options));
  }

  /** Data rows kept so far (rows with a missing label not counted). */
  get rowsRead(): number {
    return this.y.length;
  }

  /** Named in errors. */
  get file(): string {
    return this.options.file;
  }

  /** Columns rows() decodes: the label and every column kept. */
  get decodedColumns(): number {
    return 1 + (this.columns ?? []).filter((c) => c.store).length;
  }

  /** The file's column names, in order. */
  header(names: string[]): void {
    const { file, label } = this.options;
    const checked = checkHeader(names, 1, file);
    if (!checked.includes(label)) throw new DataError(file, 1, label, `no label column "${label}"; columns are: ${checked.join(', ')}`);
    if (checked.length < 2) throw new DataError(file, 1, null, 'need at least one feature column besides the label');
    this.columns = planColumns(checked, this.options, 1, this.maxCategories);
    this.narrowAt = rowsBeforeFloat32(this.columns.filter((c) => c.store).length, this.options.float32AboveBytes);
  }

  /** The next `count` rows: the label first, then each column that is kept (a left-out column is never decoded). */
  async rows(count: number, column: ColumnSource): Promise<void> {
    const { file, label } = this.options;
    if (!this.columns) throw new Error('header() comes before rows()');
    const first = this.seenRows + 2;
    const labels = await column(label);
    const keep = new Uint8Array(count);
    let badRow = Number.POSITIVE_INFINITY;
    let bad = '';
    // A label column holds few distinct values: each one's text is made once.
    const texts = new Map<unknown, string>();
    for (let i = 0; i < count; i++) {
      const v = labels.values[i];
      const text = texts.get(v) ?? cellText(labels, i);
      texts.set(v, text);
      if (isMissingText(text)) {
        this.missingLabel++;
        if (this.missing === 'error' && badRow === Number.POSITIVE_INFINITY) [badRow, bad] = [first + i, missingDetail('label', text)];
        continue;
      }
      keep[i] = 1;
      if (!this.seen.has(text)) this.seen.set(text, this.seen.size);
      this.y.push(this.seen.get(text) as number);
    }
    let badColumn = label;
    for (const { name, store } of this.columns) {
      if (!store) continue;
      const values = await column(name);
      const missingAt = fill(store, values, keep, first);
      // Within a row the CSV checks the label first, then the cells left to right: the earliest row wins, ties the first.
      if (this.missing === 'error' && missingAt >= 0 && first + missingAt < badRow) {
        [badRow, bad, badColumn] = [first + missingAt, missingDetail('cell', cellText(values, missingAt)), name];
      }
    }
    if (badRow < Number.POSITIVE_INFINITY) throw new DataError(file, badRow, badColumn, bad);
    const { sampleWeight } = this.options;
    if (sampleWeight !== undefined) {
      const weights = await column(sampleWeight);
      for (let i = 0; i < count; i++) {
        if (keep[i]) this.weights.push(parseSampleWeight(cellText(weights, i), false, file, first + i, sampleWeight));
      }
    }
    this.seenRows += count;
    if (this.y.length >= this.narrowAt) for (const c of this.columns) c.store?.narrow();
  }

  finish(): Dataset {
    return encodeTable(this.table());
  }

  /** The cells read, column by column, before typing (the worker keeps it to re-encode with other roles). */
  table(): RawTable {
    const { file, label, poly, crosses, sampleWeight, float32AboveBytes } = this.options;
    if (!this.columns) throw new DataError(file, null, null, 'the file has no columns');
    return {
      file,
      label,
      columns: this.columns,
      y: Uint32Array.from(this.y),
      labels: [...this.seen.keys()],
      missing: this.missing,
      maxCategories: this.maxCategories,
      missingLabel: this.missingLabel,
      ...(poly !== undefined && { poly }),
      ...(crosses !== undefined && { crosses }),
      ...(sampleWeight !== undefined && { sampleWeight: { name: sampleWeight, values: Float64Array.from(this.weights) } }),
      ...(float32AboveBytes !== undefined && { float32AboveBytes }),
    };
  }
}

/** Adds the kept rows' cells to the store; returns the index of the first missing one (-1: none). */
function fill(store: ColumnStore, column: ColumnValues, keep: Uint8Array, first: number): number {
  let missingAt = -1;
  const { values } = column;
  for (let i = 0; i < values.length; i++) {
    if (!keep[i]) continue;
    const row = first + i;
    const v = values[i];
    let missing: boolean;
    if (v === null || v === undefined) missing = store.add('', row);
    else if (column.kind === 'number') missing = store.addNumber(Number(v), row);
    else if (column.kind === 'date') missing = store.addDate(v as number, column.timed, () => dateText(v as number, column.timed), row);
    else missing = store.add(String(v), row);
    if (missing && missingAt < 0) missingAt = i;
  }
  return missingAt;
}

/** The cell as the CSV of the same table writes it ('' for a null), trimmed. */
function cellText(column: ColumnValues, i: number): string {
  const v = column.values[i];
  if (v === null || v === undefined) return '';
  return column.kind === 'date' ? dateText(v as number, column.timed) : String(v).trim();
}

/** ISO 8601: the day alone for a date, the instant in UTC for a timestamp. */
function dateText(ms: number, timed: boolean): string {
  const iso = new Date(ms).toISOString();
  return timed ? iso : iso.slice(0, 10);
}
