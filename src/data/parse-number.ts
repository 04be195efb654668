/**
 * Numbers straight from a CSV's bytes, without making a string per cell. A plain decimal (`-12.5`, `3e-7`, `.5`,
 * with spaces around it) with at most 15 significant digits and a power of ten within ±22 is computed as one exact
 * integer times or divided by one exact power of ten: a single correctly rounded IEEE operation, so the result is
 * bit for bit what `Number(text)` gives (Clinger's fast path). Everything else (more digits, hex, `Infinity`, words)
 * is left to `Number` on the decoded text by the caller, which keeps the same meaning for every cell.
 */

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const SPACE = 0x20;
const TAB = 0x09;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COMMA = 0x2c;
const ZERO = 0x30;
const E_LOWER = 0x65;
const E_UPPER = 0x45;

/** Most significant digits the fast path takes: below 2^53, so the mantissa is an exact integer. */
const MAX_DIGITS = 15;

/**
 * The number in bytes[start, end), or NaN when the text is not a plain decimal the fast path can take exactly (the
 * caller then decodes it and applies `Number`). `decimalComma` also accepts `,` as the decimal point (`;` files).
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number, decimalComma = false): number {
  while (start < end && isSpace(bytes[start] as number)) start++;
  while (end > start && isSpace(bytes[end - 1] as number)) end--;
  let i = start;
  let negative = false;
  const sign = bytes[i];
  if (sign === MINUS || sign === PLUS) {
    negative = sign === MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDigit = false;
  let seenPoint = false;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      seenDigit = true;
      if (mantissa === 0 && d === 0) {
        if (seenPoint) scale--;
        continue;
      }
      if (++digits > MAX_DIGITS) return Number.NaN;
      mantissa = mantissa * 10 + d;
      if (seenPoint) scale--;
    } else if ((c === DOT || (decimalComma && c === COMMA)) && !seenPoint) {
      seenPoint = true;
    } else break;
  }
  if (!seenDigit) return Number.NaN;
  if (i < end) {
    const c = bytes[i];
    if (c !== E_LOWER && c !== E_UPPER) return Number.NaN;
    i++;
    let expNegative = false;
    if (bytes[i] === MINUS || bytes[i] === PLUS) expNegative = bytes[i++] === MINUS;
    let exponent = 0;
    const expStart = i;
    for (; i < end; i++) {
      const d = (bytes[i] as number) - ZERO;
      if (d < 0 || d > 9 || exponent > 1e6) return Number.NaN;
      exponent = exponent * 10 + d;
    }
    if (i === expStart) return Number.NaN;
    scale += expNegative ? -exponent : exponent;
  }
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale >= 0 && scale <= 22) value = mantissa * (POW10[scale] as number);
  else if (scale < 0 && scale >= -22) value = mantissa / (POW10[-scale] as number);
  else return Number.NaN;
  return negative ? -value : value;
}

/** Where the last scanDecimal stopped: the first byte that is not part of the number. */
export let scanEnd = 0;

/**
 * Reads a plain decimal without an exponent or spaces (`-12.5`, `.5`) starting at bytes[p]: returns its value, or
 * NaN when the text is not one it takes, and sets `scanEnd`. The tokenizer calls it on each unquoted field, so a
 * number is parsed in the same pass that finds the field's end (the value counts only if it stopped there); it is
 * kept this small so that it is inlined there. Anything else, exponents included, is parseDecimalBytes' to read.
 */
export function scanDecimal(bytes: Uint8Array, p: number, n: number, decimalComma: boolean): number {
  let i = p;
  let c = i < n ? (bytes[i] as number) : -1;
  const negative = c === MINUS;
  if (negative || c === PLUS) c = ++i < n ? (bytes[i] as number) : -1;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDigit = false;
  let seenPoint = false;
  for (;;) {
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      seenDigit = true;
      if (mantissa !== 0 || d !== 0) {
        digits++;
        mantissa = mantissa * 10 + d;
      }
      if (seenPoint) scale--;
    } else if ((c === DOT || (decimalComma && c === COMMA)) && !seenPoint) seenPoint = true;
    else break;
    c = ++i < n ? (bytes[i] as number) : -1;
  }
  scanEnd = i;
  // No digit, too many for an exact integer, or more decimals than exact powers of ten.
  if (!seenDigit || digits > MAX_DIGITS || scale < -22) return Number.NaN;
  const value = mantissa / (POW10[-scale] as number);
  return negative ? -value : value;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}
