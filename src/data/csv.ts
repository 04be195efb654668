import { ColumnStore } from './column-store.js';
import { DEFAULT_MAX_CATEGORIES, type ForcedRole } from './column-typing.js';
import { CsvByteStream, type CsvDialect, CsvTextStream } from './csv-stream.js';
import { type CsvRecord, fieldText } from './csv-tokenizer.js';
import { DataError, type Dataset } from './dataset.js';
import { encodeRecord, type RawRecord } from './encode-record.js';
import { encodeTable, type RawTable } from './encode-table.js';
import type { InputEncoding } from './encoding.js';
import { isMissingText, MISSING_POLICIES, type MissingPolicy } from './missing.js';
import { checkDegree } from './polynomial.js';
import { parseSampleWeight } from './sample-weight.js';
import { rowsBeforeFloat32 } from './storage.js';

export interface CsvOptions {
  /** Shown in errors: a file name or URL. */
  file: string;
  /** Name of the label column. */
  label: string;
  /** Only these columns are inputs (besides the label). */
  features?: string[];
  /** These columns are left out. */
  ignore?: string[];
  /** Force these columns categorical (each distinct text a level). */
  categorical?: string[];
  /** Force these columns numeric (any other text is an error). */
  numeric?: string[];
  /** Missing cells: imputed or their own level (default), rows dropped, or an error. */
  missing?: MissingPolicy;
  /** Text columns with more distinct values are identifier-like and ignored (default 40). */
  maxCategories?: number;
  /** Append every monomial of the numeric inputs up to this degree (≥ 2), as scikit-learn's PolynomialFeatures. */
  poly?: number;
  /** Derived features of the numeric inputs: `a^2`, `a*b`, `sin(a)` (not with `poly`). */
  crosses?: string[];
  /** One character; default: sniffed from the header line (`,`, `;`, tab or `|`). */
  delimiter?: string;
  /** A column of non-negative numbers that weigh the rows (not a feature). */
  sampleWeight?: string;
  /** A matrix larger than this as float64 is stored float32 (default storage.ts's limit; tests lower it). */
  float32AboveBytes?: number;
}

/** Header names of a CSV text (byte order mark and surrounding spaces removed). */
export function csvColumns(text: string, delimiter?: string): string[] {
  return (csvRows(text, 1, delimiter)[0] ?? []).map((h) => h.trim());
}

/** The first `most` non-blank records of a CSV text (the header included), as text. */
export function csvRows(text: string, most: number, delimiter?: string): string[][] {
  return readRecords(text, '', delimiter, most).map((r) => r.cells);
}

/**
 * Parses a CSV with a header row into a Dataset. Each column but the label gets a role (numeric, categorical,
 * date, or ignored with the reason) once the whole column is seen, and is encoded into feature columns; the
 * report is `columns`. Label values become classes in sorted order (numerically when all are numbers). Rows are
 * numbered as lines of the file, the header being row 1. A bad cell throws a DataError naming file, row and
 * column; nothing is half-loaded.
 */
export function parseCsv(text: string, options: CsvOptions): Dataset {
  const builder = new CsvDatasetBuilder(options);
  new CsvTextStream(builder.stream()).push(text, true);
  return builder.finish();
}

/**
 * Builds a Dataset from a CSV's bytes fed in file order, all at once (parseCsv) or piece by piece as a file is read
 * (the CSV worker, the CLI), with the same checks either way: push the pieces into `stream()`. Cells are kept column
 * by column until finish().
 */
export class CsvDatasetBuilder {
  private readonly options: CsvOptions;
  private readonly missing: MissingPolicy;
  private readonly maxCategories: number;
  private names: string[] | null = null;
  private labelIndex = -1;
  private weightIndex = -1;
  private weights: Float64Array | null = null;
  private columns: { name: string; store: ColumnStore | null; forced?: ForcedRole; reason?: string }[] = [];
  /** Per field of a record: its column's store, null for the label, the weights and left-out columns. */
  private fieldStores: (ColumnStore | null)[] = [];
  private rows = 0;
  private y: Uint32Array = new Uint32Array(256);
  private missingLabel = 0;
  /** Label value → first-seen index. */
  private readonly seen = new Map<string, number>();
  private decimalComma = false;
  /** Rows at which the stores switch to float32: the table's cells then pass the limit (storage.ts). */
  private narrowAt = Number.POSITIVE_INFINITY;

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

