/**
 * crossValidate against scikit-learn's LogisticRegressionCV (bench/sklearn-cv.py wrote the fixture: Cs, chosen C,
 * each C's mean and sd over the folds of the validation log loss, and its folds), and its first-order path against
 * the Trainer on each fold's rows. The fixture's seattle-weather table is left to the bench: its 50 runs take minutes
 * on the CPU.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { parseCsv } from '../../src/data/csv.js';
import { applyStandardization, fitStandardization } from '../../src/data/standardize.js';
import { parseModel } from '../../src/model/validate.js';
import { crossValidate } from '../../src/train/cross-validate.js';
import { stratifiedFolds } from '../../src/train/folds.js';
import { takeRows } from '../../src/train/split.js';
import { Trainer } from '../../src/train/trainer.js';

interface SklearnTable {
  file: string;
  label: string;
  rows: number;
  Cs: number[];
  chosenC: number;
  valLoss: number[];
  valLossSd: number[];
  folds: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn-cv.json', import.meta.url), 'utf8')) as {
  folds: number;
  tables: SklearnTable[];
};
const table = (file: string) => fixture.tables.find((t) => t.file === file) as SklearnTable;
const load = (t: SklearnTable) => parseCsv(readFileSync(new URL(`../fixtures/real/${t.file}`, import.meta.url), 'utf8'), t);

/** λ = 1/(C·N_train), N_train the mean training rows of a fold. */
const lambdaOf = (t: SklearnTable, C: number) => 1 / (C * ((t.rows * (fixture.folds - 1)) / fixture.folds));

async function crossValidateLike(t: SklearnTable, withItsFolds: boolean) {
  const result = await crossValidate(createCpuBackend(), load(t), {
    optimizer: 'lbfgs',
    epochs: 150,
    l2Grid: t.Cs.length,
    ...(withItsFolds ? { foldIds: t.folds } : { folds: fixture.folds }),
  });
  for (const [i, C] of t.Cs.entries()) expect(result.grid[i]?.l2).toBeCloseTo(lambdaOf(t, C), 12);
  const chosen = result.grid.findIndex((g) => g.l2 === result.best.l2);
  expect(Math.abs(chosen - t.Cs.indexOf(t.chosenC)), 'chosen λ within one grid step').toBeLessThanOrEqual(1);
  return result;
}

describe('cross-validation against scikit-learn', () => {
  // The same folds: the same numbers, up to where either L-BFGS stopped.
  it.each(['penguins.csv', 'cars.csv'])(
    '%s with its folds: every C’s mean validation loss within a fiftieth of its sd',
    async (file) => {
      const t = table(file);
      const { grid } = await crossValidateLike(t, true);
      for (const [i, point] of grid.entries()) {
        expect(Math.abs((point.valLoss as number) - (t.valLoss[i] as number)), `C ${t.Cs[i]}`).toBeLessThanOrEqual(
          0.02 * (t.valLossSd[i] as number),
        );
        expect(point.valLossSd).toBeCloseTo(t.valLossSd[i] as number, 3);
      }
    },
    60_000,
  );

  // Our own stratified folds: the fold-to-fold spread is the tolerance. Not penguins: nearly separable, so at large C
  // one hard row decides its fold's loss, and which fold it lands in moves the whole curve by more than one sd.
  it('cars.csv with our folds: every C’s mean validation loss within its fold-to-fold sd', async () => {
    const t = table('cars.csv');
    const { grid } = await crossValidateLike(t, false);
    for (const [i, point] of grid.entries()) {
      expect(Math.abs((point.valLoss as number) - (t.valLoss[i] as number)), `C ${t.Cs[i]}`).toBeLessThanOrEqual(t.valLossSd[i] as number);
    }
  }, 60_000);
});

