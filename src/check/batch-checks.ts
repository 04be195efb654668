/**
 * The batched kernels (src/gpu/batch-*.ts) against the float64 CPU path: every member of a GPU batch against a
 * CpuProblem bound on the same rows with weights s_n·[fold_n ≠ f] (training) or s_n·[fold_n = f] (validation), on
 * fresh random rows, row weights (some 0), folds, λ and step settings. Tolerances as src/check/kernel-checks.ts.
 */
import type { Backend } from '../core/backend.js';
import type { BatchRows, BatchSpec } from '../core/batch.js';
import type { Random } from '../core/random.js';
import type { EpochOrder } from '../core/shuffle.js';
import { DEFAULT_STEP, type LabeledMatrix, type ModelShape, paramCount, type StepConfig } from '../core/types.js';
import { CpuProblem } from '../cpu/problem.js';
import type { CheckCase } from './kernel-checks.js';
import { LOSS_FLOOR, relativeError } from './tolerance.js';

/** Folds of the random batches: members hold out -1 (none), 0, 1, 2, -1, … */
const FOLDS = 3;

export interface RandomBatch {
  rows: BatchRows;
  spec: BatchSpec;
  /** Each member's starting parameters. */
  params: Float64Array[];
  /** Each member's step settings: sgd, momentum, adam in turn, each with its own learning rate. */
  steps: StepConfig[];
}

/** `members` members over the rows of case k, with random row weights (about one in ten 0) and fold ids. */
export function randomBatch(k: CheckCase, members: number, random: Random): RandomBatch {
  const shape: ModelShape = { kind: k.kind, features: k.features, classes: k.classes };
  const x = new Float64Array(k.rows * k.features).map(() => random.normal());
  const y = new Uint32Array(k.rows).map(() => random.int(k.classes));
  const folds = new Uint32Array(k.rows).map(() => random.int(FOLDS));
  const weights = new Float64Array(k.rows).map(() => (random.next() < 0.1 ? 0 : 0.2 + 2 * random.next()));
  const spec: BatchSpec = {
    shape,
    loss: k.loss,
    members: Array.from({ length: members }, (_, m) => ({ l2: k.l2 * (1 + (m % 4)), fold: (m % (FOLDS + 1)) - 1 })),
  };
  const params = spec.members.map(() => new Float64Array(paramCount(shape)).map(() => k.paramScale * random.normal()));
  const optimizers = ['sgd', 'momentum', 'adam'] as const;
  // Adam with ε = 0.1: kernel-checks.ts says why.
  const steps = spec.members.map((_, m): StepConfig => {
    const optimizer = optimizers[m % 3] as StepConfig['optimizer'];
    return { ...DEFAULT_STEP, optimizer, lr: 0.05 * (1 + (m % 5) / 4), ...(optimizer === 'adam' && { epsilon: 0.1 }) };
  });
  return { rows: { x, y, folds, weights, rows: k.rows, cols: k.features }, spec, params, steps };
}

/** The rows of member m's training (fold ≠ its fold) or validation (fold = its fold) part, as row weights. */
export function memberRows(rows: BatchRows, fold: number, part: 'train' | 'validation'): LabeledMatrix {
  const weights = new Float64Array(rows.rows).map((_, n) => {
    const s = rows.weights ? (rows.weights[n] as number) : 1;
    return (rows.folds[n] === fold) === (part === 'validation') ? s : 0;
  });
  return { x: rows.x, y: rows.y, rows: rows.rows, cols: rows.cols, weights };
}

/** The float64 reference of member m's part, at `params`. */
export function memberReference(
  batch: { rows: BatchRows; spec: BatchSpec },
  m: number,
  part: 'train' | 'validation',
  params?: Float64Array,
): CpuProblem {
  const member = batch.spec.members[m] as BatchSpec['members'][number];
  const cpu = new CpuProblem(memberRows(batch.rows, member.fold, part), { shape: batch.spec.shape, loss: batch.spec.loss, l2: member.l2 });
  if (params) cpu.setParams(params);
  return cpu;
}

