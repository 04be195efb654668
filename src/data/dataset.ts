import type { LabeledMatrix } from '../core/types.js';

/** A labelled table ready to train on: features as numbers, labels as class indices into `classes`. */
export interface Dataset extends LabeledMatrix {
  /** Where it came from: a file name, URL or `builtin:NAME`. */
  readonly name: string;
  /** Feature column names, in column order of `x`. */
  readonly features: string[];
  /** Label column name. */
  readonly label: string;
  /** Class values as strings, sorted; y holds indices into this. */
  readonly classes: string[];
}

/** Error for bad input: names the file, row (1-based, the header is row 1) and column. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | null,
    readonly column: string | null,
    detail: string,
  ) {
    const where = [file, row === null ? null : `row ${row}`, column === null ? null : `column "${column}"`].filter(Boolean).join(', ');
    super(`${where}: ${detail}`);
    this.name = 'DataError';
  }
}
