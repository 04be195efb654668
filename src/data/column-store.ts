/**
 * One column's raw cells, kept during the single streamed pass so its role can be decided when the whole column has
 * been seen (a stray word deep in a file must still be found). Numbers and dates are kept as float64, numbers as
 * float32 once the table is large (storage.ts; a date needs float64's digits); text is interned while the column has
 * few distinct values. Beyond that it can only be an identifier, or an error, or numbers: a column of numbers then
 * drops its per-cell codes (a missing cell is the only NaN left), so a large numeric table costs 4 bytes a cell.
 */
import { type CsvRecord, fieldText } from './csv-tokenizer.js';
import { parseIsoDate } from './dates.js';
import { isMissingText } from './missing.js';
import { parseDecimalBytes } from './parse-number.js';
import { grown, truncate, type ValueArray, valueArray } from './value-array.js';

/** Cell codes: missing, or a value that was not interned (the column has too many distinct texts). */
export const MISSING = -1;
export const NOT_INTERNED = -2;

/** Where a cell of some kind was first seen: its row in the file and its text. */
export interface FirstCell {
  row: number;
  text: string;
}

export class ColumnStore {
  /** Per cell: the number, or the date in ms since 1970; NaN for text and missing cells. */
  values: ValueArray = valueArray(false, 256);
  /**
   * Per cell: MISSING, NOT_INTERNED, or the index of its text in `texts`; null once the column gave up interning
   * with numbers, dates and missing cells only (`isMissing` then reads the NaNs).
   */
  codes: Int32Array | null = new Int32Array(256);
  length = 0;
  /** Distinct non-missing texts, in first-seen order (numbers and dates included while interning). */
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();
  /** True once more than `maxTexts` distinct texts were seen: the rest are not interned. */
  overflowed = false;
  numbers = 0;
  dates = 0;
  words = 0;
  missing = 0;
  /** Some date carried a time of day. */
  timed = false;
  firstWord: FirstCell | null = null;
  firstInfinite: FirstCell | null = null;
  firstDate: FirstCell | null = null;
  firstMissing: number | null = null;

  constructor(
    readonly name: string,
    /** Distinct texts to intern before giving up (Infinity for a column forced categorical). */
    private readonly maxTexts: number,
  ) {}

  /** Adds the next cell (untrimmed); returns whether it is missing. */
  add(cell: string, row: number): boolean {
    const text = cell.trim();
    const i = this.length++;
    if (i === this.values.length) this.growTo(2 * i);
    if (isMissingText(text)) {
      this.values[i] = Number.NaN;
      if (this.codes) this.codes[i] = MISSING;
      this.missing++;
      this.firstMissing ??= row;
      return true;
    }
    // classify may widen the values to float64 (a date): read the array after it.
    const value = this.classify(text, row);
    this.values[i] = value;
    const code = this.intern(text);
    if (this.codes) this.codes[i] = code;
    return false;
  }

  /** Whether cell i is missing. */
  isMissing(i: number): boolean {
    return this.codes ? this.codes[i] === MISSING : Number.isNaN(this.values[i]);
  }

  /** Stores the numbers as float32 from now on (a date column keeps float64). */
  narrow(): void {
    if (this.dates === 0 && this.values instanceof Float64Array) this.values = recast(this.values, true);
  }

  /** Drops the cells from row `from` on, for good (the CLI's encoding, once they are in the matrix). */
  release(from: number): void {
    truncate(this.values, from);
  }

  /**
   * Adds a cell that a columnar file (Parquet, Arrow) holds as a number, as `add` would its text `String(value)`
   * without the text round trip. NaN is missing, as the CSV of the same table writes it (`NaN`).
   */
  addNumber(value: number, row: number): boolean {
    if (!Number.isFinite(value)) return this.add(String(value), row);
    const i = this.length++;
    if (i === this.values.length) this.growTo(2 * i);
    this.numbers++;
    this.values[i] = value;
    if (this.interning(i)) (this.codes as Int32Array)[i] = this.intern(String(value));
    return false;
  }

  /** Adds a date or timestamp a columnar file holds as ms since 1970; `text` gives its ISO text, asked only when needed. */
  addDate(ms: number, timed: boolean, text: () => string, row: number): boolean {
    const i = this.length++;
    if (i === this.values.length) this.growTo(2 * i);
    this.widen();
    this.dates++;
    this.timed ||= timed;
    if (!this.firstDate) this.firstDate = { row, text: text() };
    this.values[i] = ms;
    if (this.interning(i)) (this.codes as Int32Array)[i] = this.intern(text());
    return false;
  }

