import { describe, expect, it } from 'vitest';
import { logisticCrossEntropy, sigmoid, softmaxCrossEntropy, softmaxInto } from '../../src/core/losses.js';
import type { LossKind, ModelKind } from '../../src/core/types.js';
import { paramCount } from '../../src/core/types.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { logTrueClass } from '../../src/report/likelihood.js';
import { randomDataset, randomParams, shapeOf } from './helpers.js';

const cases: { kind: ModelKind; classes: number }[] = [
  { kind: 'logistic', classes: 2 },
  { kind: 'softmax', classes: 2 },
  { kind: 'softmax', classes: 5 },
];

describe('CPU backend (float64 reference)', () => {
  it.each(cases)('$kind K=$classes: loss at w = 0 is ln 2 / ln K', async ({ kind, classes }) => {
    const data = randomDataset(1, 50, 3, classes);
    const problem = await createCpuBackend().bind(data, { shape: shapeOf(data, kind), loss: 'cross-entropy', l2: 0.5 });
    const e = await problem.evaluate();
    expect(e.loss).toBeCloseTo(kind === 'logistic' ? Math.LN2 : Math.log(classes), 14);
    expect(e.objective).toBeCloseTo(e.loss, 14);
  });

  it.each(cases)('$kind K=$classes: −ln L (a product in log space) equals Σ CE', async ({ kind, classes }) => {
    const data = randomDataset(2, 40, 4, classes);
    const shape = shapeOf(data, kind);
    const problem = await createCpuBackend().bind(data, { shape, loss: 'cross-entropy', l2: 0 });
    const params = randomParams(3, paramCount(shape), 2);
    problem.setParams(params);
    const samples = await problem.samples();
    // ln L = ln Π p(y_n | x_n) = Σ ln p(y_n | x_n): the likelihood, accumulated in log space.
    const logLikelihood = logTrueClass(data, samples).reduce((a, b) => a + b, 0);
    const sumCe = samples.crossEntropy.reduce((a, b) => a + b, 0);
    expect(-logLikelihood).toBeCloseTo(sumCe, 9);
    expect((await problem.evaluate()).loss * data.rows).toBeCloseTo(sumCe, 9);
  });

  it('per-sample CE and probabilities match the formulas directly', async () => {
    const data = randomDataset(4, 10, 3, 3);
    const shape = shapeOf(data, 'softmax');
    const problem = await createCpuBackend().bind(data, { shape, loss: 'cross-entropy', l2: 0 });
    const params = randomParams(5, paramCount(shape));
    problem.setParams(params);
    const { probabilities, crossEntropy } = await problem.samples();
    for (let n = 0; n < data.rows; n++) {
      const z = [0, 1, 2].map((k) => {
        let s = params[9 + k] as number;
        for (let j = 0; j < 3; j++) s += (params[k * 3 + j] as number) * (data.x[n * 3 + j] as number);
        return s;
      });
      expect(crossEntropy[n]).toBeCloseTo(softmaxCrossEntropy(z, data.y[n] as number), 12);
      const p = softmaxInto(z, new Float64Array(3));
      for (let k = 0; k < 3; k++) expect(probabilities[n * 3 + k]).toBeCloseTo(p[k] as number, 12);
    }
    const logistic = await createCpuBackend().bind(randomDataset(6, 5, 1, 2), {
      shape: { kind: 'logistic', features: 1, classes: 2 },
      loss: 'cross-entropy',
      l2: 0,
    });
    logistic.setParams(Float64Array.of(100, -3));
    const out = await logistic.samples();
    const d = randomDataset(6, 5, 1, 2);
    for (let n = 0; n < 5; n++) {
      const z = 100 * (d.x[n] as number) - 3;
      expect(out.probabilities[n]).toBeCloseTo(sigmoid(z), 12);
      expect(out.crossEntropy[n]).toBeCloseTo(logisticCrossEntropy(z, d.y[n] as number), 9);
    }
  });

  const gradientCases: { kind: ModelKind; classes: number; loss: LossKind }[] = [
    { kind: 'logistic', classes: 2, loss: 'cross-entropy' },
    { kind: 'logistic', classes: 2, loss: 'mse' },
    { kind: 'softmax', classes: 4, loss: 'cross-entropy' },
    { kind: 'softmax', classes: 4, loss: 'mse' },
  ];
  it.each(gradientCases)('$kind $loss: analytic gradient matches central finite differences', async ({ kind, classes, loss }) => {
    const data = randomDataset(7, 30, 3, classes);
    const shape = shapeOf(data, kind);
    const problem = await createCpuBackend().bind(data, { shape, loss, l2: 0.3 });
    const params = randomParams(8, paramCount(shape));
    problem.setParams(params);
    const { gradient } = await problem.objectiveAndGradient();
    const h = 1e-6;
    for (let i = 0; i < params.length; i++) {
      const at = async (delta: number) => {
        const p = Float64Array.from(params);
        p[i] = (p[i] as number) + delta;
        problem.setParams(p);
        return (await problem.evaluate()).objective;
      };
      const numeric = ((await at(h)) - (await at(-h))) / (2 * h);
      expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('an epoch of single-row sgd steps equals the steps done by hand', async () => {
    const data = randomDataset(9, 3, 2, 2);
    const shape = shapeOf(data, 'logistic');
    const problem = await createCpuBackend().bind(data, { shape, loss: 'cross-entropy', l2: 0.1 });
    const order = Uint32Array.of(2, 0, 1);
    await problem.epoch(order, 1, { optimizer: 'sgd', lr: 0.5, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const w = [0, 0, 0];
    for (const r of order) {
      const x = [data.x[2 * r] as number, data.x[2 * r + 1] as number];
      const p = sigmoid((w[0] as number) * (x[0] as number) + (w[1] as number) * (x[1] as number) + (w[2] as number));
      const d = p - (data.y[r] as number);
      const g = [d * (x[0] as number) + 0.1 * (w[0] as number), d * (x[1] as number) + 0.1 * (w[1] as number), d];
      for (let i = 0; i < 3; i++) w[i] = (w[i] as number) - 0.5 * (g[i] as number);
    }
    const got = await problem.getParams();
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(w[i] as number, 14);
  });
});
