import Papa from 'papaparse';
import { ColumnStore } from './column-store.js';
import { DEFAULT_MAX_CATEGORIES, type ForcedRole } from './column-typing.js';
import { DataError, type Dataset } from './dataset.js';
import { encodeRecord, type RawRecord } from './encode-record.js';
import { encodeTable, type RawTable } from './encode-table.js';
import type { InputEncoding } from './encoding.js';
import { isMissingText, MISSING_POLICIES, type MissingPolicy } from './missing.js';

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
}

/** Header names of a CSV text (BOM and surrounding spaces removed). */
export function csvColumns(text: string): string[] {
  const first = Papa.parse<string[]>(stripBom(text), { preview: 1, skipEmptyLines: true }).data[0] ?? [];
  return first.map((h) => h.trim());
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
  new CsvTextStream(builder).push(text, true);
  return builder.finish();
}

/**
 * Builds a Dataset from CSV records fed in file order, all at once (parseCsv) or chunk by chunk as a stream is
 * parsed (the CSV worker), with the same checks either way. Cells are kept column by column until finish().
 */
export class CsvDatasetBuilder {
  private readonly options: CsvOptions;
  private readonly missing: MissingPolicy;
  private readonly maxCategories: number;
  private names: string[] | null = null;
  private labelIndex = -1;
  private columns: { name: string; store: ColumnStore | null; forced?: ForcedRole; reason?: string }[] = [];
  /** Records seen so far, blank ones included: the next record's row number is this + 1. */
  private records = 0;
  private rows = 0;
  private y: Uint32Array = new Uint32Array(256);
  private missingLabel = 0;
  /** Label value → first-seen index. */
  private readonly seen = new Map<string, number>();

  constructor(options: CsvOptions) {
    this.options = options;
    this.missing = options.missing ?? 'impute';
    this.maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
    if (!MISSING_POLICIES.includes(this.missing)) throw new Error(`missing must be impute, drop or error, got "${this.missing}"`);
    if (!(Number.isInteger(this.maxCategories) && this.maxCategories >= 2)) {
      throw new Error(`max categories must be an integer of at least 2, got ${this.maxCategories}`);
    }
  }

  /** Adds the next records; `errors` are PapaParse's for them (row indices relative to these records). */
  add(records: string[][], errors: Papa.ParseError[] = []): void {
    const quote = errors.find((e) => e.type === 'Quotes');
    if (quote) throw new DataError(this.options.file, this.records + (quote.row ?? 0) + 1, null, 'a quoted cell is never closed');
    for (const cells of records) {
      const row = ++this.records;
      if (row === 1 && cells[0]) cells[0] = stripBom(cells[0]);
      if (isBlank(cells)) continue;
      if (this.names) this.addRow(this.names, cells, row);
      else this.setHeader(cells, row);
    }
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
    this.names = names;
  }

  private addRow(names: string[], cells: string[], row: number): void {
    const { file } = this.options;
    checkWidth(names, cells, row, file);
    const value = (cells[this.labelIndex] as string).trim();
    if (isMissingText(value)) {
      if (this.missing === 'error') throw new DataError(file, row, names[this.labelIndex] as string, missingDetail('label', value));
      this.missingLabel++;
      return;
    }
    let c = 0;
    cells.forEach((cell, i) => {
      if (i === this.labelIndex) return;
      const store = (this.columns[c++] as { store: ColumnStore | null }).store;
      if (store?.add(cell, row) && this.missing === 'error') throw new DataError(file, row, store.name, missingDetail('cell', cell.trim()));
    });
    if (this.rows + 1 > this.y.length) this.y = grow(this.y, this.rows + 1);
    if (!this.seen.has(value)) this.seen.set(value, this.seen.size);
    this.y[this.rows++] = this.seen.get(value) as number;
  }
}

/** The input columns (all but the label) with their stores, forced roles, and why any is left out. */
function planColumns(names: string[], options: CsvOptions, row: number, maxCategories: number): CsvDatasetBuilder['columns'] {
  const { file, label, features, ignore = [], categorical = [], numeric = [] } = options;
  for (const name of [...(features ?? []), ...ignore, ...categorical, ...numeric]) {
    if (!names.includes(name)) throw new DataError(file, row, name, `no column "${name}"; columns are: ${names.join(', ')}`);
    if (name === label) throw new DataError(file, row, name, 'is the label column, not a feature');
  }
  const both = categorical.find((n) => numeric.includes(n));
  if (both) throw new DataError(file, row, both, 'cannot be forced both categorical and numeric');
  return names
    .filter((name) => name !== label)
    .map((name) => {
      if (ignore.includes(name)) return { name, store: null, reason: 'ignored on request' };
      if (features && !features.includes(name)) return { name, store: null, reason: 'not among the chosen features' };
      const forced = categorical.includes(name) ? 'categorical' : numeric.includes(name) ? 'numeric' : undefined;
      return { name, store: new ColumnStore(name, forced === 'categorical' ? Number.POSITIVE_INFINITY : maxCategories), forced };
    });
}

