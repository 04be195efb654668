/**
 * Parquet and Arrow IPC (file and stream) read into the same Dataset as the CSV of the same table: the x matrix,
 * labels, features, encodings and column report, and the same error for a refused missing cell. The tables are
 * written here with hyparquet-writer and apache-arrow from one set of JS columns, which are also written as CSV.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { blobSource, readColumnarTable } from '../../src/data/columnar.js';
import type { TableOptions } from '../../src/data/columnar-builder.js';
import { parseCsv } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { encodeTable } from '../../src/data/encode-table.js';
import { tableFormat } from '../../src/data/table-format.js';
import { arrowOf, type Column, columnsOfCsv, csvOf, parquetOf } from './columnar-tables.js';

const DAY = 86_400_000;

/** An awkward table: nulls everywhere, a text NA, a date and a timestamp column, a boolean, a string label. */
function mixedTable(rows: number, seed: number): Column[] {
  const r = new Random(seed);
  const maybe = <T>(p: number, make: () => T): T | null => (r.next() < p ? null : make());
  const colors = ['red', 'green', 'blue', 'NA'];
  return [
    { name: 'a', type: 'double', cells: Array.from({ length: rows }, () => maybe(0.05, () => Number(r.normal().toFixed(5)))) },
    { name: 'n', type: 'int', cells: Array.from({ length: rows }, () => maybe(0.1, () => r.int(1000) - 500)) },
    { name: 'color', type: 'string', cells: Array.from({ length: rows }, () => maybe(0.1, () => colors[r.int(4)] as string)) },
    { name: 'id', type: 'string', cells: Array.from({ length: rows }, (_, i) => `row-${i}`) },
    { name: 'w', type: 'double', cells: Array.from({ length: rows }, () => r.int(4) / 2) },
    { name: 'ok', type: 'bool', cells: Array.from({ length: rows }, () => maybe(0.1, () => r.next() < 0.5)) },
    {
      name: 'day',
      type: 'date',
      cells: Array.from({ length: rows }, () => maybe(0.1, () => new Date(Date.UTC(2020, 0, 1) + r.int(900) * DAY))),
    },
    { name: 'at', type: 'timestamp', cells: Array.from({ length: rows }, () => maybe(0.1, () => new Date(1.6e12 + r.int(1e8) * 1000))) },
    {
      name: 'label',
      type: 'string',
      cells: Array.from({ length: rows }, () => maybe(0.02, () => ['yes', 'no', 'maybe'][r.int(3)] as string)),
    },
  ];
}

function read(bytes: ArrayBuffer | Uint8Array, options: TableOptions): Promise<Dataset> {
  const format = tableFormat(options.file, new Uint8Array(bytes.slice(0, 8)));
  if (format === 'csv') throw new Error(`${options.file} was not told apart from a CSV`);
  return readColumnarTable(format, blobSource(new Blob([bytes as BlobPart]), 4096), options).then(encodeTable);
}

/** Equal but for the name; x bit for bit (compared as bytes: a deep equality of a large array is slow). */
function expectSameDataset(actual: Dataset, expected: Dataset): void {
  const { name: _a, x, ...rest } = actual;
  const { name: _e, x: wantedX, ...wanted } = expected;
  expect(rest).toEqual(wanted);
  expect(x.length).toBe(wantedX.length);
  expect(
    Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(wantedX.buffer, wantedX.byteOffset, wantedX.byteLength)),
  ).toBe(true);
}

const ROWS = 1237;
const mixed = mixedTable(ROWS, 5);
const mixedCsv = csvOf(mixed);
const files: [string, ArrayBuffer | Uint8Array][] = [
  ['t.parquet', parquetOf(mixed, 500)],
  ['t.arrow', arrowOf(mixed, 'file', 400)],
  ['t.feather', arrowOf(mixed, 'file', ROWS)],
  ['t.arrows', arrowOf(mixed, 'stream', 333)],
];

