import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, CsvTokenizer, fieldText } from '../../src/data/csv-tokenizer.js';

const encoder = new TextEncoder();

/** Every record of `bytes` cut at `cuts`, as arrays of field texts. */
function tokenize(bytes: Uint8Array, cuts: number[], delimiter = ','): string[][] {
  const records: string[][] = [];
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), (r) => {
    records.push(Array.from({ length: r.fields }, (_, f) => fieldText(r, f)));
    // A number read in the tokenizer's pass is the field's own, exactly.
    for (let f = 0; f < r.fields; f++) {
      if (Number.isNaN(r.numbers[f])) continue;
      expect(r.quoting[f]).toBe(0);
      expect(Object.is(r.numbers[f], Number(fieldText(r, f)))).toBe(true);
    }
  });
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    tokenizer.push(bytes.subarray(from, to), to === bytes.length);
    from = to;
  }
  return records;
}

/** A CSV writer as spreadsheets write them: quoted when needed, `""` inside quotes; empty cells quoted so no record is blank. */
function writeCsv(table: string[][], lineEnd: string, delimiter: string): string {
  const cell = (v: string) => (v === '' || /["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replaceAll('"', '""')}"` : v);
  return table.map((row) => row.map(cell).join(delimiter)).join(lineEnd) + (table.length % 2 ? lineEnd : '');
}

const cellText = fc.string({
  unit: fc.constantFrom('a', 'Z', '1', '0', '7', '.', '-', ' ', ',', ';', '\t', '"', '\n', '\r', 'é', '中', '😀'),
  maxLength: 8,
});
const table = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 12 }))
  .chain(([cols, rows]) => fc.array(fc.array(cellText, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

describe('CsvTokenizer', () => {
  it('reads any written table back, whatever pieces the bytes arrive in (quotes, delimiters, CR, LF, CRLF, UTF-8)', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.array(
          fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
          { maxLength: 12 },
        ),
        (rows, lineEnd, delimiter, cuts) => {
          const bytes = encoder.encode(writeCsv(rows, lineEnd, delimiter));
          expect(tokenize(bytes, cuts, delimiter)).toEqual(rows);
          expect(tokenize(bytes, [], delimiter)).toEqual(rows);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agrees with PapaParse on files it accepts', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), (rows, lineEnd) => {
        const text = writeCsv(rows, lineEnd, ',');
        const papa = Papa.parse<string[]>(text, { delimiter: ',', newline: lineEnd as '\n' | '\r\n' }).data;
        // PapaParse reports the empty text after a final line end as one more record of one empty cell.
        if (text.endsWith(lineEnd)) expect(papa.pop()).toEqual(['']);
        expect(tokenize(encoder.encode(text), [0.5])).toEqual(papa);
      }),
      { numRuns: 200 },
    );
  });

  it('numbers records as the file does, blank lines and a byte order mark included', () => {
    const rows: number[] = [];
    const t = new CsvTokenizer(44, (r) => rows.push(r.row));
    const bytes = encoder.encode('\ufeffa,b\n\n1,2\r\n"x\ny",3\n4,5');
    t.push(bytes.subarray(0, 9), false);
    t.push(bytes.subarray(9), true);
    expect(rows).toEqual([1, 2, 3, 4, 5]);
    expect(tokenize(bytes, [])[0]).toEqual(['a', 'b']);
  });

  it('names the record of a quote never closed, or of text after a closing quote', () => {
    const fail = (text: string) => {
      try {
        tokenize(encoder.encode(text), [0.3]);
      } catch (e) {
        return e instanceof CsvSyntaxError ? `${e.row}: ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(fail('a,b\n1,2\n"3,4\n5,6\n')).toBe('3: a quoted cell is never closed');
    expect(fail('a,b\n1,"2"x\n')).toBe('2: text after the closing quote of a quoted cell');
  });
});
