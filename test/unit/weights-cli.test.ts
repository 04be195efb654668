/** `xent train --class-weight balanced` and `--sample-weight COLUMN` end to end, through the built CLI. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';

const xent = (...args: string[]) => promisify(execFile)('node', ['bin/xent.js', ...args]);
const dir = mkdtempSync(join(tmpdir(), 'xent-weights-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const lbfgs = (l2: number) => ['--optimizer', 'lbfgs', '--l2', String(l2), '--backend', 'cpu', '--epochs', '1000', '--json'];

describe('xent train --class-weight balanced', () => {
  it("reaches scikit-learn's class_weight='balanced' optimum on seattle-weather, and the model file says so", async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn-weights.json', import.meta.url), 'utf8'));
    const ref = fixture.cases.find((c: { file: string; classWeight: string }) => c.file === 'seattle-weather.csv');
    const args = ['train', 'test/fixtures/real/seattle-weather.csv', '--label', 'weather', '--class-weight', 'balanced'];
    const run = JSON.parse((await xent(...args, ...lbfgs(ref.l2))).stdout);
    expect(Math.abs(run.final.objective - ref.objective)).toBeLessThan(1e-12);
    expect(run.model.training).toMatchObject({ classWeight: 'balanced', sampleWeight: null });
  });
});

describe('xent train --sample-weight COLUMN', () => {
  // Random rows with integer weights 0..3, and the same rows repeated that many times (no weight column).
  const rng = new Random(Math.floor(Math.random() * 2 ** 31));
  const rows = Array.from({ length: 23 }, (_, r) => ({
    a: rng.normal().toFixed(3),
    b: rng.normal().toFixed(3),
    w: r < 2 ? 1 : rng.int(4),
    label: r === 0 || (r > 1 && rng.int(3) === 0) ? 'yes' : 'no',
  }));
  const weighted = write('weighted.csv', `a,w,b,label\n${rows.map((r) => `${r.a},${r.w},${r.b},${r.label}`).join('\n')}\n`);
  const copies = write('copies.csv', `a,b,label\n${rows.flatMap((r) => Array(r.w).fill(`${r.a},${r.b},${r.label}`)).join('\n')}\n`);

  it('trains as the rows repeated by their weights, keeps the column out of the features, and reports it', async () => {
    // Standardisation counts rows, not weights: without it the two tables are the same problem.
    const a = await xent('train', weighted, '--label', 'label', '--sample-weight', 'w', '--no-standardize', ...lbfgs(0.01));
    const b = JSON.parse((await xent('train', copies, '--label', 'label', '--no-standardize', ...lbfgs(0.01))).stdout);
    const run = JSON.parse(a.stdout);
    expect(Math.abs(run.final.objective - b.final.objective)).toBeLessThan(1e-12);
    run.model.weights.forEach((w: number, j: number) => {
      expect(w).toBeCloseTo(b.model.weights[j], 8);
    });
    expect(run.model.bias).toBeCloseTo(b.model.bias, 8);
    expect(run.model.features).toEqual(['a', 'b']);
    expect(run.model.training).toMatchObject({ classWeight: 'none', sampleWeight: 'w' });
    expect(run.columns.find((c: { name: string }) => c.name === 'w')).toMatchObject({ role: 'ignored', reason: 'sample weight' });
    expect(a.stderr).toMatch(/^ {2}w +ignored .*\(sample weight\)$/m);
  });

  it.each([
    ['-1', 'row 3, column "w": -1 is a negative sample weight (weights must be ≥ 0)'],
    ['heavy', 'row 3, column "w": "heavy" is not a sample weight (a finite number ≥ 0)'],
    ['NA', 'row 3, column "w": "NA": a sample weight is missing'],
    ['', 'row 3, column "w": empty cell: a sample weight is missing'],
    ['inf', 'row 3, column "w": "inf" is not a sample weight (a finite number ≥ 0)'],
  ])('refuses the weight %j with one line naming file, row and column', async (bad, where) => {
    const file = write('bad.csv', `a,w,label\n1,1,x\n2,${bad},y\n3,1,x\n4,1,y\n`);
    await expect(xent('train', file, '--label', 'label', '--sample-weight', 'w', '--backend', 'cpu')).rejects.toMatchObject({
      code: 1,
      stderr: `xent: ${file}, ${where}\n`,
    });
  });

  it('refuses all-zero weights, a missing column, and a built-in data set', async () => {
    const zero = write('zero.csv', 'a,w,label\n1,0,x\n2,0,y\n3,0,x\n');
    await expect(xent('train', zero, '--label', 'label', '--sample-weight', 'w', '--backend', 'cpu')).rejects.toMatchObject({
      code: 1,
      stderr: `xent: ${zero}, column "w": every sample weight is 0: no row would count\n`,
    });
    await expect(xent('train', zero, '--label', 'label', '--sample-weight', 'v', '--backend', 'cpu')).rejects.toMatchObject({
      code: 1,
      stderr: `xent: ${zero}, row 1, column "v": no column "v"; columns are: a, w, label\n`,
    });
    await expect(xent('train', 'builtin:iris', '--sample-weight', 'w', '--backend', 'cpu')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^xent: --sample-weight: builtin:iris has no sample-weight column "w"\n/),
    });
  });
});
