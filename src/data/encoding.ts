/**
 * How each raw input column becomes encoded feature columns, and the fitted values that go with it (impute values,
 * levels, date parts). The same description travels in the model file, so prediction takes raw rows.
 */
import type { FeatureMatrix } from '../core/types.js';
import { type ColumnStore, MISSING } from './column-store.js';
import type { ColumnDecision } from './column-typing.js';
import { DAY_PARTS, type DatePart, dateParts, TIME_PARTS } from './dates.js';

export interface NumericInput {
  name: string;
  role: 'numeric';
  /** The training mean: replaces a missing cell. */
  impute: number;
  /** A 0/1 "missing" feature follows the value (the column had missing cells in training). */
  indicator: boolean;
  /** Encoded feature names. */
  features: string[];
}

export interface CategoricalInput {
  name: string;
  role: 'categorical';
  /** Sorted values; null is the "missing" level. Two levels: one 0/1 feature, 1 for levels[1]. */
  levels: (string | null)[];
  features: string[];
}

export interface DateInput {
  name: string;
  role: 'date';
  parts: DatePart[];
  /** Training means of the parts: replace a missing date. */
  impute: number[];
  indicator: boolean;
  features: string[];
}

export type InputEncoding = NumericInput | CategoricalInput | DateInput;

/** Name of the 0/1 feature that marks a missing cell. */
export function missingFeature(name: string): string {
  return `${name}:missing`;
}

/** Name of the one-hot feature of a level. */
export function levelFeature(name: string, level: string | null): string {
  return `${name}=${level ?? '(missing)'}`;
}

/** Whether a categorical input is one 0/1 feature (two levels) rather than one-hot. */
export function isBinary(input: CategoricalInput): boolean {
  return input.levels.length === 2;
}

/** The encoding of a column with its decided role, fitted on the store's cells (imputation means over present cells). */
export function fitInput(store: ColumnStore, decision: Exclude<ColumnDecision, { role: 'ignored' }>): InputEncoding {
  const { name } = store;
  const indicator = store.missing > 0;
  if (decision.role === 'categorical') {
    const { levels } = decision;
    const features = levels.length === 2 ? [levelFeature(name, levels[1] as string | null)] : levels.map((l) => levelFeature(name, l));
    return { name, role: 'categorical', levels, features };
  }
  if (decision.role === 'date') {
    const parts = decision.timed ? [...DAY_PARTS, ...TIME_PARTS] : [...DAY_PARTS];
    const impute = meanOf(store, parts.length, (v) => dateParts(v, parts));
    const features = [...parts.map((p) => `${name}:${p}`), ...(indicator ? [missingFeature(name)] : [])];
    return { name, role: 'date', parts, impute, indicator, features };
  }
  const impute = meanOfNumbers(store);
  return { name, role: 'numeric', impute, indicator, features: indicator ? [name, missingFeature(name)] : [name] };
}

/** Writes rows [from, to) of a column, encoded, into columns offset.. of the row-major matrix x (D columns). */
export type ColumnWriter = (x: FeatureMatrix, D: number, offset: number, from: number, to: number) => void;

/**
 * The writer of the store's cells encoded by `input`. The table is written in blocks of rows, every column per
 * block, so the writes into the row-major matrix stay within a few pages rather than striding over all of it.
 */
export function columnWriter(store: ColumnStore, input: InputEncoding): ColumnWriter {
  const { values, codes } = store;
  if (input.role === 'categorical') {
    const position = new Map(input.levels.map((l, i) => [l, i]));
    const levelOfCode = store.texts.map((t) => position.get(t) ?? -1);
    const missingLevel = position.get(null) ?? -1;
    const binary = isBinary(input);
    // A categorical column interned every text, so it has its codes.
    const cells = codes as Int32Array;
    return (x, D, offset, from, to) => {
      for (let r = from; r < to; r++) {
        const code = cells[r] as number;
        const level = code === MISSING ? missingLevel : (levelOfCode[code] ?? -1);
        if (binary) x[r * D + offset] = level === 1 ? 1 : 0;
        else if (level >= 0) x[r * D + offset + level] = 1;
      }
    };
  }
  if (input.role === 'numeric') {
    const { impute, indicator } = input;
    // The hot loop of a large table: no array per cell.
    return (x, D, offset, from, to) => {
      for (let r = from, at = from * D + offset; r < to; r++, at += D) {
        const missing = codes ? codes[r] === MISSING : Number.isNaN(values[r]);
        x[at] = missing ? impute : (values[r] as number);
        if (indicator) x[at + 1] = missing ? 1 : 0;
      }
    };
  }
  const { parts, impute, indicator } = input;
  const width = impute.length;
  return (x, D, offset, from, to) => {
    for (let r = from; r < to; r++) {
      const at = r * D + offset;
      const missing = store.isMissing(r);
      const row = missing ? impute : dateParts(values[r] as number, parts);
      for (let j = 0; j < width; j++) x[at + j] = row[j] as number;
      if (indicator) x[at + width] = missing ? 1 : 0;
    }
  };
}

/** The mean of a numeric column's present cells (0 when none is). */
function meanOfNumbers(store: ColumnStore): number {
  const { values, codes, length } = store;
  let sum = 0;
  let n = 0;
  for (let r = 0; r < length; r++) {
    if (codes ? codes[r] === MISSING : Number.isNaN(values[r])) continue;
    sum += values[r] as number;
    n++;
  }
  return n > 0 ? sum / n : 0;
}

/** Per-part means over the present cells (0 when none is). */
function meanOf(store: ColumnStore, width: number, parts: (value: number) => number[]): number[] {
  const sum = new Float64Array(width);
  let n = 0;
  for (let r = 0; r < store.length; r++) {
    if (store.isMissing(r)) continue;
    const row = parts(store.values[r] as number);
    for (let j = 0; j < width; j++) sum[j] = (sum[j] as number) + (row[j] as number);
    n++;
  }
  return Array.from(sum, (s) => (n > 0 ? s / n : 0));
}