// The machine is shared: a generous per-test limit.
describe.each(files)('%s', { timeout: 30_000 }, (file, bytes) => {
  it('reads into the Dataset the CSV of the same table gives (x, y, features, encodings, column report)', async () => {
    const options = { label: 'label' };
    const fromCsv = parseCsv(mixedCsv, { file: 't.csv', ...options });
    const report = Object.fromEntries((fromCsv.columns ?? []).map((c) => [c.name, c.role]));
    expect(report).toEqual({
      a: 'numeric',
      n: 'numeric',
      color: 'categorical',
      id: 'ignored',
      w: 'numeric',
      ok: 'categorical',
      day: 'date',
      at: 'date',
      label: 'label',
    });
    expectSameDataset(await read(bytes, { file, ...options }), fromCsv);
  });

  it('keeps to the column choices and missing policies as the CSV does', async () => {
    for (const options of [
      { label: 'ok', missing: 'drop' as const, ignore: ['id'], categorical: ['n'] },
      { label: 'color', features: ['a', 'day'], numeric: ['a'], poly: 2 },
      // Row weights from a column, derived features, and float32 storage from a few kilobytes on.
      { label: 'label', sampleWeight: 'w', crosses: ['a^2', 'a*n', 'sin(n)'], float32AboveBytes: 4096 },
    ]) {
      expectSameDataset(await read(bytes, { file, ...options }), parseCsv(mixedCsv, { file: 't.csv', ...options }));
    }
  });

  it('refuses the first missing cell under missing: error with the error the CSV gives (same row and column)', async () => {
    const csvError = (() => {
      try {
        parseCsv(mixedCsv, { file, label: 'label', missing: 'error' });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(csvError).toMatch(/row \d+, column "/);
    await expect(read(bytes, { file, label: 'label', missing: 'error' })).rejects.toThrow(csvError as string);
  });

  it('a truncated copy fails with one line naming the file', async () => {
    const cut = bytes.slice(0, Math.floor(bytes.byteLength * 0.6));
    const error = await read(cut, { file, label: 'label' }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(new RegExp(`^${file.replace('.', '\\.')}: cannot read the (Parquet|Arrow IPC) file \\(.+\\)$`));
    expect(error?.message).not.toContain('\n');
  });
});

describe('format', () => {
  it('is chosen by extension and checked against the magic bytes', () => {
    const parquet = new Uint8Array(parquetOf(mixed, 500).slice(0, 8));
    expect(tableFormat('x.parquet', parquet)).toBe('parquet');
    expect(tableFormat('https://host/table?id=3', parquet)).toBe('parquet');
    expect(tableFormat('x.csv', new TextEncoder().encode('a,b\n1,2'))).toBe('csv');
    expect(() => tableFormat('x.parquet', new TextEncoder().encode('a,b\n1,2'))).toThrow(
      'x.parquet: is not a Parquet file: it does not start with PAR1',
    );
    expect(() => tableFormat('x.feather', new TextEncoder().encode('FEA1....'))).toThrow(/Feather v1/);
  });
});

describe.each([
  ['penguins.csv', 'Species'],
  ['cars.csv', 'Origin'],
  ['seattle-weather.csv', 'weather'],
])('real table %s', (csvFile, label) => {
  const text = readFileSync(new URL(`../fixtures/real/${csvFile}`, import.meta.url), 'utf8');
  const columns = columnsOfCsv(text, csvFile);

  it('as Parquet and as Arrow reads into the Dataset of the CSV', async () => {
    const fromCsv = parseCsv(text, { file: csvFile, label });
    expectSameDataset(await read(parquetOf(columns, 100), { file: 'real.parquet', label }), fromCsv);
    expectSameDataset(await read(arrowOf(columns, 'file', 128), { file: 'real.arrow', label }), fromCsv);
  });
});

describe('xent train on a Parquet file', () => {
  it('prints the final loss of the same run on the CSV, and a truncated file is one error line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xent-columnar-'));
    const columns = mixed.filter((c) => c.name !== 'id');
    writeFileSync(join(dir, 't.csv'), csvOf(columns));
    const parquet = new Uint8Array(parquetOf(columns, 500));
    writeFileSync(join(dir, 't.parquet'), parquet);
    writeFileSync(join(dir, 'cut.parquet'), parquet.slice(0, parquet.length - 100));
    const cli = new URL('../../bin/xent.js', import.meta.url).pathname;
    const run = promisify(execFile);
    const train = (file: string) =>
      run(process.execPath, [
        cli,
        'train',
        join(dir, file),
        '--label',
        'label',
        '--backend',
        'cpu',
        '--optimizer',
        'lbfgs',
        '--epochs',
        '20',
        '--json',
      ]);
    const [csv, parquetRun] = [await train('t.csv'), await train('t.parquet')];
    const final = (stdout: string) => JSON.parse(stdout).final;
    expect(final(parquetRun.stdout)).toEqual(final(csv.stdout));
    expect(parquetRun.stderr).toContain('categorical');
    const failed = await train('cut.parquet').then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toMatch(/^xent: .*cut\.parquet: cannot read the Parquet file \(.+\)\n$/);
  }, 60_000);
});
