import Papa from 'papaparse';
import { DataError, type Dataset } from './dataset.js';

export interface CsvOptions {
  /** Shown in errors: a file name or URL. */
  file: string;
  /** Name of the label column. */
  label: string;
}

/** Header names of a CSV text (BOM and surrounding spaces removed). */
export function csvColumns(text: string): string[] {
  const first = Papa.parse<string[]>(stripBom(text), { preview: 1, skipEmptyLines: true }).data[0] ?? [];
  return first.map((h) => h.trim());
}

/**
 * Parses a CSV with a header row into a Dataset: every column but the label is a numeric feature; label values
 * become classes in sorted order (numerically when all are numbers). Rows are numbered as lines of the file,
 * the header being row 1. Any bad cell throws a DataError naming file, row and column; nothing is half-loaded.
 */
export function parseCsv(text: string, options: CsvOptions): Dataset {
  const builder = new CsvDatasetBuilder(options);
  new CsvTextStream(builder).push(text, true);
  return builder.finish();
}

/**
 * Builds a Dataset from CSV records fed in file order, all at once (parseCsv) or chunk by chunk as a stream is
 * parsed (the CSV worker), with the same checks either way.
 */
export class CsvDatasetBuilder {
  private readonly file: string;
  private readonly label: string;
  private names: string[] | null = null;
  private labelIndex = -1;
  /** Records seen so far, blank ones included: the next record's row number is this + 1. */
  private records = 0;
  private rows = 0;
  private x = new Float64Array(1024);
  private y = new Uint32Array(256);
  /** Label value → first-seen index; remapped to sorted order at the end. */
  private readonly seen = new Map<string, number>();

  constructor({ file, label }: CsvOptions) {
    this.file = file;
    this.label = label;
  }

  /** Adds the next records; `errors` are PapaParse's for them (row indices relative to these records). */
  add(records: string[][], errors: Papa.ParseError[] = []): void {
    const quote = errors.find((e) => e.type === 'Quotes');
    if (quote) throw new DataError(this.file, this.records + (quote.row ?? 0) + 1, null, 'a quoted cell is never closed');
    for (const cells of records) {
      const row = ++this.records;
      if (row === 1 && cells[0]) cells[0] = stripBom(cells[0]);
      if (isBlank(cells)) continue;
      if (this.names) this.addRow(this.names, cells, row);
      else this.setHeader(cells, row);
    }
  }

  finish(): Dataset {
    const { file, label } = this;
    if (!this.names) throw new DataError(file, null, null, 'the file is empty');
    if (this.rows < 2) throw new DataError(file, null, null, `need at least 2 data rows, found ${this.rows}`);
    const classes = sortClasses([...this.seen.keys()]);
    if (classes.length < 2) throw new DataError(file, null, label, `only one class ("${classes[0]}"): need at least 2`);
    const sortedIndex = new Map(classes.map((c, i) => [c, i]));
    const remap = Uint32Array.from(this.seen.keys(), (c) => sortedIndex.get(c) as number);
    const y = this.y.slice(0, this.rows).map((first) => remap[first] as number);
    const features = this.names.filter((_, i) => i !== this.labelIndex);
    const cols = features.length;
    return { name: file, features, label, classes, x: this.x.slice(0, this.rows * cols), y, rows: this.rows, cols };
  }

  private setHeader(cells: string[], row: number): void {
    const names = checkHeader(cells, row, this.file);
    this.labelIndex = names.indexOf(this.label);
    if (this.labelIndex < 0) {
      throw new DataError(this.file, row, this.label, `no label column "${this.label}"; columns are: ${names.join(', ')}`);
    }
    if (names.length < 2) throw new DataError(this.file, row, null, 'need at least one feature column besides the label');
    this.names = names;
  }

  private addRow(names: string[], cells: string[], row: number): void {
    checkWidth(names, cells, row, this.file);
    const cols = names.length - 1;
    if ((this.rows + 1) * cols > this.x.length) this.x = grow(this.x, (this.rows + 1) * cols);
    if (this.rows + 1 > this.y.length) this.y = grow(this.y, this.rows + 1);
    let c = this.rows * cols;
    cells.forEach((cell, i) => {
      if (i !== this.labelIndex) {
        this.x[c++] = parseNumber(cell, this.file, row, names[i] as string);
        return;
      }
      const value = cell.trim();
      if (value === '') throw new DataError(this.file, row, names[i] as string, 'empty label');
      if (!this.seen.has(value)) this.seen.set(value, this.seen.size);
      this.y[this.rows] = this.seen.get(value) as number;
    });
    this.rows++;
  }
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

/**
 * Feature rows for prediction: the named columns, in that order, from a CSV with a header (other columns, such as
 * the label, are ignored).
 */
export function parseFeatureRows(text: string, file: string, features: string[]): number[][] {
  const records = Papa.parse<string[]>(stripBom(text), { skipEmptyLines: false }).data;
  const lines = records.map((cells, i) => ({ cells, row: i + 1 })).filter(({ cells }) => !isBlank(cells));
  const header = lines.shift();
  if (!header) throw new DataError(file, null, null, 'the file is empty');
  const names = checkHeader(header.cells, header.row, file);
  const indices = features.map((f) => {
    const i = names.indexOf(f);
    if (i < 0) throw new DataError(file, header.row, f, `missing feature column "${f}"`);
    return i;
  });
  return lines.map(({ cells, row }) => {
    checkWidth(names, cells, row, file);
    return indices.map((i) => parseNumber(cells[i] as string, file, row, names[i] as string));
  });
}

/** Trimmed header names; none empty, none repeated. */
function checkHeader(cells: string[], row: number, file: string): string[] {
  const names = cells.map((h) => h.trim());
  names.forEach((name, i) => {
    if (name === '') throw new DataError(file, row, `#${i + 1}`, 'empty column name in the header');
    if (names.indexOf(name) !== i) throw new DataError(file, row, name, 'duplicate column name in the header');
  });
  return names;
}

/** A short row names its first missing column; a long one the first extra cell. */
function checkWidth(names: string[], cells: string[], row: number, file: string): void {
  if (cells.length < names.length) {
    throw new DataError(file, row, names[cells.length] as string, `missing cell: expected ${names.length} cells, found ${cells.length}`);
  }
  if (cells.length > names.length) {
    throw new DataError(file, row, `#${names.length + 1}`, `extra cell: expected ${names.length} cells, found ${cells.length}`);
  }
}

function parseNumber(cell: string, file: string, row: number, column: string): number {
  const text = cell.trim();
  if (text === '') throw new DataError(file, row, column, 'empty cell');
  const value = Number(text);
  if (Number.isNaN(value)) {
    throw new DataError(file, row, column, /^nan$/i.test(text) ? 'NaN is not allowed' : `"${text}" is not a number`);
  }
  if (!Number.isFinite(value)) throw new DataError(file, row, column, `${text} is not finite`);
  return value;
}

/** Numeric labels sort as numbers (2 < 10), others as strings. */
function sortClasses(values: string[]): string[] {
  const numeric = values.every((v) => Number.isFinite(Number(v)));
  return numeric ? values.sort((a, b) => Number(a) - Number(b)) : values.sort();
}

/** A copy at least `needed` long, doubling so appends stay amortised O(1). */
function grow<T extends Float64Array | Uint32Array>(a: T, needed: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(needed, 2 * a.length));
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

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
