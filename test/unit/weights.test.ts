/**
 * Row weights s_n: J = Σ s_n CE_n / Σ s_n + (λ/2)‖w‖². Checked against two independent references: the same rows
 * repeated s_n times (integer weights), and scikit-learn's LogisticRegression with class_weight / sample_weight
 * (bench/sklearn-weights.py wrote test/fixtures/sklearn-weights.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import type { LabeledMatrix, ModelKind, ObjectiveSpec } from '../../src/core/types.js';
import { paramCount } from '../../src/core/types.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { CpuProblem } from '../../src/cpu/problem.js';
import { parseCsv } from '../../src/data/csv.js';
import { predict } from '../../src/model/predict.js';
import { parseModel } from '../../src/model/validate.js';
import { balancedClassWeights } from '../../src/train/row-weights.js';
import { validationSplit } from '../../src/train/split.js';
import { Trainer } from '../../src/train/trainer.js';
import { randomDataset, randomParams } from './helpers.js';

/** Every row r repeated weights[r] times, in order; and where each weighted row's copies start. */
function repeated(data: LabeledMatrix, weights: Uint32Array): { rows: LabeledMatrix; first: Uint32Array } {
  const total = weights.reduce((a, b) => a + b, 0);
  const x = new Float64Array(total * data.cols);
  const y = new Uint32Array(total);
  const first = new Uint32Array(data.rows);
  let n = 0;
  for (let r = 0; r < data.rows; r++) {
    first[r] = n;
    for (let c = 0; c < (weights[r] as number); c++, n++) {
      x.set(data.x.subarray(r * data.cols, (r + 1) * data.cols), n * data.cols);
      y[n] = data.y[r] as number;
    }
  }
  return { rows: { x, y, rows: total, cols: data.cols }, first };
}

const seed = Math.floor(Math.random() * 2 ** 31);