describe('crossValidate', () => {
  it('sgd/momentum/adam: the grid is λ × lr; every member runs the epochs', async () => {
    const result = await crossValidate(createCpuBackend(), loadBuiltin('blobs3'), {
      optimizer: 'adam',
      epochs: 15,
      batchSize: 64,
      folds: 3,
      l2: [0, 0.05],
      lr: [0.02, 0.2],
    });
    expect(result.grid.map(({ l2, lr, epochs }) => [l2, lr, epochs])).toEqual([
      [0, 0.02, 15],
      [0, 0.2, 15],
      [0.05, 0.02, 15],
      [0.05, 0.2, 15],
    ]);
  });

  it('full-batch adam: a grid point is the mean and sd over folds of the Trainer on each fold’s rows', async () => {
    const data = loadBuiltin('blobs3');
    const options = { optimizer: 'adam' as const, epochs: 15, batchSize: 'full' as const, seed: 4, l2: 0.05, lr: 0.2 };
    const result = await crossValidate(createCpuBackend(), data, { ...options, folds: 3, l2: [0.05], lr: [0.2] });
    const scaled = applyStandardization(data, fitStandardization(data));
    const foldOf = stratifiedFolds(data.y, 3, 3, 4);
    const losses: number[] = [];
    for (let f = 0; f < 3; f++) {
      const rows = (held: boolean) =>
        takeRows(
          scaled,
          Uint32Array.from({ length: data.rows }, (_, r) => r).filter((r) => (foldOf[r] === f) === held),
        );
      const trainer = new Trainer(createCpuBackend(), rows(false), { ...options, standardize: false });
      await trainer.run();
      const held = await createCpuBackend().bind(rows(true), { shape: trainer.shape, loss: 'cross-entropy', l2: 0.05 });
      held.setParams(trainer.params());
      losses.push((await held.evaluate()).loss);
    }
    const mean = losses.reduce((a, b) => a + b, 0) / 3;
    expect(result.grid[0]?.valLoss).toBeCloseTo(mean, 10);
    expect(result.grid[0]?.valLossSd).toBeCloseTo(Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / 3), 10);
  });

  it('balanced class weights: the same grid as the rows weighted N / (K · count of their class) by hand', async () => {
    const blobs = loadBuiltin('blobs3');
    // A third of class 0's rows only: an imbalanced table.
    let seen = 0;
    const keep = Uint32Array.from({ length: blobs.rows }, (_, r) => r).filter((r) => blobs.y[r] !== 0 || seen++ % 3 === 0);
    const data = takeRows(blobs, keep);
    const counts = [0, 1, 2].map((k) => data.y.filter((y) => y === k).length);
    expect(counts).toEqual([50, 150, 150]);
    const byHand = { ...data, weights: Float64Array.from(data.y, (k) => data.rows / (3 * (counts[k] as number))) };
    const options = { optimizer: 'lbfgs' as const, folds: 3, l2: [0.1, 0.001], epochs: 30 };
    const balanced = await crossValidate(createCpuBackend(), data, { ...options, classWeight: 'balanced' });
    const weighted = await crossValidate(createCpuBackend(), byHand, options);
    const plain = await crossValidate(createCpuBackend(), data, options);
    expect(balanced.grid).toEqual(weighted.grid);
    expect(balanced.grid[0]?.valLoss).not.toBeCloseTo(plain.grid[0]?.valLoss as number, 3);
  });

  it('refits at the best point; the model records the grid and passes the model checks', async () => {
    const result = await crossValidate(createCpuBackend(), loadBuiltin('iris'), { optimizer: 'lbfgs', folds: 3, l2: [1, 0.01, 1e-4] });
    const best = result.grid.reduce((a, b) => ((b.valLoss as number) < (a.valLoss as number) ? b : a));
    expect(result.best).toEqual({ l2: best.l2, lr: best.lr });
    const model = parseModel(JSON.parse(JSON.stringify(result.model)));
    expect(model.training.l2).toBe(result.best.l2);
    expect(model.training.cv).toEqual({ folds: 3, grid: result.grid });
    const broken = { ...model, training: { ...model.training, cv: { folds: 3, grid: [{ ...result.grid[0], valLoss: 'low' }] } } };
    expect(() => parseModel(broken)).toThrow('"training.cv.grid[0].valLoss" must be a finite number or null');
  });

  it('a learning rate that diverges gives null numbers and is not chosen', async () => {
    // Features ~1e150: lr 1e-300 steps as lr ~1 would on the plain rows; lr 1e200 overflows to Inf.
    const data = loadBuiltin('blobs2');
    const scaled = { ...data, x: data.x.map((v) => v * 1e150) };
    const options = { optimizer: 'sgd' as const, standardize: false, epochs: 10, folds: 3, lr: [1e-300, 1e200], l2: [0] };
    const result = await crossValidate(createCpuBackend(), scaled, options);
    const [good, bad] = result.grid;
    expect(bad).toMatchObject({ lr: 1e200, valLoss: null, valLossSd: null, valAccuracy: null });
    expect(bad?.epochs).toBeLessThan(10);
    expect(good?.valLoss).toBeLessThan(Math.LN2);
    expect(result.best.lr).toBe(1e-300);
  });

  it.each([
    [{ l2: [0.1], l2Grid: 3 }, /not both/],
    [{ optimizer: 'lbfgs' as const, lr: [0.1, 0.2] }, /sgd, momentum or adam/],
    [{ l2: [] }, /at least one value/],
    [{ l2: [-1] }, /non-negative/],
    [{ valSplit: 0.2 }, /val-split/],
    [{ folds: 1 }, /at least 2/],
  ])('rejects %o', async (options, error) => {
    await expect(crossValidate(createCpuBackend(), loadBuiltin('blobs2'), options)).rejects.toThrow(error);
  });
});