  finish(): Dataset {
    return encodeTable(this.table());
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
    this.fieldStores = names.map((_, f) =>
      f === this.labelIndex || f === this.weightIndex ? null : (inputs.next().value?.store ?? null),
    );
    this.names = names;
    this.narrowAt = rowsBeforeFloat32(this.columns.filter((c) => c.store).length, this.options.float32AboveBytes);
  }

  private addRow(names: string[], record: CsvRecord): void {
    const { file } = this.options;
    const row = record.row;
    checkWidth(names, record.fields, row, file);
    const value = fieldText(record, this.labelIndex).trim();
    if (isMissingText(value)) {
      if (this.missing === 'error') throw new DataError(file, row, names[this.labelIndex] as string, missingDetail('label', value));
      this.missingLabel++;
      return;
    }
    if (this.weights) {
      const weight = parseSampleWeight(
        fieldText(record, this.weightIndex),
        this.decimalComma,
        file,
        row,
        names[this.weightIndex] as string,
      );
      if (this.rows + 1 > this.weights.length) this.weights = grow(this.weights, this.rows + 1);
      this.weights[this.rows] = weight;
    }
    const stores = this.fieldStores;
    const decimalComma = this.decimalComma;
    for (let f = 0; f < record.fields; f++) {
      const store = stores[f];
      if (store?.addField(record, f, decimalComma) && this.missing === 'error') {
        throw new DataError(file, row, store.name, missingDetail('cell', fieldText(record, f).trim()));
      }
    }
    if (this.rows + 1 > this.y.length) this.y = grow(this.y, this.rows + 1);
    if (!this.seen.has(value)) this.seen.set(value, this.seen.size);
    this.y[this.rows++] = this.seen.get(value) as number;
    if (this.rows === this.narrowAt) for (const c of this.columns) c.store?.narrow();
  }
}

/** The missing-cell policy and category limit of the options (defaults filled in), checked. */
export function checkTableOptions(options: Omit<CsvOptions, 'delimiter'>): { missing: MissingPolicy; maxCategories: number } {
  const missing = options.missing ?? 'impute';
  const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
  if (!MISSING_POLICIES.includes(missing)) throw new Error(`missing must be impute, drop or error, got "${missing}"`);
  if (!(Number.isInteger(maxCategories) && maxCategories >= 2)) {
    throw new Error(`max categories must be an integer of at least 2, got ${maxCategories}`);
  }
  if (options.poly !== undefined) checkDegree(options.poly);
  return { missing, maxCategories };
}

/** The input columns (all but the label) with their stores, forced roles, and why any is left out. */
export function planColumns(
  names: string[],
  options: Omit<CsvOptions, 'delimiter'>,
  row: number,
  maxCategories: number,
): RawTable['columns'] {
  const { file, label, features, ignore = [], categorical = [], numeric = [], sampleWeight } = options;
  const listed = [...(features ?? []), ...ignore, ...categorical, ...numeric];
  for (const name of sampleWeight === undefined ? listed : [...listed, sampleWeight]) {
    if (!names.includes(name)) throw new DataError(file, row, name, `no column "${name}"; columns are: ${names.join(', ')}`);
    if (name === label) throw new DataError(file, row, name, 'is the label column, not a feature');
  }
  if (sampleWeight !== undefined && listed.includes(sampleWeight))
    throw new DataError(file, row, sampleWeight, 'is the sample-weight column, not a feature');
  const both = categorical.find((n) => numeric.includes(n));
  if (both) throw new DataError(file, row, both, 'cannot be forced both categorical and numeric');
  return names
    .filter((name) => name !== label && name !== sampleWeight)
    .map((name) => {
      if (ignore.includes(name)) return { name, store: null, reason: 'ignored on request' };
      if (features && !features.includes(name)) return { name, store: null, reason: 'not among the chosen features' };
      const forced = categorical.includes(name) ? 'categorical' : numeric.includes(name) ? 'numeric' : undefined;
      return { name, store: new ColumnStore(name, forced === 'categorical' ? Number.POSITIVE_INFINITY : maxCategories), forced };
    });
}

