/**
 * The sample-weight column (the `sampleWeight` option): read as numbers while the table is read, kept out of the
 * features like the label, and shown in the column report. A missing, non-numeric, infinite or negative weight is an
 * error naming its row; weights that are all 0 leave no row to learn from.
 */
import { type ColumnReport, DataError } from './dataset.js';
import { isMissingText } from './missing.js';

/** The weights read so far, one per kept row, with the column they come from. */
export interface SampleWeights {
  name: string;
  values: Float64Array;
}

/** A cell of the sample-weight column as a weight (≥ 0); throws a DataError naming file, row and column. */
export function parseSampleWeight(cell: string, decimalComma: boolean, file: string, row: number, column: string): number {
  const text = cell.trim();
  if (isMissingText(text))
    throw new DataError(file, row, column, `${text === '' ? 'empty cell' : `"${text}"`}: a sample weight is missing`);
  const value = Number(decimalComma ? text.replace(',', '.') : text);
  if (!Number.isFinite(value)) throw new DataError(file, row, column, `"${text}" is not a sample weight (a finite number ≥ 0)`);
  if (value < 0) throw new DataError(file, row, column, `${text} is a negative sample weight (weights must be ≥ 0)`);
  return value;
}

/** The column's line of the column report; throws when every weight is 0. */
export function sampleWeightReport(weights: SampleWeights, file: string): ColumnReport {
  if (!weights.values.some((s) => s > 0)) throw new DataError(file, null, weights.name, 'every sample weight is 0: no row would count');
  return {
    name: weights.name,
    role: 'ignored',
    missing: 0,
    distinct: new Set(weights.values).size,
    encodedAs: [],
    reason: 'sample weight',
  };
}
