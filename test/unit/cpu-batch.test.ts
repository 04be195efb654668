/**
 * The CPU batch against independent single models: each member's numbers equal those of a CpuProblem bound to a
 * copy of just its training (or held-out) rows, so the fold masking by weights is checked against plain row selection.
 */
import { describe, expect, it } from 'vitest';
import type { BatchMember, BatchRows } from '../../src/core/batch.js';
import { Random } from '../../src/core/random.js';
import { orderArray } from '../../src/core/shuffle.js';
import { DEFAULT_STEP, type LabeledMatrix, type ModelKind, paramCount, type StepConfig } from '../../src/core/types.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { randomDataset, randomParams, shapeOf } from './helpers.js';

const FOLDS = 3;

/** Random rows with a random fold per row and (optionally) random weights, some of them 0. */
function batchRows(seed: number, rows: number, cols: number, classes: number, weighted: boolean): BatchRows {
  const data = randomDataset(seed, rows, cols, classes);
  const rng = new Random(seed + 100);
  const folds = Uint32Array.from({ length: rows }, () => rng.int(FOLDS));
  const weights = weighted ? Float64Array.from({ length: rows }, () => (rng.next() < 0.1 ? 0 : 2 * rng.next())) : undefined;
  return { ...data, folds, ...(weights && { weights }) };
}

/** A copy of the rows `keep` selects, with their weights. */
function subset(data: BatchRows, keep: (r: number) => boolean): LabeledMatrix & { index: Uint32Array } {
  const index = Uint32Array.from({ length: data.rows }, (_, r) => r).filter(keep);
  const x = new Float64Array(index.length * data.cols);
  for (const [i, r] of index.entries()) x.set(data.x.subarray(r * data.cols, (r + 1) * data.cols), i * data.cols);
  const y = Uint32Array.from(index, (r) => data.y[r] as number);
  const weights = data.weights && Float64Array.from(index, (r) => data.weights?.[r] as number);
  return { x, y, rows: index.length, cols: data.cols, ...(weights && { weights }), index };
}

function expectClose(got: Float64Array | undefined, expected: Float64Array): void {
  expect(got).toHaveLength(expected.length);
  for (const [i, v] of expected.entries()) expect(got?.[i]).toBeCloseTo(v, 12);
}

const members: BatchMember[] = [
  { l2: 0.1, fold: 0 },
  { l2: 0.3, fold: 2 },
  { l2: 0, fold: -1 },
  { l2: 0.02, fold: 1 },
];

const cases: { kind: ModelKind; classes: number; weighted: boolean }[] = [
  { kind: 'logistic', classes: 2, weighted: false },
  { kind: 'softmax', classes: 4, weighted: true },
];

describe.each(cases)('CPU batch, $kind K=$classes, weighted $weighted', ({ kind, classes, weighted }) => {
  const data = batchRows(classes, 157, 5, classes, weighted);
  const shape = shapeOf(randomDataset(0, 1, 5, classes), kind);
  const spec = { shape, loss: 'cross-entropy' as const, members };

  it('evaluate: each member equals single models on copies of its training and held-out rows', async () => {
    const backend = createCpuBackend();
    const batch = await backend.bindBatch(data, spec);
    const params = members.map((_, m) => randomParams(10 + m, paramCount(shape)));
    for (const [m, p] of params.entries()) batch.setParams(m, p);
    const results = await batch.evaluate(members.map((_, m) => m));
    for (const [m, { l2, fold }] of members.entries()) {
      const train = await backend.bind(
        subset(data, (r) => data.folds[r] !== fold),
        { shape, loss: 'cross-entropy', l2 },
      );
      train.setParams(params[m] as Float64Array);
      const expected = await train.objectiveAndGradient();
      const got = results[m];
      expect(got?.train.loss).toBeCloseTo(expected.loss, 12);
      expect(got?.train.objective).toBeCloseTo(expected.objective, 12);
      expect(got?.train.accuracy).toBeCloseTo(expected.accuracy, 12);
      expectClose(got?.gradient, expected.gradient);
      if (fold < 0) {
        expect(got?.validation).toBeNull();
        continue;
      }
      const held = await backend.bind(
        subset(data, (r) => data.folds[r] === fold),
        { shape, loss: 'cross-entropy', l2 },
      );
      held.setParams(params[m] as Float64Array);
      const v = await held.evaluate();
      expect(got?.validation?.loss).toBeCloseTo(v.loss, 12);
      expect(got?.validation?.objective).toBeCloseTo(v.objective, 12);
      expect(got?.validation?.accuracy).toBeCloseTo(v.accuracy, 12);
    }
  });

  it('evaluate of some members: those only, in the order asked', async () => {
    const batch = await createCpuBackend().bindBatch(data, spec);
    for (let m = 0; m < members.length; m++) batch.setParams(m, randomParams(20 + m, paramCount(shape)));
    const all = await batch.evaluate([0, 1, 2, 3]);
    const some = await batch.evaluate([3, 1]);
    expect(some).toEqual([all[3], all[1]]);
  });

  it('epoch: per-member optimizer and learning rate, each as a single model stepping on its training rows of each batch', async () => {
    const batch = await createCpuBackend().bindBatch(data, spec);
    const steps: StepConfig[] = [
      { ...DEFAULT_STEP, optimizer: 'sgd', lr: 0.5 },
      { ...DEFAULT_STEP, optimizer: 'adam', lr: 0.05 },
      { ...DEFAULT_STEP, optimizer: 'momentum', lr: 0.1 },
      { ...DEFAULT_STEP, optimizer: 'adam', lr: 0.01 },
    ];
    const batchSize = 16;
    const orders = [{ key: 7 }, { key: 8 }];
    let outcomes = await batch.epoch(orders[0] as { key: number }, batchSize, steps);
    outcomes = await batch.epoch(orders[1] as { key: number }, batchSize, steps);
    for (const [m, { l2, fold }] of members.entries()) {
      const rows = subset(data, (r) => data.folds[r] !== fold);
      const position = new Map(Array.from(rows.index, (r, i) => [r, i]));
      const single = await createCpuBackend().bind(rows, { shape, loss: 'cross-entropy', l2 });
      // The batch's steps, one at a time: each batch of the shared order, narrowed to this member's rows.
      for (const order of orders) {
        const all = orderArray(order, data.rows);
        for (let start = 0; start < all.length; start += batchSize) {
          const mine = Uint32Array.from(
            all.subarray(start, start + batchSize).filter((r) => position.has(r)),
            (r) => position.get(r) as number,
          );
          if (mine.length > 0) await single.epoch(mine, mine.length, steps[m] as StepConfig);
        }
      }
      const expected = await single.getParams();
      const got = outcomes[m]?.params as Float64Array;
      expect(outcomes[m]?.finite).toBe(true);
      expectClose(got, expected);
      expect((await batch.getParams())[m]).toEqual(got);
    }
  });

  it('samples: every row under the member’s parameters', async () => {
    const backend = createCpuBackend();
    const batch = await backend.bindBatch(data, spec);
    const params = randomParams(30, paramCount(shape));
    batch.setParams(1, params);
    const single = await backend.bind(data, { shape, loss: 'cross-entropy', l2: 0 });
    single.setParams(params);
    expect(await batch.samples(1)).toEqual(await single.samples());
  });
});