/** Every operation of a batch of `members` on `backend` against the references; returns [name, error] pairs. */
export async function compareBatch(k: CheckCase, members: number, backend: Backend, random: Random): Promise<[string, number][]> {
  const b = randomBatch(k, members, random);
  const gpu = await backend.bindBatch(b.rows, b.spec);
  const out: [string, number][] = [];
  try {
    for (const [m, p] of b.params.entries()) gpu.setParams(m, p);
    // Every member, then a subset in another order (members dropping out).
    const all = b.spec.members.map((_, m) => m);
    for (const listed of [all, all.filter((m) => m % 2 === 1).reverse()]) {
      const results = await gpu.evaluate(listed);
      for (const [i, m] of listed.entries()) {
        const got = results[i];
        const train = await memberReference(b, m, 'train', b.params[m]).objectiveAndGradient();
        const name = `member ${m} of ${listed.length} evaluated`;
        out.push([
          `${name}: train loss/objective`,
          relativeError([got?.train.loss ?? Number.NaN, got?.train.objective ?? Number.NaN], [train.loss, train.objective], LOSS_FLOOR),
        ]);
        out.push([`${name}: train accuracy`, Math.abs((got?.train.accuracy ?? Number.NaN) - train.accuracy)]);
        out.push([`${name}: gradient`, relativeError(got?.gradient ?? [], train.gradient, 'max')]);
        if (b.spec.members[m]?.fold === -1) out.push([`${name}: no validation`, got?.validation === null ? 0 : 1]);
        else {
          const v = await memberReference(b, m, 'validation', b.params[m]).evaluate();
          const g = got?.validation;
          out.push([
            `${name}: validation loss/objective/accuracy`,
            relativeError(
              [g?.loss ?? Number.NaN, g?.objective ?? Number.NaN, g?.accuracy ?? Number.NaN],
              [v.loss, v.objective, v.accuracy],
              LOSS_FLOOR,
            ),
          ]);
        }
      }
    }
    const last = members - 1;
    const [gs, cs] = await Promise.all([gpu.samples(last), memberReference(b, last, 'train', b.params[last]).samples()]);
    out.push(['sample probabilities', relativeError(gs.probabilities, cs.probabilities, 1)]);
    out.push(['sample cross-entropy', relativeError(gs.crossEntropy, cs.crossEntropy, LOSS_FLOOR)]);
    // Two epochs from the same start: an uploaded order, then the keyed shuffle (computed by the GPU tuning's kernel).
    const cpus = b.spec.members.map((_, m) => memberReference(b, m, 'train', b.params[m]));
    const orders: EpochOrder[] = [random.permutation(k.rows), { key: random.int(2 ** 32) }];
    for (const [e, order] of orders.entries()) {
      const got = await gpu.epoch(order, k.batch, b.steps);
      const params = await gpu.getParams();
      for (const [m, cpu] of cpus.entries()) {
        const want = await cpu.epoch(order, k.batch, b.steps[m] as StepConfig);
        const g = got[m] as (typeof got)[number];
        const name = `epoch ${e + 1}, member ${m} (${b.steps[m]?.optimizer})`;
        out.push([
          `${name}: loss/objective`,
          relativeError([g.train.loss, g.train.objective], [want.train.loss, want.train.objective], LOSS_FLOOR),
        ]);
        out.push([`${name}: accuracy`, Math.abs(g.train.accuracy - want.train.accuracy)]);
        out.push([`${name}: gradient norm`, relativeError([g.gradNorm], [want.gradNorm], 'max')]);
        out.push([`${name}: finite`, g.finite === want.finite ? 0 : 1]);
        out.push([`${name}: parameters`, relativeError(g.params, want.params, 'max')]);
        out.push([`${name}: parameters read back`, relativeError(params[m] ?? [], want.params, 'max')]);
      }
    }
  } finally {
    gpu.dispose();
  }
  return out;
}
