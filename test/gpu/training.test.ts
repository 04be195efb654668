/** Whole training runs: GPU vs CPU epoch by epoch, and bit-for-bit determinism. */
import { describe, expect, it } from 'vitest';
import { type CheckCase, randomProblem } from '../../src/check/kernel-checks.js';
import type { Backend, EpochOutcome } from '../../src/core/backend.js';
import { Random } from '../../src/core/random.js';
import { DEFAULT_STEP, type StepConfig } from '../../src/core/types.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { createGpuBackend } from '../../src/gpu/backend.js';
import { testGpu } from './setup.js';

const EPOCHS = 6;
const CASE: CheckCase = {
  kind: 'softmax',
  loss: 'cross-entropy',
  rows: 500,
  features: 12,
  classes: 4,
  l2: 0.001,
  paramScale: 0,
  batch: 64,
};
/** Logistic with D ≤ 64 trains through the logistic-rows plans (shaders/logistic-rows.wgsl). */
const LOGISTIC: CheckCase = { ...CASE, kind: 'logistic', classes: 2 };

/** Trains EPOCHS epochs from w = 0 with a seeded order per epoch; returns each epoch's outcome and the final parameters. */
async function train(
  backend: Backend,
  seed: number,
  step: StepConfig,
  k: CheckCase = CASE,
): Promise<{ epochs: EpochOutcome[]; params: Float64Array }> {
  const { data, spec } = randomProblem(k, new Random(seed));
  const problem = await backend.bind(data, spec);
  try {
    const orders = new Random(seed + 1);
    const epochs: EpochOutcome[] = [];
    for (let e = 0; e < EPOCHS; e++) epochs.push(await problem.epoch(orders.permutation(data.rows), k.batch, step));
    return { epochs, params: await problem.getParams() };
  } finally {
    problem.dispose();
  }
}

describe('GPU training', () => {
  it.each(['sgd', 'momentum', 'adam'] as const)('follows the CPU path epoch by epoch (%s)', async (optimizer) => {
    const { device } = await testGpu();
    const seed = Math.floor(Math.random() * 2 ** 31);
    const step = { ...DEFAULT_STEP, optimizer, lr: optimizer === 'adam' ? 0.01 : 0.05 };
    const gpu = await train(createGpuBackend(device), seed, step);
    const cpu = await train(createCpuBackend(), seed, step);
    gpu.epochs.forEach((g, e) => {
      const c = cpu.epochs[e] as EpochOutcome;
      expect(g.finite, `seed ${seed} epoch ${e}`).toBe(true);
      // Float32 drift over a few hundred small steps stays far below 1e-5 of the loss.
      expect(Math.abs(g.train.loss - c.train.loss) / c.train.loss, `seed ${seed} epoch ${e} loss`).toBeLessThan(1e-5);
      expect(Math.abs(g.train.objective - c.train.objective) / c.train.objective, `seed ${seed} epoch ${e} objective`).toBeLessThan(1e-5);
      expect(Math.abs(g.train.accuracy - c.train.accuracy), `seed ${seed} epoch ${e} accuracy`).toBeLessThan(1e-3);
    });
    expect(cpu.epochs.at(-1)!.train.loss).toBeLessThan(cpu.epochs[0]!.train.loss);
  });

  it.each([
    ['softmax-split plan, CPU tuning', CASE, 'cpu'],
    ['softmax-split plan, GPU tuning', CASE, 'gpu'],
    ['logistic-rows plan', LOGISTIC, 'cpu'],
    ['logistic-rows-reduced plan', LOGISTIC, 'gpu'],
  ] as const)('gives the same bits twice (deterministic reductions, %s)', async (_, k, tuning) => {
    const { device } = await testGpu();
    const backend = createGpuBackend(device, undefined, { tuning });
    const step = { ...DEFAULT_STEP, optimizer: 'adam', lr: 0.01 } as const;
    const a = await train(backend, 7, step, k);
    const b = await train(backend, 7, step, k);
    expect(b.params).toEqual(a.params);
    expect(b.epochs).toEqual(a.epochs);
  });

  it('reports a diverging run as not finite', async () => {
    const { device } = await testGpu();
    const { data, spec } = randomProblem(LOGISTIC, new Random(3));
    const problem = await createGpuBackend(device).bind(data, spec);
    const outcome = await problem.epoch(new Random(4).permutation(data.rows), 50, { ...DEFAULT_STEP, optimizer: 'sgd', lr: 1e38 });
    problem.dispose();
    expect(outcome.finite).toBe(false);
  });
});
