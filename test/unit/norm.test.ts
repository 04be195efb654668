import { describe, expect, it } from 'vitest';
import { euclideanNorm } from '../../src/core/sum.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { Trainer } from '../../src/train/trainer.js';
import { randomDataset } from './helpers.js';

/** A million entries: more than a function call can take as spread arguments (`Math.hypot(...g)` throws). */
const WIDE = 1_000_000;

describe('euclideanNorm', () => {
  it('is exact on a vector of 1e6 entries', () => {
    expect(euclideanNorm(new Float64Array(WIDE).fill(3))).toBe(3000);
  });

  it('matches Math.hypot on small vectors, zero and NaN included', () => {
    for (const v of [[], [0], [3, 4], [-1e-3, 2e-3, 5], [1, Number.NaN]]) {
      if (v.some(Number.isNaN)) expect(euclideanNorm(v)).toBeNaN();
      else expect(euclideanNorm(v)).toBeCloseTo(Math.hypot(...v), 15);
    }
  });

  it('rescales instead of overflowing to Infinity', () => {
    expect(euclideanNorm([3e200, 4e200]) / 5e200).toBeCloseTo(1, 14);
    expect(euclideanNorm([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('a model with 1e6 parameters', () => {
  // softmax, K = 4 classes × (D + 1) = 1e6 parameters, on 4 rows.
  const data = randomDataset(7, 4, WIDE / 4 - 1, 4);

  it('Trainer.evaluate reports the gradient norm', async () => {
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 1 });
    expect(trainer.params()).toHaveLength(WIDE);
    const start = await trainer.evaluate();
    expect(start.gradNorm).toBeGreaterThan(0);
    expect(Number.isFinite(start.gradNorm)).toBe(true);
    await trainer.run();
    // The L-BFGS epoch reports the norm at its end point, which is where evaluate() measures it now.
    const final = await trainer.evaluate();
    expect(final.gradNorm).toBe(trainer.history[0]?.gradNorm);
    expect(final.gradNorm).toBeLessThan(start.gradNorm);
  });

  it('a first-order epoch on the CPU reports the mean step gradient norm', async () => {
    const [epoch] = await new Trainer(createCpuBackend(), data, { optimizer: 'adam', epochs: 1, batchSize: 2 }).run();
    expect(epoch?.gradNorm).toBeGreaterThan(0);
    expect(Number.isFinite(epoch?.gradNorm)).toBe(true);
  });
});
