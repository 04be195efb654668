/**
 * Batched problems on the GPU (src/gpu/batch-*.ts): every member against a CpuProblem on the same rows weighted
 * s_n·[fold_n ≠ f] (training) or s_n·[fold_n = f] (validation), on fresh random rows, weights and folds.
 */
import { describe, expect, it } from 'vitest';
import { memberReference, type RandomBatch, randomBatch } from '../../src/check/batch-checks.js';
import type { CheckCase } from '../../src/check/kernel-checks.js';
import { relativeError } from '../../src/check/tolerance.js';
import type { BatchRows, BatchSpec, BoundBatch } from '../../src/core/batch.js';
import { Random } from '../../src/core/random.js';
import { DEFAULT_STEP, type StepConfig } from '../../src/core/types.js';
import { CpuProblem } from '../../src/cpu/problem.js';
import { createGpuBackend, type GpuBackendOptions } from '../../src/gpu/backend.js';
import { BatchAsProblem } from '../../src/gpu/batch-as-problem.js';
import { BatchLayout } from '../../src/gpu/batch-layout.js';
import { testGpu } from './setup.js';

const { device } = await testGpu();

const LOGISTIC: CheckCase = {
  kind: 'logistic',
  loss: 'cross-entropy',
  rows: 517,
  features: 13,
  classes: 2,
  l2: 0.01,
  paramScale: 0.3,
  batch: 64,
};
const SOFTMAX: CheckCase = { ...LOGISTIC, kind: 'softmax', classes: 5 };
/** Float32 sums over ≤ 517 rows against float64: relative error of a loss, normwise of a gradient or parameters. */
const LOSS_TOLERANCE = 2e-5;
const VECTOR_TOLERANCE = 1e-4;

const seed = () => Math.floor(Math.random() * 2 ** 31);

async function bound(b: RandomBatch, options: GpuBackendOptions = {}): Promise<{ gpu: BoundBatch; dispose(): void; live(): number }> {
  const backend = createGpuBackend(device, undefined, { poison: true, ...options });
  const gpu = await backend.bindBatch(b.rows, b.spec);
  for (const [m, p] of b.params.entries()) gpu.setParams(m, p);
  return { gpu, dispose: () => backend.dispose(), live: () => backend.liveBuffers() };
}

/** Every listed member's evaluate() numbers and gradient against its references. */
async function expectEvaluations(b: RandomBatch, gpu: BoundBatch, listed: number[]): Promise<void> {
  const got = await gpu.evaluate(listed);
  expect(got.length).toBe(listed.length);
  for (const [i, m] of listed.entries()) {
    const g = got[i];
    const train = await memberReference(b, m, 'train', b.params[m]).objectiveAndGradient();
    const where = `member ${m} (seed in the test name)`;
    expect(
      relativeError([g?.train.loss ?? Number.NaN, g?.train.objective ?? Number.NaN], [train.loss, train.objective], 0),
      where,
    ).toBeLessThan(LOSS_TOLERANCE);
    expect(Math.abs((g?.train.accuracy ?? Number.NaN) - train.accuracy), where).toBeLessThan(1e-5);
    expect(relativeError(g?.gradient ?? [], train.gradient, 'max'), where).toBeLessThan(VECTOR_TOLERANCE);
    if (b.spec.members[m]?.fold === -1) expect(g?.validation).toBeNull();
    else {
      const v = await memberReference(b, m, 'validation', b.params[m]).evaluate();
      const gv = g?.validation;
      expect(relativeError([gv?.loss ?? Number.NaN, gv?.objective ?? Number.NaN], [v.loss, v.objective], 0), where).toBeLessThan(
        LOSS_TOLERANCE,
      );
      expect(Math.abs((gv?.accuracy ?? Number.NaN) - v.accuracy), where).toBeLessThan(1e-5);
    }
  }
}

