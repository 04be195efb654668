/**
 * Column stores on resizable ArrayBuffers (the CLI's): they grow in place, give memory back when cut, and a table
 * read with them and encoded consuming them is the same data set as one read the ordinary way, bit for bit, through
 * the float32 switch, a date column that widens, categories and missing cells, on one thread and on workers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { parseCsv } from '../../src/data/csv.js';
import { grown, truncate, useResizableValues, valueArray } from '../../src/data/value-array.js';
import { readCsvFile } from '../../src/node/read-csv.js';

afterEach(() => useResizableValues(false));
const quiet = { write: () => true, isTTY: false };

describe('value arrays', () => {
  it('grow in place and give memory back when resizable; copy when not', () => {
    useResizableValues(true);
    const a = valueArray(true, 4);
    a.set([1, 2, 3, 4.5]);
    const b = grown(a, 1000);
    expect(b).toBe(a);
    expect(Array.from(b.subarray(0, 4))).toEqual([1, 2, 3, 4.5]);
    expect(b.length).toBe(1000);
    truncate(b, 2);
    expect(b.length).toBe(2);
    expect(b.buffer.byteLength).toBe(8);
    useResizableValues(false);
    const c = valueArray(false, 2);
    const d = grown(c, 3);
    expect(d).not.toBe(c);
    expect(d.length).toBe(3);
  });

  it('read and consumed, a table is the data set parseCsv makes of it, bit for bit', async () => {
    const random = new Random(Math.floor(Math.random() * 2 ** 31));
    const lines = ['x,when,colour,y,label'];
    for (let r = 0; r < 6000; r++) {
      const x = random.next() < 0.05 ? 'NA' : (random.normal() * 1e3).toFixed(6);
      const when = `20${10 + random.int(15)}-0${1 + random.int(9)}-1${random.int(10)}`;
      lines.push(`${x},${when},${['red', 'green', 'blue'][random.int(3)]},${random.normal().toPrecision(17)},${random.int(2) ? 'a' : 'b'}`);
    }
    const text = `${lines.join('\n')}\n`;
    const file = join(mkdtempSync(join(tmpdir(), 'xent-values-')), 't.csv');
    writeFileSync(file, text);
    // A low float32 limit, so the stores narrow while reading (the date column widens back to float64).
    const options = { file, label: 'label', float32AboveBytes: 20_000 };
    const want = { ...parseCsv(text, options) };
    useResizableValues(true);
    for (const read of [{ workers: 0 }, { workers: 2, threadedAboveBytes: 0, pieceBytes: 5000 }]) {
      expect({ ...(await readCsvFile(options, quiet, read)) }).toEqual(want);
    }
    expect(want.x).toBeInstanceOf(Float32Array);
  });
});