export function missingDetail(what: 'cell' | 'label', text: string): string {
  if (text === '') return what === 'label' ? 'empty label' : 'empty cell';
  return `${text === 'NaN' || text === 'nan' ? 'NaN' : `"${text}"`} is a missing ${what === 'label' ? 'label' : 'value'} (refused with missing: error)`;
}

/** Records of a CSV text with a header, and their row numbers (lines of the file, the header being row 1); `columns` must be there. */
export function csvRecords(text: string, file: string, columns: string[]): [RawRecord[], number[]] {
  const lines = readRecords(text, file);
  const header = lines.shift();
  if (!header) throw new DataError(file, null, null, 'the file is empty');
  const names = checkHeader(header.cells, header.row, file);
  for (const name of columns) {
    if (!names.includes(name)) throw new DataError(file, header.row, name, `missing input column "${name}"`);
  }
  const records = lines.map(({ cells, row }) => {
    checkWidth(names, cells.length, row, file);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] as string]));
  });
  return [records, lines.map((l) => l.row)];
}

/** The non-blank records of a CSV text as strings (at most `most`), with their row numbers. */
function readRecords(text: string, file: string, delimiter?: string, most = Number.POSITIVE_INFINITY): { cells: string[]; row: number }[] {
  const lines: { cells: string[]; row: number }[] = [];
  const done = {};
  const sink = {
    record(r: CsvRecord) {
      if (isBlankRecord(r)) return;
      lines.push({ cells: recordCells(r), row: r.row });
      if (lines.length >= most) throw done;
    },
  };
  try {
    new CsvTextStream(new CsvByteStream(file, sink, delimiter)).push(text, true);
  } catch (e) {
    if (e !== done) throw e;
  }
  return lines;
}

/**
 * Feature rows for prediction: the named numeric columns, in that order, from a CSV with a header (other columns,
 * such as the label, are ignored).
 */
export function parseFeatureRows(text: string, file: string, features: string[]): number[][] {
  const inputs = features.map((name): InputEncoding => ({ name, role: 'numeric', impute: Number.NaN, indicator: false, features: [name] }));
  const [records, rows] = csvRecords(text, file, features);
  return records.map((record, i) => encodeRecord(inputs, record, { file, row: rows[i] as number }).values);
}

/** Trimmed header names; none empty, none repeated. */
export function checkHeader(cells: string[], row: number, file: string): string[] {
  const names = cells.map((h) => h.trim());
  names.forEach((name, i) => {
    if (name === '') throw new DataError(file, row, `#${i + 1}`, 'empty column name in the header');
    if (names.indexOf(name) !== i) throw new DataError(file, row, name, 'duplicate column name in the header');
  });
  return names;
}

/** A short row names its first missing column; a long one the first extra cell. */
export function checkWidth(names: string[], cells: number, row: number, file: string): void {
  if (cells < names.length) {
    throw new DataError(file, row, names[cells] as string, `missing cell: expected ${names.length} cells, found ${cells}`);
  }
  if (cells > names.length) {
    throw new DataError(file, row, `#${names.length + 1}`, `extra cell: expected ${names.length} cells, found ${cells}`);
  }
}

/** A copy at least `needed` long, doubling so appends stay amortised O(1). */
function grow<T extends Uint32Array | Float64Array>(a: T, needed: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(needed, 2 * a.length));
  bigger.set(a);
  return bigger;
}

/** Every field of a record, as text. */
function recordCells(record: CsvRecord): string[] {
  return Array.from({ length: record.fields }, (_, f) => fieldText(record, f));
}

/** Only spaces and tabs in every field (a line with nothing on it, or only delimiters). */
function isBlankRecord(record: CsvRecord): boolean {
  for (let f = 0; f < record.fields; f++) {
    for (let i = record.start[f] as number; i < (record.end[f] as number); i++) {
      const c = record.bytes[i];
      if (c !== 0x20 && c !== 0x09) return false;
    }
  }
  return true;
}
