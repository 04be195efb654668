/**
 * The README's failure behaviour: every file of the bad-input corpus either loads cleanly or fails with one clear error naming
 * file, row and column — through the library (parseCsv) and through the CLI.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { DataError, type Dataset } from '../../src/data/dataset.js';
import type { MissingPolicy } from '../../src/data/missing.js';
import { applyStandardization, fitStandardization } from '../../src/data/standardize.js';
import { type BadCase, badCases, badDir, type ExpectedDataset, type ExpectedError } from '../fixtures/bad-cases.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'bin/xent.js');

function read(file: string): string {
  return readFileSync(join(badDir, file), 'utf8');
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

/** The "file, row N, column "C"" part every error message starts with, as far as the case names them. */
function expectNamesPlace(message: string, file: string, expected: ExpectedError): void {
  expect(message).toContain(file);
  if (expected.row !== undefined) expect(message).toContain(`row ${expected.row}`);
  if (expected.column !== undefined) expect(message).toContain(`column "${expected.column}"`);
  expect(message).toMatch(expected.error);
}

function expectDataset(data: Dataset, parsed: ExpectedDataset): void {
  expect(data.rows).toBe(parsed.rows);
  expect(data.features).toEqual(parsed.features);
  if (typeof parsed.classes === 'number') expect(data.classes).toHaveLength(parsed.classes);
  else expect(data.classes).toEqual(parsed.classes);
  expect(data.x).toHaveLength(data.rows * data.cols);
  expect(data.x.every(Number.isFinite)).toBe(true);
  expect(Math.max(...data.y)).toBe(data.classes.length - 1);
}

/** Standardised values are finite, and a column that is constant in the data standardises to exactly 0. */
function expectStandardizable(data: Dataset): void {
  const standardized = applyStandardization(data, fitStandardization(data));
  expect(standardized.x.every(Number.isFinite)).toBe(true);
  for (let c = 0; c < data.cols; c++) {
    const column = Array.from({ length: data.rows }, (_, r) => data.x[r * data.cols + c] as number);
    if (column.every((v) => v === column[0])) {
      for (let r = 0; r < data.rows; r++) expect(standardized.x[r * data.cols + c]).toBe(0);
    }
  }
}

const errorCases = badCases.filter((c): c is BadCase & { expect: ExpectedError } => c.expect !== 'ok');
const okCases = badCases.filter((c): c is BadCase & { expect: 'ok'; parsed: ExpectedDataset } => c.expect === 'ok');

describe('bad-input corpus', () => {
  it('has a case for every file and a file for every case', () => {
    expect(readdirSync(badDir).sort()).toEqual([...new Set(badCases.map((c) => c.file))].sort());
  });
});

describe('parseCsv on the bad-input corpus', () => {
  it.each(errorCases)('rejects $file ($why)', ({ file, label, missing, expect: expected }) => {
    const error = caught(() => parseCsv(read(file), { file, label, missing }));
    expect(error).toBeInstanceOf(DataError);
    const dataError = error as DataError;
    expect(dataError.file).toBe(file);
    expect(dataError.row).toBe(expected.row ?? null);
    expect(dataError.column).toBe(expected.column ?? null);
    expectNamesPlace(dataError.message, file, expected);
  });

  it.each(okCases)('accepts $file ($why)', ({ file, label, missing, parsed }) => {
    const data = parseCsv(read(file), { file, label, missing });
    expectDataset(data, parsed);
    expectStandardizable(data);
  });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function train(file: string, label: string, missing: MissingPolicy | undefined): Promise<CliResult> {
  const args = [cli, 'train', join(badDir, file), '--label', label, '--backend', 'cpu', '--epochs', '1', '--json'];
  if (missing) args.push('--missing', missing);
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: repoRoot, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

// Each run starts Node + tsx (a second or two); run them side by side.
describe.concurrent('xent train on the bad-input corpus', () => {
  it.each(errorCases)(
    'fails on $file with one line naming the place',
    async ({ file, label, missing, expect: expected }) => {
      const { code, stdout, stderr } = await train(file, label, missing);
      expect(code, stderr).not.toBe(0);
      expect(stdout, stderr).toBe('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expectNamesPlace(lines[0] as string, file, expected);
    },
    90_000,
  );

  it.each(okCases)(
    'trains on $file and prints JSON',
    async ({ file, label, missing, parsed }) => {
      const { code, stdout, stderr } = await train(file, label, missing);
      expect(code, stderr).toBe(0);
      const result = JSON.parse(stdout) as { final: { loss: number }; model: { classes: string[]; features: string[] } };
      expect(result.model.features).toEqual(parsed.features);
      expect(result.model.classes).toHaveLength(typeof parsed.classes === 'number' ? parsed.classes : parsed.classes.length);
      expect(Number.isFinite(result.final.loss)).toBe(true);
    },
    90_000,
  );
});