describe.each([
  ['logistic', 2],
  ['softmax', 5],
] as const)(`weighted CpuProblem = repeated rows (%s, K = %i, seed ${seed})`, (kind: ModelKind, classes) => {
  const rows = 37;
  const cols = 6;
  const data = randomDataset(seed, rows, cols, classes);
  const spec: ObjectiveSpec = { shape: { kind, features: cols, classes }, loss: 'cross-entropy', l2: 0.03 };
  const params = randomParams(seed + 1, paramCount(spec.shape), 0.5);

  it('full batch: loss, objective, accuracy and gradient', async () => {
    const rng = new Random(seed + 2);
    const counts = Uint32Array.from({ length: rows }, () => rng.int(4)); // 0..3 copies, zero weights included
    counts[0] = 1;
    const weighted = new CpuProblem({ ...data, weights: Float64Array.from(counts) }, spec);
    const copies = new CpuProblem(repeated(data, counts).rows, spec);
    weighted.setParams(params);
    copies.setParams(params);
    const a = await weighted.objectiveAndGradient();
    const b = await copies.objectiveAndGradient();
    for (const key of ['loss', 'objective', 'accuracy'] as const) expect(a[key]).toBeCloseTo(b[key], 12);
    a.gradient.forEach((g, i) => {
      expect(g).toBeCloseTo(b.gradient[i] as number, 12);
    });
  });

  it('a mini-batch epoch of adam steps: each batch of 3 weighted rows is one batch of 5 copies', async () => {
    // Batches of 3 rows (the last one of 1) whose weights sum to 5: the copies then fall in batches of 5.
    const rng = new Random(seed + 3);
    const order = new Random(seed + 4).permutation(rows);
    const counts = new Uint32Array(rows);
    for (let start = 0; start < rows; start += 3) {
      let left = 5;
      const end = Math.min(start + 3, rows);
      for (let i = start; i < end; i++) {
        const c = i === end - 1 ? left : rng.int(left + 1);
        counts[order[i] as number] = c;
        left -= c;
      }
    }
    const { rows: copyRows, first } = repeated(data, counts);
    const copyOrder = Uint32Array.from(
      Array.from(order).flatMap((r) => Array.from({ length: counts[r] as number }, (_, c) => (first[r] as number) + c)),
    );
    const step = { optimizer: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;
    const weighted = new CpuProblem({ ...data, weights: Float64Array.from(counts) }, spec);
    const copies = new CpuProblem(copyRows, spec);
    weighted.setParams(params);
    copies.setParams(params);
    const a = await weighted.epoch(order, 3, step);
    const b = await copies.epoch(copyOrder, 5, step);
    for (const key of ['loss', 'objective', 'accuracy'] as const) expect(a.train[key]).toBeCloseTo(b.train[key], 12);
    expect(a.gradNorm).toBeCloseTo(b.gradNorm, 12);
    a.params.forEach((p, i) => {
      expect(p).toBeCloseTo(b.params[i] as number, 12);
    });
  });
});

describe('balanced class weights', () => {
  it('are N / (K · count_k) over the classes present', () => {
    const w = balancedClassWeights(Uint32Array.from([0, 0, 0, 2, 2, 0]), 3);
    expect(Array.from(w)).toEqual([6 / (2 * 4), 0, 6 / (2 * 2)]);
  });
});

describe('the Trainer with row weights', () => {
  const data = randomDataset(seed, 61, 4, 3);
  const rng = new Random(seed + 5);
  const weighted = { ...data, weights: Float64Array.from({ length: data.rows }, () => rng.int(5) * 0.5) };

  it.each(['none', 'balanced'] as const)(
    'class weight %s: validation loss and accuracy are means weighted by the sample weight only',
    async (classWeight) => {
      const trainer = new Trainer(createCpuBackend(), weighted, { valSplit: 0.3, epochs: 2, classWeight, seed: 3 });
      const last = (await trainer.run()).at(-1);
      const model = trainer.model();
      trainer.dispose();
      // The held-out rows as the split gives them, predicted from the model file (raw units, its own scaling).
      const held = validationSplit(weighted, 0.3, 3).validation as typeof weighted;
      const p = predict(model, held).probabilities;
      let sum = 0;
      let loss = 0;
      let correct = 0;
      p.forEach((row, r) => {
        const s = held.weights[r] as number;
        const y = held.y[r] as number;
        sum += s;
        loss -= s * Math.log(row[y] as number);
        if (row.indexOf(Math.max(...row)) === y) correct += s;
      });
      expect(last?.valLoss).toBeCloseTo(loss / sum, 12);
      expect(last?.valAccuracy).toBeCloseTo(correct / sum, 12);
    },
  );

  it('refuses a sample-weight column the table was not read with, and rows that all weigh 0', () => {
    expect(() => new Trainer(createCpuBackend(), data, { sampleWeight: 'w' })).toThrow(
      `random-${seed} was not read with sample-weight column "w"`,
    );
    const zero = { ...data, weights: new Float64Array(data.rows) };
    expect(() => new Trainer(createCpuBackend(), zero, {})).toThrow(`every training row of random-${seed} has sample weight 0`);
  });

  it('the model file records the class weight; a bad one is refused when read', async () => {
    const trainer = new Trainer(createCpuBackend(), data, { classWeight: 'balanced', epochs: 1 });
    await trainer.run();
    const model = trainer.model();
    trainer.dispose();
    expect(model.training).toMatchObject({ classWeight: 'balanced', sampleWeight: null });
    expect(parseModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    const bad = { ...model, training: { ...model.training, classWeight: 'heavy' } };
    expect(() => parseModel(bad, 'm.json')).toThrow('m.json: "training.classWeight" must be "balanced" or "none"');
  });
});

interface SklearnCase {
  file: string;
  label: string;
  classWeight: 'balanced' | 'none';
  sampleWeight: string | null;
  l2: number;
  rows: number;
  sumWeights: number;
  features: string[];
  classes: string[];
  loss: number;
  objective: number;
  coef: number[][];
  intercept: number[];
}

const reference = JSON.parse(readFileSync(new URL('../fixtures/sklearn-weights.json', import.meta.url), 'utf8')) as {
  cases: SklearnCase[];
};

/** Softmax intercepts are defined up to a common shift (the bias is unpenalised): compare them centred. */
const centred = (b: number[]) => b.map((v) => v - b.reduce((s, x) => s + x, 0) / b.length);

describe.each(reference.cases)('against scikit-learn: $file, class weight $classWeight, sample weight $sampleWeight', (ref) => {
  it('xent (cpu, L-BFGS) reaches scikit-learn’s J and weights', async () => {
    const text = readFileSync(new URL(`../fixtures/real/${ref.file}`, import.meta.url), 'utf8');
    const data = parseCsv(text, { file: ref.file, label: ref.label, ...(ref.sampleWeight && { sampleWeight: ref.sampleWeight }) });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', l2: ref.l2, epochs: 2000, classWeight: ref.classWeight });
    await trainer.run();
    const final = await trainer.evaluate();
    const model = trainer.model();
    trainer.dispose();
    expect(model.features).toEqual(ref.features);
    expect(model.classes).toEqual(ref.classes);
    expect(trainer.trainingRows.weights?.reduce((a, b) => a + b, 0)).toBeCloseTo(ref.sumWeights, 9);
    // Measured: J agrees to 4e-16, the loss to 1e-10, every weight to 1e-8.
    expect(Math.abs(final.objective - ref.objective)).toBeLessThan(1e-12);
    expect(Math.abs(final.loss - ref.loss)).toBeLessThan(1e-9);
    const weights = model.weights as number[][];
    weights.forEach((row, k) => {
      row.forEach((w, j) => {
        expect(Math.abs(w - (ref.coef[k]?.[j] as number)), `w[${k}][${j}]`).toBeLessThan(1e-7);
      });
    });
    const bias = centred(model.bias as number[]);
    centred(ref.intercept).forEach((b, k) => {
      expect(Math.abs((bias[k] as number) - b), `b[${k}]`).toBeLessThan(1e-7);
    });
    expect(model.training).toMatchObject({ classWeight: ref.classWeight, sampleWeight: ref.sampleWeight });
  });
});
