/**
 * Encodes one raw row (a record of column values) with the inputs a model was trained with: the same imputation,
 * levels and date parts as at training time. A category never seen in training encodes as all zeros and is counted.
 */

import { DataError } from './dataset.js';
import { dateParts, parseIsoDate } from './dates.js';
import { type InputEncoding, isBinary } from './encoding.js';
import { isMissingText } from './missing.js';

/** A raw row: column name → cell (text as in a CSV, a number, or null/undefined for missing). */
export type RawRecord = Record<string, string | number | null | undefined>;

/** Where a record came from, for errors: the file (or "rows") and the record's row number. */
export interface RecordPlace {
  file: string;
  row: number;
}

/** The encoded features of `record` (before scaling) and how many of its categories were unseen in training. */
export function encodeRecord(
  inputs: readonly InputEncoding[],
  record: RawRecord,
  place: RecordPlace,
): { values: number[]; unseen: number } {
  const values: number[] = [];
  let unseen = 0;
  for (const input of inputs) {
    const raw = record[input.name];
    const text = raw === null || raw === undefined ? null : String(raw).trim();
    const missing = text === null || isMissingText(text);
    const fail = (detail: string): never => {
      throw new DataError(place.file, place.row, input.name, detail);
    };
    if (input.role === 'categorical') {
      const level = input.levels.indexOf(missing ? null : text);
      if (level < 0) unseen++;
      if (isBinary(input)) values.push(level === 1 ? 1 : 0);
      else for (let i = 0; i < input.levels.length; i++) values.push(i === level ? 1 : 0);
      continue;
    }
    if (input.role === 'date') {
      const date = missing ? null : parseIsoDate(text as string);
      if (!missing && !date) fail(`"${text}" is not an ISO date (YYYY-MM-DD)`);
      values.push(...(date ? dateParts(date.ms, input.parts) : input.impute));
    } else {
      const value = missing ? input.impute : Number(text);
      if (missing && Number.isNaN(value)) fail('missing value (this model has no impute value)');
      if (!Number.isFinite(value)) fail(`"${text}" is not a finite number`);
      values.push(value);
    }
    if (input.indicator) values.push(missing ? 1 : 0);
  }
  return { values, unseen };
}
