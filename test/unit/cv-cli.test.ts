/** `xent cv` through the built CLI: the JSON shape, the table, the refit model file, and one-line usage errors. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { parseModel } from '../../src/model/validate.js';
import { crossValidate } from '../../src/train/cross-validate.js';

const xent = (...args: string[]) => promisify(execFile)('node', ['bin/xent.js', ...args]);
const grid = ['--optimizer', 'lbfgs', '--folds', '3', '--l2', '1,0.01,0.0001', '--backend', 'cpu'];

describe('xent cv', () => {
  it('--json prints { folds, grid, best, model } and nothing else, as the library computes it; --out writes the model', async () => {
    const modelFile = join(mkdtempSync(join(tmpdir(), 'xent-cv-')), 'model.json');
    const { stdout } = await xent('cv', 'builtin:iris', ...grid, '--json', '--out', modelFile);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0] as string);
    expect(Object.keys(printed)).toEqual(['folds', 'grid', 'best', 'model']);
    for (const point of printed.grid) expect(Object.keys(point)).toEqual(['l2', 'lr', 'valLoss', 'valLossSd', 'valAccuracy']);
    const library = await crossValidate(createCpuBackend(), loadBuiltin('iris'), { optimizer: 'lbfgs', folds: 3, l2: [1, 0.01, 0.0001] });
    expect(printed.folds).toBe(3);
    expect(printed.best).toEqual(library.best);
    expect(printed.grid).toEqual(library.grid.map(({ epochs: _, ...point }) => point));
    const written = parseModel(JSON.parse(readFileSync(modelFile, 'utf8')), modelFile);
    expect(written).toEqual(printed.model);
    expect(written.training).toMatchObject({ optimizer: 'lbfgs', l2: library.best.l2, cv: { folds: 3, grid: library.grid } });
  });

  it('prints the table with the chosen row starred', async () => {
    const { stdout, stderr } = await xent(
      'cv',
      'builtin:blobs2',
      '--folds',
      '3',
      '--l2',
      '0,0.1',
      '--lr',
      '0.05,0.5',
      '--epochs',
      '20',
      '--backend',
      'cpu',
    );
    const table = stdout.split('\n').filter((l) => /^[* ] +\d/.test(l));
    expect(table).toHaveLength(4);
    expect(table.filter((l) => l.startsWith('*'))).toHaveLength(1);
    const rows = loadBuiltin('blobs2').rows;
    expect(stdout).toMatch(
      new RegExp(`^best \\(lowest mean validation cross-entropy over 3 folds\\): λ 0(\\.1)?, lr 0\\.5?5; refit on all ${rows} rows$`, 'm'),
    );
    expect(stderr).toMatch(/cross-validation, backend cpu/);
  });

  it.each([
    [['--l2', '0.1,abc'], /^xent: --l2 needs comma-separated non-negative numbers; got "0.1,abc"$/m],
    [['--lr', '0.1,0'], /^xent: --lr needs comma-separated positive numbers; got "0.1,0"$/m],
    [['--folds', '1'], /^xent: --folds must be an integer of at least 2; got "1"$/m],
    [['--l2', '1', '--l2-grid', '3'], /^xent: give --l2 LIST or --l2-grid N, not both$/m],
  ])('%o is a one-line usage error', async (flags, message) => {
    const failure = await xent('cv', 'builtin:iris', '--backend', 'cpu', ...flags).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    expect((failure as { stderr: string }).stderr.split('\n')[0]).toMatch(message);
  });
});
