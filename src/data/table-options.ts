/**
 * The options of reading a table (CSV, Parquet, Arrow) and the checks every reader shares: the header, the row
 * width, the column plan (which columns are inputs, forced roles, what is left out and why).
 */
import { ColumnStore } from './column-store.js';
import { DEFAULT_MAX_CATEGORIES } from './column-typing.js';
import { DataError } from './dataset.js';
import type { RawTable } from './encode-table.js';
import { MISSING_POLICIES, type MissingPolicy } from './missing.js';
import { checkDegree } from './polynomial.js';

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
