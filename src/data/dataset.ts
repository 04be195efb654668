import type { LabeledMatrix } from '../core/types.js';
import type { ColumnRole } from './column-typing.js';
import type { DerivedFeatures } from './derived.js';
import type { InputEncoding } from './encoding.js';

/** One line of the column report: what a raw column became. */
export interface ColumnReport {
  name: string;
  role: ColumnRole;
  /** Missing cells among the rows kept (for the label: rows skipped for a missing label). */
  missing: number;
  /** Distinct non-missing values; null when more than the category limit were seen. */
  distinct: number | null;
  /** Categorical levels (null: the missing level), or the label's classes. */
  levels?: (string | null)[];
  /** Encoded feature names this column became (none for ignored columns and the label). */
  encodedAs: string[];
  /** Why an ignored column is ignored. */
  reason?: string;
}

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
  /** Raw input columns and how they are encoded into `features` (tables read from CSV). */
  readonly inputs?: InputEncoding[];
  /** Functions of the numeric inputs appended after the encoded features (the `poly` and `crosses` options). */
  readonly derived?: DerivedFeatures;
  /** What each raw column became (tables read from CSV). */
  readonly columns?: ColumnReport[];
  /** The column `weights` were read from (the sampleWeight option); absent when the rows carry no sample weights. */
  readonly sampleWeight?: string;
  /** Rows left out: a missing label, or (missing 'drop') a missing cell in a used column. */
  readonly skipped?: { missingLabel: number; incomplete: number };
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