describe('a batch of members on the GPU', () => {
  const evaluateCases = [
    [LOGISTIC, 1],
    [LOGISTIC, 3],
    [LOGISTIC, 50],
    [SOFTMAX, 1],
    [SOFTMAX, 3],
    [{ ...SOFTMAX, classes: 3, loss: 'mse' }, 50],
  ] as const;
  it.each(evaluateCases.map(([k, m]) => [`${k.kind} K=${k.classes} ${k.loss}`, m, k, seed()] as const))(
    'evaluate: %s, M=%i: every member as its CpuProblem (seed %#)',
    async (_, members, k, s) => {
      const b = randomBatch(k, members, new Random(s));
      const { gpu, dispose } = await bound(b);
      try {
        await expectEvaluations(
          b,
          gpu,
          b.spec.members.map((_, m) => m),
        );
      } finally {
        dispose();
      }
    },
  );

  it('evaluate: members dropping out give the same numbers as in the full pass', async () => {
    const b = randomBatch(SOFTMAX, 7, new Random(seed()));
    const { gpu, dispose } = await bound(b, { tuning: 'gpu' });
    try {
      const all = await gpu.evaluate([0, 1, 2, 3, 4, 5, 6]);
      const some = await gpu.evaluate([5, 1]);
      expect(some).toEqual([all[5], all[1]]);
      expect(await gpu.evaluate([])).toEqual([]);
      await expectEvaluations(b, gpu, [6, 0, 3]);
    } finally {
      dispose();
    }
  });

  it('evaluate: members over several passes when their dLoss/dz do not fit one binding', async () => {
    const k = { ...SOFTMAX, classes: 3 };
    const b = randomBatch(k, 50, new Random(seed()));
    const maxBindingBytes = 40_000;
    const layout = new BatchLayout(b.spec, k.rows, maxBindingBytes, 'cpu');
    expect(layout.membersPerPass).toBeGreaterThan(1);
    expect(layout.membersPerPass).toBeLessThan(50);
    const { gpu, dispose } = await bound(b, { maxBindingBytes, tuning: 'cpu' });
    try {
      await expectEvaluations(
        b,
        gpu,
        b.spec.members.map((_, m) => 49 - m),
      );
    } finally {
      dispose();
    }
  });
});

/** EPOCHS epochs of every member on the GPU and of its training CpuProblem, compared after each. */
async function expectEpochs(b: RandomBatch, gpu: BoundBatch, batch: number, orders: Random, epochs = 3): Promise<void> {
  const cpus = b.spec.members.map((_, m) => memberReference(b, m, 'train', b.params[m]));
  for (let e = 0; e < epochs; e++) {
    const order = e % 2 === 0 ? orders.permutation(b.rows.rows) : { key: orders.int(2 ** 32) };
    const got = await gpu.epoch(order, batch, b.steps);
    for (const [m, cpu] of cpus.entries()) {
      const want = await cpu.epoch(order, batch, b.steps[m] as StepConfig);
      const g = got[m];
      const where = `epoch ${e + 1}, member ${m} (${b.steps[m]?.optimizer}, fold ${b.spec.members[m]?.fold})`;
      expect(g?.finite, where).toBe(want.finite);
      expect(
        relativeError([g?.train.loss ?? Number.NaN, g?.train.objective ?? Number.NaN], [want.train.loss, want.train.objective], 0),
        where,
      ).toBeLessThan(VECTOR_TOLERANCE);
      // After a few epochs of float32 drift (adam amplifies it) a row near the boundary may flip: one row moves a
      // step's accuracy by s_n/Σs ≈ 1/50, the mean over an epoch's ≥ 6 steps by under 0.01.
      expect(Math.abs((g?.train.accuracy ?? Number.NaN) - want.train.accuracy), where).toBeLessThan(0.01);
      expect(relativeError([g?.gradNorm ?? Number.NaN], [want.gradNorm], 0), where).toBeLessThan(VECTOR_TOLERANCE);
      expect(relativeError(g?.params ?? [], want.params, 'max'), where).toBeLessThan(VECTOR_TOLERANCE);
    }
  }
  const params = await gpu.getParams();
  for (const [m, cpu] of cpus.entries())
    expect(relativeError(params[m] ?? [], await cpu.getParams(), 'max')).toBeLessThan(VECTOR_TOLERANCE);
}

