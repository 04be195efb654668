import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimalBytes, scanDecimal, scanEnd } from '../../src/data/parse-number.js';

const encoder = new TextEncoder();
const parse = (text: string, decimalComma = false) => {
  const bytes = encoder.encode(text);
  return parseDecimalBytes(bytes, 0, bytes.length, decimalComma);
};

/** The text a CSV writer may put in a cell for `x`. */
const formatted = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 4 }))
  .map(
    ([x, digits, style]) =>
      [String(x), x.toFixed(Math.min(digits, 20)), x.toExponential(digits), x.toPrecision(Math.max(1, digits)), ` ${x.toFixed(3)} `][
        style
      ] as string,
  );

describe('parseDecimalBytes', () => {
  it('gives exactly Number(text), or NaN to hand the cell to Number', () => {
    fc.assert(
      fc.property(formatted, (text) => {
        const fast = parse(text);
        if (!Number.isNaN(fast)) expect(Object.is(fast, Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes every short decimal itself (the fast path of a typical table)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }), (n, decimals) => {
        const text = (n / 10 ** decimals).toFixed(decimals);
        expect(Object.is(parse(text), Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    for (const text of ['0', '-0', '+7', '.5', '5.', '1e3', '2.5E-7', '  42 ', '\t-1.25', '000123.4500'])
      expect(Object.is(parse(text), Number(text.trim()))).toBe(true);
  });

  it('refuses what is not a plain decimal', () => {
    for (const text of ['', ' ', '.', '-', 'e5', '1e', '1e+', '1.2.3', '0x10', 'Infinity', 'NaN', '1,5', '12a', '--1', '1 2'])
      expect(parse(text)).toBeNaN();
  });

  it('reads decimal commas when asked (European ; files)', () => {
    expect(parse('1,5', true)).toBe(1.5);
    expect(parse('-0,25', true)).toBe(-0.25);
    expect(parse('1,5,2', true)).toBeNaN();
  });
});

/** scanDecimal on the whole text: its value when it read all of it, else NaN (as the tokenizer uses it). */
const scanAll = (text: string, decimalComma = false) => {
  const bytes = encoder.encode(text);
  const value = scanDecimal(bytes, 0, bytes.length, decimalComma);
  return scanEnd === bytes.length ? value : Number.NaN;
};

describe("scanDecimal (the tokenizer's one-pass read)", () => {
  it('agrees with parseDecimalBytes whenever it reads the whole field, and stops at the first byte not its own', () => {
    fc.assert(
      fc.property(formatted, fc.constantFrom('', ',', ';', '\n', 'x'), fc.boolean(), (text, after, comma) => {
        const bytes = encoder.encode(text + after);
        const value = scanDecimal(bytes, 0, bytes.length, comma);
        if (scanEnd === text.length && !Number.isNaN(value)) {
          expect(Object.is(value, parseDecimalBytes(bytes, 0, text.length, comma))).toBe(true);
        }
        expect(scanEnd).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes every short decimal of a typical table itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }), (n, decimals) => {
        const text = (n / 10 ** decimals).toFixed(decimals);
        expect(Object.is(scanAll(text), Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    for (const text of ['0', '-0', '+7', '.5', '5.', '000123.4500', '0.0000000000000000000001'])
      expect(Object.is(scanAll(text), Number(text))).toBe(true);
    expect(scanAll('-0,25', true)).toBe(-0.25);
  });

  it('leaves exponents, spaces, long mantissas and words to the slower readers', () => {
    for (const text of ['1e3', ' 42', '42 ', '1234567890123456', '0.00000000000000000000001', '', '-', '.', '1.2.3', 'NaN', '1,5'])
      expect(scanAll(text)).toBeNaN();
  });
});
