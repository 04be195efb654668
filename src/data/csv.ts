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
export function parseCsv(text: string, { file, label }: CsvOptions): Dataset {
  const { names, lines } = readTable(text, file);
  const labelIndex = names.indexOf(label);
  if (labelIndex < 0) throw new DataError(file, 1, label, `no label column "${label}"; columns are: ${names.join(', ')}`);
  if (lines.length < 2) throw new DataError(file, null, null, `need at least 2 data rows, found ${lines.length}`);
  if (names.length < 2) throw new DataError(file, 1, null, 'need at least one feature column besides the label');

  const features = names.filter((_, i) => i !== labelIndex);
  const cols = features.length;
  const x = new Float64Array(lines.length * cols);
  const labels: string[] = [];
  lines.forEach(({ cells, row }, r) => {
    let c = 0;
    cells.forEach((cell, i) => {
      const column = names[i] as string;
      if (i === labelIndex) {
        const value = cell.trim();
        if (value === '') throw new DataError(file, row, column, 'empty label');
        labels.push(value);
        return;
      }
      x[r * cols + c++] = parseNumber(cell, file, row, column);
    });
  });

  const classes = sortClasses([...new Set(labels)]);
  if (classes.length < 2) throw new DataError(file, null, label, `only one class ("${classes[0]}"): need at least 2`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Uint32Array.from(labels, (l) => index.get(l) as number);
  return { name: file, features, label, classes, x, y, rows: lines.length, cols };
}

/**
 * Feature rows for prediction: the named columns, in that order, from a CSV with a header (other columns, such as
 * the label, are ignored).
 */
export function parseFeatureRows(text: string, file: string, features: string[]): number[][] {
  const { names, lines } = readTable(text, file);
  const indices = features.map((f) => {
    const i = names.indexOf(f);
    if (i < 0) throw new DataError(file, 1, f, `missing feature column "${f}"`);
    return i;
  });
  return lines.map(({ cells, row }) => {
    return indices.map((i) => parseNumber(cells[i] as string, file, row, names[i] as string));
  });
}

/** Header names (checked) and the non-blank data lines with their 1-based row numbers. */
function readTable(text: string, file: string): { names: string[]; lines: { cells: string[]; row: number }[] } {
  const { data: records, errors } = Papa.parse<string[]>(stripBom(text), { skipEmptyLines: false });
  const quote = errors.find((e) => e.type === 'Quotes');
  if (quote) throw new DataError(file, (quote.row ?? 0) + 1, null, 'a quoted cell is never closed');
  const lines = records.map((cells, i) => ({ cells, row: i + 1 })).filter(({ cells }) => !isBlank(cells));
  const header = lines.shift();
  if (!header) throw new DataError(file, null, null, 'the file is empty');
  const names = header.cells.map((h) => h.trim());
  names.forEach((name, i) => {
    if (name === '') throw new DataError(file, header.row, `#${i + 1}`, 'empty column name in the header');
    if (names.indexOf(name) !== i) throw new DataError(file, header.row, name, 'duplicate column name in the header');
  });
  for (const { cells, row } of lines) {
    if (cells.length < names.length) {
      throw new DataError(file, row, names[cells.length] as string, `missing cell: expected ${names.length} cells, found ${cells.length}`);
    }
    if (cells.length > names.length) {
      throw new DataError(file, row, `#${names.length + 1}`, `extra cell: expected ${names.length} cells, found ${cells.length}`);
    }
  }
  return { names, lines };
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

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
