/**
 * Batched L-BFGS: every member ends where its own L-BFGS on a single problem (a copy of just its training rows)
 * ends, and each pass serves every member still running.
 */
import { describe, expect, it } from 'vitest';
import type { BatchMember } from '../../src/core/batch.js';
import { Random } from '../../src/core/random.js';
import { paramCount } from '../../src/core/types.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { batchLbfgs } from '../../src/train/batch-lbfgs.js';
import { Lbfgs } from '../../src/train/lbfgs.js';
import { takeRows } from '../../src/train/split.js';
import { randomDataset, shapeOf } from './helpers.js';

describe('batched L-BFGS', () => {
  it('each member converges to its single-model optimum; a pass per round serves every running member', async () => {
    const data = randomDataset(5, 120, 4, 3, 2);
    const rng = new Random(9);
    const folds = Uint32Array.from({ length: data.rows }, () => rng.int(3));
    const members: BatchMember[] = [
      { l2: 1, fold: 0 },
      { l2: 0.01, fold: 1 },
      { l2: 0.001, fold: 2 },
      { l2: 0.1, fold: -1 },
    ];
    const shape = shapeOf(data, 'softmax');
    const backend = createCpuBackend();
    const batch = await backend.bindBatch({ ...data, folds }, { shape, loss: 'cross-entropy', members });
    const served: number[] = [];
    const start = new Float64Array(paramCount(shape));
    const outcomes = await batchLbfgs(batch, start, { iterations: 500, objectiveTolerance: 0, onRound: (_, n) => served.push(n) });

    for (const [m, { l2, fold }] of members.entries()) {
      const rows = takeRows(
        data,
        Uint32Array.from({ length: data.rows }, (_, r) => r).filter((r) => folds[r] !== fold),
      );
      const single = await backend.bind(rows, { shape, loss: 'cross-entropy', l2 });
      const lbfgs = new Lbfgs(async (params) => {
        single.setParams(params);
        return single.objectiveAndGradient();
      });
      let step = await lbfgs.iterate(start);
      while (!step.converged) step = await lbfgs.iterate(start);
      const got = outcomes[m];
      expect(got?.step.converged).toBe(true);
      expect(got?.step.objective).toBeCloseTo(step.objective, 10);
      for (const [i, p] of step.params.entries()) expect(got?.step.params[i]).toBeCloseTo(p, 5);
      expect(got?.step.validation === null).toBe(fold < 0);
    }
    // One pass per round; members drop out as they converge, so the rounds are the most any member asked for.
    expect(served).toHaveLength(Math.max(...outcomes.map((o) => o.evaluations)));
    expect(served.reduce((a, b) => a + b, 0)).toBe(outcomes.reduce((a, o) => a + o.evaluations, 0));
    expect(served.every((n, i) => i === 0 || n <= (served[i - 1] as number))).toBe(true);
    expect(served[0]).toBe(members.length);
  });

  it('stops a member at the iteration limit', async () => {
    const data = randomDataset(6, 60, 3, 2);
    const shape = shapeOf(data, 'logistic');
    const members = [{ l2: 0, fold: -1 }];
    const batch = await createCpuBackend().bindBatch({ ...data, folds: new Uint32Array(60) }, { shape, loss: 'cross-entropy', members });
    const [outcome] = await batchLbfgs(batch, new Float64Array(paramCount(shape)), { iterations: 3, objectiveTolerance: 0 });
    expect(outcome?.iterations).toBe(3);
    expect(outcome?.step.converged).toBe(false);
  });

  it('a failed pass fails every member', async () => {
    const data = randomDataset(7, 30, 2, 2);
    const shape = shapeOf(data, 'logistic');
    const members = [
      { l2: 0.1, fold: 0 },
      { l2: 0.2, fold: 1 },
    ];
    const batch = await createCpuBackend().bindBatch(
      { ...data, folds: Uint32Array.from({ length: 30 }, (_, r) => r % 2) },
      { shape, loss: 'cross-entropy', members },
    );
    let passes = 0;
    const failing = {
      ...batch,
      spec: batch.spec,
      setParams: batch.setParams.bind(batch),
      evaluate: async (m: readonly number[]) => {
        if (++passes === 3) throw new Error('device lost');
        return batch.evaluate(m);
      },
    };
    await expect(batchLbfgs(failing, new Float64Array(paramCount(shape)), { iterations: 50, objectiveTolerance: 0 })).rejects.toThrow(
      'device lost',
    );
  });
});
