import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvOptions, parseCsv } from '../../src/data/csv.js';
import { ChunkedCsvBuilder } from '../../src/data/csv-chunk-builder.js';
import { tokenizeChunk } from '../../src/data/csv-chunks.js';
import { type ChunkTokenizer, ThreadedCsvFeeder } from '../../src/node/csv-threads.js';
import { readCsvFile } from '../../src/node/read-csv.js';

/** Tokenizes on this thread, as a worker would, a turn of the event loop later. */
const inProcess: ChunkTokenizer = {
  tokenize: async (bytes, delimiter, decimalComma) => tokenizeChunk(bytes, delimiter, decimalComma),
};

/** What parseCsv makes of the text, or the error it throws. */
function sequential(text: string, options: CsvOptions): unknown {
  try {
    return { ...parseCsv(text, options) };
  } catch (e) {
    return (e as Error).message;
  }
}

/** The same text through the threaded feeder, cut into `cuts` pieces, `ahead` chunks out at a time. */
async function threaded(text: string, options: CsvOptions, cuts: number[], ahead: number): Promise<unknown> {
  const bytes = new TextEncoder().encode(text);
  const builder = new ChunkedCsvBuilder(options);
  const feeder = new ThreadedCsvFeeder(builder.stream(), builder, inProcess, ahead);
  try {
    const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
    let from = 0;
    for (const to of [...points, bytes.length]) {
      await feeder.push(bytes.slice(from, to));
      from = to;
    }
    await feeder.finish();
    return { ...builder.finish() };
  } catch (e) {
    return (e as Error).message;
  }
}

const number = fc.oneof(
  fc.integer({ min: -999, max: 999 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toFixed(3)),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toExponential(2)),
  fc.constantFrom(' 7 ', '1234567890123456789', '0.00000000000000000000000001', '.5'),
);
const missingCell = fc.constantFrom('', 'NA', 'NaN', 'n/a');
/** Cells of one kind of column, with now and then a missing one. */
const kinds = {
  numbers: number,
  words: fc.constantFrom('red', 'blue', 'green'),
  dates: fc.constantFrom('2021-03-04', '1999-12-31', '2020-02-29T12:00:00'),
  ids: fc.integer({ min: 0, max: 1e6 }).map((n) => `id${n}`),
  anything: fc.oneof(number, fc.constantFrom('red', 'inf', '2021-03-04')),
};
const column = fc
  .constantFrom(...(Object.keys(kinds) as (keyof typeof kinds)[]))
  .map((kind) => fc.oneof({ weight: 30, arbitrary: kinds[kind] as fc.Arbitrary<string> }, { weight: 1, arbitrary: missingCell }));
const label = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('yes', 'no', 'maybe') },
  { weight: 1, arbitrary: fc.constantFrom('', 'NA') },
);
const weight = fc.constantFrom('1', '0.5', '2', '0');
/** Now and then one odd line: blank, only delimiters, a cell short, a bad weight, a quoted cell (from a quote on, the file is read on one thread). */
const odd = fc.constantFrom('', ',,,,,', '1,2,3,4,yes', '1,2,3,4,yes,-1', '"a, quoted",1,2,3,yes,1');
/** Columns a and b hold numbers (and missing cells), c and d cells of a kind drawn per table. */
const table = fc
  .tuple(column, column)
  .chain(([c, d]) =>
    fc.tuple(
      fc.array(
        fc.tuple(kinds.numbers, kinds.numbers, c, d, label, weight).map((cells) => cells.join(',')),
        { minLength: 10, maxLength: 150 },
      ),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.boolean(),
      fc.array(fc.tuple(fc.nat(), odd), { maxLength: 2 }),
    ),
  )
  .map(([lines, end, finalEnd, odds]) => {
    for (const [at, text] of odds) lines[at % lines.length] = text;
    return `a,b,c,d,label,w${end}${lines.join(end)}${finalEnd ? end : ''}`;
  });
const options = fc.record({
  missing: fc.constantFrom('impute', 'impute', 'drop', 'error') as fc.Arbitrary<CsvOptions['missing']>,
  maxCategories: fc.constantFrom(2, 5, 40),
  sampleWeight: fc.constantFrom(undefined, 'w'),
  float32AboveBytes: fc.constantFrom(undefined, 0, 64, 1000),
});

describe("CSV chunks tokenized apart (the CLI's worker threads)", () => {
  it("give parseCsv's data set, or its error, wherever the file is cut and however far the chunks run ahead", async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        options,
        fc.array(
          fc.integer({ min: 0, max: 1000 }).map((k) => k / 1000),
          { minLength: 2, maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 4 }),
        async (text, picked, cuts, ahead) => {
          const opts: CsvOptions = { file: 't.csv', label: 'label', ...picked };
          if (opts.sampleWeight === undefined) delete opts.sampleWeight;
          if (opts.float32AboveBytes === undefined) delete opts.float32AboveBytes;
          expect(await threaded(text, opts, cuts, ahead)).toEqual(sequential(text, opts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('read a file on real worker threads as on one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xent-chunks-'));
    try {
      const lines = ['x1,x2,colour,label'];
      for (let r = 0; r < 20_000; r++) {
        const colour = ['red', 'green', 'blue'][r % 3] as string;
        lines.push(`${((r * 7919) % 1000) / 7},${r % 11 === 0 ? 'NA' : (r % 13) - 6.5},${colour},${r % 3 === 0 ? 'a' : 'b'}`);
      }
      const file = join(dir, 't.csv');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const quiet = { write: () => true, isTTY: false };
      const one = await readCsvFile({ file, label: 'label' }, quiet, { workers: 0 });
      const two = await readCsvFile({ file, label: 'label' }, quiet, { workers: 2, threadedAboveBytes: 0, pieceBytes: 10_000 });
      expect({ ...two }).toEqual({ ...one });
      expect(one.rows).toBe(20_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
