import type { ColumnStore } from './column-store.js';
import type { ForcedRole } from './column-typing.js';
import { CsvByteStream, type CsvDialect } from './csv-stream.js';
import { type CsvRecord, fieldText } from './csv-tokenizer.js';
import { DataError, type Dataset } from './dataset.js';
import { encodeTable, type RawTable } from './encode-table.js';
import { isMissingText, type MissingPolicy } from './missing.js';
import { parseSampleWeight } from './sample-weight.js';
import { rowsBeforeFloat32 } from './storage.js';
import { type CsvOptions, checkHeader, checkTableOptions, checkWidth, missingDetail, planColumns } from './table-options.js';

/**
 * Builds a Dataset from a CSV's bytes fed in file order, all at once (parseCsv) or piece by piece as a file is read
 * (the CSV worker, the CLI), with the same checks either way: push the pieces into `stream()`. Cells are kept column
 * by column until finish().
 */
export class CsvDatasetBuilder {
  private readonly options: CsvOptions;
  protected readonly missing: MissingPolicy;
  private readonly maxCategories: number;
  protected names: string[] | null = null;
  protected labelIndex = -1;
  protected weightIndex = -1;
  private weights: Float64Array | null = null;
  protected columns: { name: string; store: ColumnStore | null; forced?: ForcedRole; reason?: string }[] = [];
  /** Per field of a record: its column's store, null for the label, the weights and left-out columns. */
  protected fieldStores: (ColumnStore | null)[] = [];
  protected rows = 0;
  private y: Uint32Array = new Uint32Array(256);
  private missingLabel = 0;
  /** Label value → first-seen index. */
  private readonly seen = new Map<string, number>();
  protected decimalComma = false;
  /** Rows at which the stores switch to float32: the table's cells then pass the limit (storage.ts). */
  protected narrowAt = Number.POSITIVE_INFINITY;

  constructor(options: CsvOptions) {
    this.options = options;
    ({ missing: this.missing, maxCategories: this.maxCategories } = checkTableOptions(options));
  }

  /** Data rows read so far (blank lines and rows with a missing label not counted). */
  get rowsRead(): number {
    return this.rows;
  }

  /** The byte stream that feeds this builder: push the file's pieces into it, then call finish(). */
  stream(): CsvByteStream {
    return new CsvByteStream(this.options.file, this, this.options.delimiter);
  }

  dialect(dialect: CsvDialect): void {
    this.decimalComma = dialect.decimalComma;
  }

  /** The next record of the file (blank ones included, for the row numbers). */
  record(record: CsvRecord): void {
    if (isBlankRecord(record)) return;
    if (this.names) this.addRow(this.names, record);
    else this.setHeader(recordCells(record), record.row);
  }

  /** The data set; `consume`: the column stores are given up as the matrix is written (the builder is done). */
  finish(consume = false): Dataset {
    return encodeTable(this.table(), consume);
  }

  /** The cells read, column by column, before typing: what finish() encodes (the CSV worker keeps it to re-encode). */
  table(): RawTable {
    const { file, label } = this.options;
    if (!this.names) throw new DataError(file, null, null, 'the file is empty');
    return {
      file,
      label,
      columns: this.columns,
      y: this.y.slice(0, this.rows),
      labels: [...this.seen.keys()],
      missing: this.missing,
      maxCategories: this.maxCategories,
      missingLabel: this.missingLabel,
      ...(this.options.poly !== undefined && { poly: this.options.poly }),
      ...(this.options.crosses !== undefined && { crosses: this.options.crosses }),
      ...(this.weights && { sampleWeight: { name: this.options.sampleWeight as string, values: this.weights.slice(0, this.rows) } }),
      ...(this.options.float32AboveBytes !== undefined && { float32AboveBytes: this.options.float32AboveBytes }),
    };
  }

  private setHeader(cells: string[], row: number): void {
    const { file, label } = this.options;
    const names = checkHeader(cells, row, file);
    this.labelIndex = names.indexOf(label);
    if (this.labelIndex < 0) {
      throw new DataError(file, row, label, `no label column "${label}"; columns are: ${names.join(', ')}`);
    }
    if (names.length < 2) throw new DataError(file, row, null, 'need at least one feature column besides the label');
    this.columns = planColumns(names, this.options, row, this.maxCategories);
    if (this.options.sampleWeight !== undefined) {
      this.weightIndex = names.indexOf(this.options.sampleWeight);
      this.weights = new Float64Array(256);
    }
    const inputs = this.columns.values();
    this.fieldStores = names.map((_, f) => (f === this.labelIndex || f === this.weightIndex ? null : (inputs.next().value?.store ?? null)));
    this.names = names;
    this.narrowAt = rowsBeforeFloat32(this.columns.filter((c) => c.store).length, this.options.float32AboveBytes);
  }

  private addRow(names: string[], record: CsvRecord): void {
    const row = record.row;
    checkWidth(names, record.fields, row, this.options.file);
    const label = fieldText(record, this.labelIndex).trim();
    if (!this.addLabel(names, label, row, () => fieldText(record, this.weightIndex))) return;
    const stores = this.fieldStores;
    const decimalComma = this.decimalComma;
    for (let f = 0; f < record.fields; f++) {
      const store = stores[f];
      if (store?.addField(record, f, decimalComma) && this.missing === 'error') {
        throw new DataError(this.options.file, row, store.name, missingDetail('cell', fieldText(record, f).trim()));
      }
    }
    if (this.rows === this.narrowAt) for (const c of this.columns) c.store?.narrow();
  }

  /**
   * A data row's label (and weight, read by `weightText`): counted as a row with its class, or as a skipped row
   * when the label is missing (false; an error when refused).
   */
  protected addLabel(names: string[], label: string, row: number, weightText: () => string): boolean {
    const { file } = this.options;
    if (isMissingText(label)) {
      if (this.missing === 'error') throw new DataError(file, row, names[this.labelIndex] as string, missingDetail('label', label));
      this.missingLabel++;
      return false;
    }
    if (this.weights) {
      const weight = parseSampleWeight(weightText(), this.decimalComma, file, row, names[this.weightIndex] as string);
      if (this.rows + 1 > this.weights.length) this.weights = grow(this.weights, this.rows + 1);
      this.weights[this.rows] = weight;
    }
    if (this.rows + 1 > this.y.length) this.y = grow(this.y, this.rows + 1);
    if (!this.seen.has(label)) this.seen.set(label, this.seen.size);
    this.y[this.rows++] = this.seen.get(label) as number;
    return true;
  }
}

/** A copy at least `needed` long, doubling so appends stay amortised O(1). */
function grow<T extends Uint32Array | Float64Array>(a: T, needed: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(needed, 2 * a.length));
  bigger.set(a);
  return bigger;
}

/** Every field of a record, as text. */
export function recordCells(record: CsvRecord): string[] {
  return Array.from({ length: record.fields }, (_, f) => fieldText(record, f));
}

/** Only spaces and tabs in every field (a line with nothing on it, or only delimiters). */
export function isBlankRecord(record: CsvRecord): boolean {
  for (let f = 0; f < record.fields; f++) {
    for (let i = record.start[f] as number; i < (record.end[f] as number); i++) {
      const c = record.bytes[i];
      if (c !== 0x20 && c !== 0x09) return false;
    }
  }
  return true;
}