describe('an epoch of a batch in one dispatch', () => {
  const cases = [
    [LOGISTIC, 3, 'cpu'],
    [LOGISTIC, 50, 'gpu'],
    [SOFTMAX, 3, 'gpu'],
    [{ ...SOFTMAX, loss: 'mse' }, 4, 'cpu'],
  ] as const;
  it.each(cases.map(([k, m, tuning]) => [`${k.kind} ${k.loss}`, m, tuning, k, seed()] as const))(
    '%s, M=%i, %s tuning: sgd, momentum and adam members follow their CpuProblems (seed %#)',
    async (_, members, tuning, k, s) => {
      const random = new Random(s);
      const b = randomBatch(k, members, random);
      const { gpu, dispose } = await bound(b, { tuning });
      try {
        await expectEpochs(b, gpu, 64, random);
        // And on again after a reset of every member's optimizer state.
        gpu.resetOptimizer();
        const restart = { ...b, params: await gpu.getParams() };
        await expectEpochs(restart, gpu, 100, random, 1);
      } finally {
        dispose();
      }
    },
  );

  it('a member with no training rows in a batch skips that step; one with none at all is unchanged', async () => {
    const random = new Random(seed());
    const b = randomBatch(LOGISTIC, 3, random);
    // Rows 0..99 are fold 0, the rest fold 1: in order, the first batch of 100 trains only member 1 and the others
    // only members 0 and 2 (member 2 holds out fold 2, which no row has).
    const folds = new Uint32Array(LOGISTIC.rows).map((_, n) => (n < 100 ? 0 : 1));
    const spec: BatchSpec = {
      ...b.spec,
      members: [
        { l2: 0.01, fold: 0 },
        { l2: 0.02, fold: 1 },
        { l2: 0, fold: 2 },
      ],
    };
    const skewed = { ...b, rows: { ...b.rows, folds }, spec };
    const { gpu, dispose } = await bound(skewed);
    try {
      const identity = Uint32Array.from({ length: LOGISTIC.rows }, (_, n) => n);
      const got = await gpu.epoch(identity, 100, skewed.steps);
      for (const [m, g] of got.entries()) {
        const want = await memberReference(skewed, m, 'train', skewed.params[m]).epoch(identity, 100, skewed.steps[m] as StepConfig);
        expect(relativeError([g.train.loss], [want.train.loss], 0), `member ${m}`).toBeLessThan(VECTOR_TOLERANCE);
        expect(relativeError(g.params, want.params, 'max'), `member ${m}`).toBeLessThan(VECTOR_TOLERANCE);
      }
      // On from there with fresh optimizer state, in shuffled orders.
      gpu.resetOptimizer();
      await expectEpochs({ ...skewed, params: await gpu.getParams() }, gpu, 100, random, 2);
    } finally {
      dispose();
    }
    const allHeldOut: BatchRows = { ...b.rows, folds: new Uint32Array(LOGISTIC.rows) };
    const lonely = {
      ...b,
      rows: allHeldOut,
      spec: {
        ...b.spec,
        members: [
          { l2: 0.01, fold: 0 },
          { l2: 0.01, fold: -1 },
          { l2: 0, fold: 1 },
        ],
      },
    };
    const other = await bound(lonely);
    try {
      const [held, trained] = await other.gpu.epoch({ key: 7 }, 64, lonely.steps);
      expect(held?.params).toEqual(Float64Array.from(Float32Array.from(lonely.params[0] as Float64Array)));
      expect(held?.finite).toBe(true);
      expect(trained?.params).not.toEqual(held?.params);
      const [unchanged] = await other.gpu.getParams();
      expect(unchanged).toEqual(held?.params);
    } finally {
      other.dispose();
    }
  });
});

describe('weighted single-model training on the GPU', () => {
  it.each([LOGISTIC, SOFTMAX].map((k) => [k.kind, k, seed()] as const))(
    '%s: bind() with row weights follows CpuProblem (seed %#)',
    async (_, k, s) => {
      const random = new Random(s);
      const b = randomBatch(k, 1, random);
      const data = { x: b.rows.x, y: b.rows.y, rows: k.rows, cols: k.features, weights: b.rows.weights };
      const spec = { shape: b.spec.shape, loss: k.loss, l2: 0.02 };
      const backend = createGpuBackend(device, undefined, { poison: true });
      const cpu = new CpuProblem(data, spec);
      try {
        const gpu = await backend.bind(data, spec);
        expect(gpu).toBeInstanceOf(BatchAsProblem);
        const plain = await backend.bind({ ...data, weights: undefined }, spec);
        expect(plain).not.toBeInstanceOf(BatchAsProblem);
        plain.dispose();
        gpu.setParams(b.params[0] as Float64Array);
        cpu.setParams(b.params[0] as Float64Array);
        const [ge, ce] = [await gpu.objectiveAndGradient(), await cpu.objectiveAndGradient()];
        expect(relativeError([ge.loss, ge.objective, ge.accuracy], [ce.loss, ce.objective, ce.accuracy], 0)).toBeLessThan(LOSS_TOLERANCE);
        expect(relativeError(ge.gradient, ce.gradient, 'max')).toBeLessThan(VECTOR_TOLERANCE);
        expect(await gpu.evaluate()).toEqual({ loss: ge.loss, objective: ge.objective, accuracy: ge.accuracy });
        const [gs, cs] = [await gpu.samples(), await cpu.samples()];
        expect(relativeError(gs.probabilities, cs.probabilities, 1)).toBeLessThan(VECTOR_TOLERANCE);
        expect(relativeError(gs.crossEntropy, cs.crossEntropy, 1e-3)).toBeLessThan(VECTOR_TOLERANCE);
        for (const optimizer of ['sgd', 'adam'] as const) {
          const step = { ...DEFAULT_STEP, optimizer, lr: 0.05, epsilon: 0.1 };
          const order = random.permutation(k.rows);
          const [go, co] = [await gpu.epoch(order, 50, step), await cpu.epoch(order, 50, step)];
          expect(relativeError([go.train.loss, go.gradNorm], [co.train.loss, co.gradNorm], 0)).toBeLessThan(VECTOR_TOLERANCE);
          expect(relativeError(go.params, co.params, 'max')).toBeLessThan(VECTOR_TOLERANCE);
        }
        gpu.dispose();
        expect(backend.liveBuffers()).toBe(0);
      } finally {
        backend.dispose();
      }
    },
  );
});