function missingDetail(what: 'cell' | 'label', text: string): string {
  if (text === '') return what === 'label' ? 'empty label' : 'empty cell';
  return `${text === 'NaN' || text === 'nan' ? 'NaN' : `"${text}"`} is a missing ${what === 'label' ? 'label' : 'value'} (refused with missing: error)`;
}

/**
 * Parses CSV text that arrives in pieces: each piece is parsed up to its last complete record (PapaParse's low-level
 * Parser reports where that ends) and the rest is carried into the next, so a big file is never held whole.
 * (Papa.parse's own file streaming cannot be used in our worker: inside a worker it posts results to the page.)
 */
export class CsvTextStream {
  private pending = '';
  /** Fixed from the first line end seen, so every piece splits rows the same way (PapaParse guesses per call). */
  private newline: '\n' | '\r' | undefined;

  constructor(private readonly builder: CsvDatasetBuilder) {}

  /** Adds the next piece of text; `last` marks the end of the input. */
  push(text: string, last: boolean): void {
    this.pending += text;
    this.newline ??= lineEnd(this.pending);
    const config = { skipEmptyLines: false, ...(this.newline && { newline: this.newline }) };
    const results = new Papa.Parser(config).parse(this.pending, 0, !last) as Papa.ParseResult<string[]>;
    // An open quote in the carried-over tail is not an error yet: its closing quote may be in the next piece.
    const errors = results.errors.filter((e) => last || (e.row ?? 0) < results.data.length);
    this.builder.add(results.data, errors);
    this.pending = last ? '' : this.pending.slice(results.meta.cursor);
  }
}

/** Records of a CSV text with a header, and their row numbers (lines of the file, the header being row 1); `columns` must be there. */
export function csvRecords(text: string, file: string, columns: string[]): [RawRecord[], number[]] {
  const parsed = Papa.parse<string[]>(stripBom(text), { skipEmptyLines: false });
  const quote = parsed.errors.find((e) => e.type === 'Quotes');
  if (quote) throw new DataError(file, (quote.row ?? 0) + 1, null, 'a quoted cell is never closed');
  const lines = parsed.data.map((cells, i) => ({ cells, row: i + 1 })).filter(({ cells }) => !isBlank(cells));
  const header = lines.shift();
  if (!header) throw new DataError(file, null, null, 'the file is empty');
  const names = checkHeader(header.cells, header.row, file);
  for (const name of columns) {
    if (!names.includes(name)) throw new DataError(file, header.row, name, `missing input column "${name}"`);
  }
  const records = lines.map(({ cells, row }) => {
    checkWidth(names, cells, row, file);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] as string]));
  });
  return [records, lines.map((l) => l.row)];
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
export function checkWidth(names: string[], cells: string[], row: number, file: string): void {
  if (cells.length < names.length) {
    throw new DataError(file, row, names[cells.length] as string, `missing cell: expected ${names.length} cells, found ${cells.length}`);
  }
  if (cells.length > names.length) {
    throw new DataError(file, row, `#${names.length + 1}`, `extra cell: expected ${names.length} cells, found ${cells.length}`);
  }
}

/** A copy at least `needed` long, doubling so appends stay amortised O(1). */
function grow(a: Uint32Array, needed: number): Uint32Array {
  const bigger = new Uint32Array(Math.max(needed, 2 * a.length));
  bigger.set(a);
  return bigger;
}

/**
 * How rows end: '\n' for LF and CRLF files alike (a CR left at a row's end is trimmed with the cell, which also
 * copes with mixed endings), '\r' for old CR-only files. Undefined until a line end is seen (a CR at the very end
 * of a piece may be half of a CRLF).
 */
function lineEnd(text: string): '\n' | '\r' | undefined {
  const i = text.search(/[\r\n]/);
  if (i < 0 || (text[i] === '\r' && i === text.length - 1)) return undefined;
  return text[i] === '\r' && text[i + 1] !== '\n' ? '\r' : '\n';
}

export function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