  /**
   * Adds field f of a record, as `add` would its text: a plain decimal is read from the bytes (parse-number.ts) and
   * decoded only while the column still interns its texts; every other cell goes through `add`.
   */
  addField(record: CsvRecord, f: number, decimalComma: boolean): boolean {
    const number = record.numbers[f] as number;
    if (this.codes === null && !Number.isNaN(number)) {
      // The hot case, kept small to be inlined: a number the tokenizer read, in a numeric column without codes.
      const i = this.length++;
      if (i === this.values.length) this.growTo(2 * i);
      this.values[i] = number;
      this.numbers++;
      return false;
    }
    return this.addFieldText(record, f, decimalComma);
  }

  /** Makes room for `count` more cells (the chunked reader appends a run at a time). */
  reserve(count: number): void {
    if (this.length + count > this.values.length) this.growTo(Math.max(this.length + count, 2 * this.values.length));
  }

  private addFieldText(record: CsvRecord, f: number, decimalComma: boolean): boolean {
    const start = record.start[f] as number;
    const end = record.end[f] as number;
    let number = record.numbers[f] as number;
    if (Number.isNaN(number) && record.quoting[f] === 0) number = parseDecimalBytes(record.bytes, start, end, decimalComma);
    if (Number.isNaN(number)) {
      const text = fieldText(record, f);
      return this.add(decimalComma && isDecimalComma(text) ? text.replace(',', '.') : text, record.row);
    }
    const i = this.length++;
    if (i === this.values.length) this.growTo(2 * i);
    this.numbers++;
    this.values[i] = number;
    if (this.interning(i)) (this.codes as Int32Array)[i] = this.intern(fieldText(record, f).trim());
    return false;
  }

  /** Keeps only the cells where `keep` is 1 (rows dropped at the end), in order; recounts the missing ones. */
  compact(keep: Uint8Array): void {
    let n = 0;
    this.missing = 0;
    for (let i = 0; i < this.length; i++) {
      if (!keep[i]) continue;
      if (this.isMissing(i)) this.missing++;
      this.values[n] = this.values[i] as number;
      if (this.codes) this.codes[n] = this.codes[i] as number;
      n++;
    }
    this.length = n;
  }

  private classify(text: string, row: number): number {
    const number = text === '' ? Number.NaN : Number(text);
    if (Number.isFinite(number)) {
      this.numbers++;
      return number;
    }
    if (!Number.isNaN(number) || /^[+-]?inf(inity)?$/i.test(text)) {
      this.numbers++;
      this.firstInfinite ??= { row, text };
      this.keepCodes();
      return Number.NaN;
    }
    const date = parseIsoDate(text);
    if (date) {
      this.widen();
      this.dates++;
      this.timed ||= date.timed;
      this.firstDate ??= { row, text };
      return date.ms;
    }
    this.words++;
    this.firstWord ??= { row, text };
    this.keepCodes();
    return Number.NaN;
  }

  /** A date needs float64's digits: a narrowed column widens again. */
  private widen(): void {
    if (this.values instanceof Float32Array) this.values = recast(this.values, false);
  }

  /**
   * Whether cell i of a value still gets its text interned (the caller then makes the text and sets the code); else
   * its code is NOT_INTERNED, or there are no codes. No text is made per cell of a large numeric column.
   */
  private interning(i: number): boolean {
    if (!this.overflowed) return true;
    if (this.codes) this.codes[i] = NOT_INTERNED;
    return false;
  }

  private intern(text: string): number {
    const id = this.ids.get(text);
    if (id !== undefined) return id;
    if (this.overflowed) return NOT_INTERNED;
    if (this.texts.length >= this.maxTexts) {
      this.overflowed = true;
      this.ids.clear();
      this.texts.length = 0;
      if (this.words === 0 && !this.firstInfinite) this.codes = null;
      return NOT_INTERNED;
    }
    this.ids.set(text, this.texts.length);
    this.texts.push(text);
    return this.texts.length - 1;
  }

  /** A word or an infinity is NaN too: from then on the codes tell missing cells apart (rebuilt if dropped). */
  private keepCodes(): void {
    if (this.codes) return;
    this.codes = new Int32Array(this.values.length);
    for (let i = 0; i < this.length - 1; i++) this.codes[i] = Number.isNaN(this.values[i]) ? MISSING : NOT_INTERNED;
  }

  private growTo(size: number): void {
    this.values = grown(this.values, size);
    if (!this.codes) return;
    const codes = new Int32Array(size);
    codes.set(this.codes);
    this.codes = codes;
  }
}

/** The values as float32 (rounded as Math.fround) or float64, in a new array; the old one gives its memory back. */
function recast(values: ValueArray, float32: boolean): ValueArray {
  const copy = valueArray(float32, values.length);
  copy.set(values);
  truncate(values, 0);
  return copy;
}

/** `-1,5e3`: a number written with a decimal comma (which parse-number's fast path left to Number). */
function isDecimalComma(text: string): boolean {
  return /^\s*[+-]?\d*,\d+(e[+-]?\d+)?\s*$/i.test(text);
}
