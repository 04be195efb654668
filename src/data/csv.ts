/**
 * CSV texts held as strings (the built-in tables, pasted text, predictions): parsed into a Dataset, or read as
 * records. Files are streamed instead, into the same builder (csv-builder.ts).
 */
import { CsvDatasetBuilder, isBlankRecord, recordCells } from './csv-builder.js';
import { CsvByteStream, CsvTextStream } from './csv-stream.js';
import type { CsvRecord } from './csv-tokenizer.js';
import { DataError, type Dataset } from './dataset.js';
import { encodeRecord, type RawRecord } from './encode-record.js';
import type { InputEncoding } from './encoding.js';
import { type CsvOptions, checkHeader, checkWidth } from './table-options.js';

export { CsvDatasetBuilder } from './csv-builder.js';
export type { CsvOptions } from './table-options.js';

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
