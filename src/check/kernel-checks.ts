/**
 * Every GPU kernel, through every backend operation, against the float64 CPU path on fresh random inputs at awkward
 * sizes. A plain module (no test framework) so the Node tests (test/gpu) and a browser page (test/e2e) run the same
 * checks on their own device.
 *
 * Tolerance: each number is compared as |gpu − cpu| / max(|cpu|, floor) ≤ TOLERANCE, with the floor chosen per quantity:
 * vectors that are sums over rows (gradient, parameters after an epoch) use their largest entry (a normwise error,
 * since single entries may cancel to ~0); probabilities use 1 (an absolute error: σ(−100) ≈ 4e-44 has no meaningful
 * relative error in float32); losses use 1e-3. Float32 has unit roundoff u ≈ 6e-8. A reported number goes through
 * a dot product of up to 1000 terms, exp/log (a few ulp), sums over up to ~300 rows in blocks, and a few optimizer
 * steps: the worst-case linear bound is ~1000·u ≈ 6e-5, the typical error ~√terms·u ≈ 2e-6. TOLERANCE = 1e-4 passes
 * float32 rounding with margin while any indexing or formula mistake gives errors of order 1.
 */
import type { Backend, BoundProblem } from '../core/backend.js';
import { Random } from '../core/random.js';
import type { EpochOrder } from '../core/shuffle.js';
import type { LabeledMatrix, LossKind, ModelKind, ObjectiveSpec, StepConfig } from '../core/types.js';
import { DEFAULT_STEP, paramCount } from '../core/types.js';
import { createCpuBackend } from '../cpu/backend.js';
import { createGpuBackend, type GpuBackendOptions } from '../gpu/backend.js';
import { ProblemLayout } from '../gpu/layout.js';
import { compareBatch } from './batch-checks.js';
import { LOSS_FLOOR, relativeError } from './tolerance.js';

export const TOLERANCE = 1e-4;

export interface KernelCheck {
  name: string;
  maxRelError: number;
  ok: boolean;
  /** The seed of the random inputs, to reproduce a failure. */
  seed: number;
  detail?: string;
}

export interface CheckCase {
  kind: ModelKind;
  loss: LossKind;
  rows: number;
  features: number;
  classes: number;
  l2: number;
  /** Standard deviation of the random parameters: 30/√D drives |z| to ~100. */
  paramScale: number;
  batch: number;
  /** Set: checked as a batch of this many members (src/check/batch-checks.ts) instead of one bound problem. */
  members?: number;
}

const c = (kind: ModelKind, loss: LossKind, rows: number, features: number, classes: number, more: Partial<CheckCase> = {}): CheckCase => ({
  kind,
  loss,
  rows,
  features,
  classes,
  l2: 0.01,
  paramScale: 0.3,
  batch: 16,
  ...more,
});

/** Awkward sizes: N = 1, N not a multiple of the workgroup or tile, D = 1, 61 and 1000, K = 2, 10 and 17 (> one class block). */
export const CHECK_CASES: CheckCase[] = [
  c('logistic', 'cross-entropy', 1, 3, 2, { batch: 1 }),
  c('logistic', 'cross-entropy', 67, 1, 2, { l2: 0 }),
  c('logistic', 'cross-entropy', 300, 1000, 2, { paramScale: 0.03, batch: 64 }),
  c('logistic', 'cross-entropy', 100, 9, 2, { paramScale: 30 / 3, batch: 33 }),
  // D = 61: all four 16-feature blocks of the logistic-rows kernels (logistic-rows.wgsl), the last one partly padding.
  c('logistic', 'cross-entropy', 150, 61, 2, { batch: 40 }),
  c('logistic', 'mse', 70, 7, 2),
  c('softmax', 'cross-entropy', 130, 5, 2),
  c('softmax', 'cross-entropy', 257, 20, 10, { batch: 100 }),
  c('softmax', 'cross-entropy', 90, 16, 10, { paramScale: 30 / 4, batch: 50 }),
  c('softmax', 'cross-entropy', 40, 3, 17, { batch: 7 }),
  c('softmax', 'mse', 61, 4, 3, { l2: 0 }),
  // Batches: the full-batch pass and the one-dispatch epoch, several members, each with its own fold, λ and optimizer.
  c('logistic', 'cross-entropy', 203, 13, 2, { batch: 37, members: 5 }),
  c('softmax', 'mse', 150, 6, 5, { batch: 64, members: 3 }),
];

export interface CheckVariant {
  name: string;
  backend: GpuBackendOptions;
  cases: CheckCase[];
}

/**
 * The storage binding limit of the tiled-softmax variants: the softmax-split dz buffer (4·(K+3) bytes per row) of their cases
 * exceeds it, while X (one chunk of over 64 rows) and the per-sample probabilities (4·K bytes per row) fit.
 */
const SMALL_BINDING_BYTES = 7168;

function specOf(k: CheckCase): ObjectiveSpec {
  return { shape: { kind: k.kind, features: k.features, classes: k.classes }, loss: k.loss, l2: k.l2 };
}

/** Softmax cases with steps of over 64 rows, rows of 1 and 2 vec4s, that train on the tiled kernel under SMALL_BINDING_BYTES. */
function tiledSoftmaxCases(): CheckCase[] {
  return [
    c('softmax', 'cross-entropy', 100, 1, 17, { batch: 70 }),
    c('softmax', 'cross-entropy', 150, 8, 10, { batch: 100 }),
    c('softmax', 'cross-entropy', 200, 5, 6, { batch: 100 }),
  ].filter((k) => new ProblemLayout(specOf(k), k.rows, SMALL_BINDING_BYTES, SMALL_BINDING_BYTES, 16384).plan === 'tiled');
}

const chunkedCases = CHECK_CASES.filter((k) => k.members === undefined && k.features <= 16 && k.rows >= 60 && k.paramScale < 1).slice(0, 4);

/**
 * Every kernel path, each checked on CHECK_CASES or a subset: both kernel tunings (whichever the adapter would get),
 * X in chunks of 256 bytes (these cases span several chunks and the shuffled order mixes chunks in each batch), the
 * GPU tuning's step ending with separate update and finish kernels (over 64 slots), and softmax on the tiled kernel.
 */
export const CHECK_VARIANTS: CheckVariant[] = [
  { name: 'CPU tuning', backend: { tuning: 'cpu' }, cases: CHECK_CASES },
  { name: 'GPU tuning', backend: { tuning: 'gpu' }, cases: CHECK_CASES },
  { name: 'CPU tuning, X in chunks', backend: { tuning: 'cpu', maxChunkBytes: 256 }, cases: chunkedCases },
  { name: 'GPU tuning, X in chunks', backend: { tuning: 'gpu', maxChunkBytes: 256 }, cases: chunkedCases },
  { name: 'GPU tuning, over 64 slots', backend: { tuning: 'gpu' }, cases: [c('logistic', 'cross-entropy', 9000, 3, 2, { batch: 4500 })] },
  { name: 'softmax on the tiled kernel', backend: { maxBindingBytes: SMALL_BINDING_BYTES }, cases: tiledSoftmaxCases() },
  {
    name: 'softmax on the tiled kernel, no subgroups',
    backend: { maxBindingBytes: SMALL_BINDING_BYTES, subgroups: false },
    cases: tiledSoftmaxCases(),
  },
];

export function caseName(k: CheckCase): string {
  const members = k.members === undefined ? '' : `batch of ${k.members}: `;
  return `${members}${k.kind} ${k.loss} N=${k.rows} D=${k.features}${k.kind === 'softmax' ? ` K=${k.classes}` : ''} batch=${k.batch} l2=${k.l2}${k.paramScale > 1 ? ' |z|≤100' : ''}`;
}

export function randomProblem(k: CheckCase, random: Random): { data: LabeledMatrix; spec: ObjectiveSpec; params: Float64Array } {
  const x = new Float64Array(k.rows * k.features).map(() => random.normal());
  const y = new Uint32Array(k.rows).map(() => random.int(k.classes));
  const spec = specOf(k);
  const params = new Float64Array(paramCount(spec.shape)).map(() => k.paramScale * random.normal());
  return { data: { x, y, rows: k.rows, cols: k.features }, spec, params };
}

/** Compares every operation of one case on two bound problems; returns [name, error] pairs. */
async function compareOperations(k: CheckCase, gpu: BoundProblem, cpu: BoundProblem, random: Random): Promise<[string, number][]> {
  const out: [string, number][] = [];
  const [ge, ce] = await Promise.all([gpu.evaluate(), cpu.evaluate()]);
  out.push(['evaluate loss/objective', relativeError([ge.loss, ge.objective], [ce.loss, ce.objective], LOSS_FLOOR)]);
  out.push(['evaluate accuracy', Math.abs(ge.accuracy - ce.accuracy)]);
  const [gg, cg] = await Promise.all([gpu.objectiveAndGradient(), cpu.objectiveAndGradient()]);
  out.push(['objective', relativeError([gg.objective], [cg.objective], LOSS_FLOOR)]);
  out.push(['gradient', relativeError(gg.gradient, cg.gradient, 'max')]);
  const [gs, cs] = await Promise.all([gpu.samples(), cpu.samples()]);
  out.push(['sample probabilities', relativeError(gs.probabilities, cs.probabilities, 1)]);
  out.push(['sample cross-entropy', relativeError(gs.crossEntropy, cs.crossEntropy, LOSS_FLOOR)]);
  // sgd shuffles with the keyed shuffle (computed by the GPU tuning's kernels, expanded on the host otherwise),
  // momentum and adam take an uploaded order.
  const explicit = random.permutation(k.rows);
  const keyed: EpochOrder = { key: random.int(2 ** 32) };
  const orders = { sgd: keyed, momentum: explicit, adam: explicit };
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    const order = orders[optimizer];
    // Adam's step is lr·m̂/(√v̂ + ε), whose sensitivity to the gradient is up to lr/(|g| + ε): for a small or
    // near-cancelling gradient entry, float32 rounding of the batch sum (|δg| ~ 1e-7·Σ|terms|) is amplified to a
    // visible share of a ±lr step. ε = 0.1 bounds the amplification to lr/ε = 0.5 while |g| ~ 0.1–1 keeps every
    // term of the formula (moments, bias corrections, √) exercised; the default ε is covered by the whole-run
    // comparisons in test/gpu/training.test.ts.
    const step: StepConfig = { ...DEFAULT_STEP, optimizer, lr: 0.05, ...(optimizer === 'adam' && { epsilon: 0.1 }) };
    const start = await cpu.getParams();
    gpu.setParams(start);
    gpu.resetOptimizer();
    cpu.resetOptimizer();
    const [go, co] = await Promise.all([gpu.epoch(order, k.batch, step), cpu.epoch(order, k.batch, step)]);
    out.push([
      `${optimizer} epoch loss/objective`,
      relativeError([go.train.loss, go.train.objective], [co.train.loss, co.train.objective], LOSS_FLOOR),
    ]);
    out.push([`${optimizer} epoch accuracy`, Math.abs(go.train.accuracy - co.train.accuracy)]);
    out.push([`${optimizer} epoch gradient norm`, relativeError([go.gradNorm], [co.gradNorm], 'max')]);
    out.push([`${optimizer} epoch finite`, go.finite === co.finite ? 0 : 1]);
    const [gp, cp] = await Promise.all([gpu.getParams(), cpu.getParams()]);
    out.push([`${optimizer} parameters after the epoch`, relativeError(gp, cp, 'max')]);
    out.push([`${optimizer} parameters returned by the epoch`, relativeError(go.params, cp, 'max')]);
  }
  return out;
}

/**
 * Runs every case on `device` (through a backend with `options`; its buffers are poisoned with NaN so a missed
 * write shows up) inside a validation error scope. `seed` defaults to a fresh one; each result carries it.
 */
export async function runKernelChecks(
  device: GPUDevice,
  options: { seed?: number; backend?: GpuBackendOptions; cases?: CheckCase[] } = {},
): Promise<KernelCheck[]> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = new Random(seed);
  const gpuBackend: Backend = createGpuBackend(device, undefined, { poison: true, ...options.backend });
  const cpuBackend = createCpuBackend();
  const results: KernelCheck[] = [];
  for (const k of options.cases ?? CHECK_CASES) {
    device.pushErrorScope('validation');
    let errors: [string, number][] = [];
    let detail: string | undefined;
    const bound: BoundProblem[] = [];
    try {
      if (k.members !== undefined) errors = await compareBatch(k, k.members, gpuBackend, random);
      else {
        const { data, spec, params } = randomProblem(k, random);
        const [gpu, cpu] = await Promise.all([gpuBackend.bind(data, spec), cpuBackend.bind(data, spec)]);
        bound.push(gpu, cpu);
        gpu.setParams(params);
        cpu.setParams(params);
        errors = await compareOperations(k, gpu, cpu, random);
      }
    } catch (e) {
      detail = e instanceof Error ? e.message : String(e);
    } finally {
      for (const p of bound) p.dispose();
    }
    const validation = await device.popErrorScope();
    const name = caseName(k);
    for (const [what, error] of errors) results.push({ name: `${name}: ${what}`, maxRelError: error, ok: error <= TOLERANCE, seed });
    if (detail !== undefined || validation) {
      results.push({
        name: `${name}: runs`,
        maxRelError: Number.POSITIVE_INFINITY,
        ok: false,
        seed,
        detail: detail ?? `validation error: ${validation?.message}`,
      });
    }
  }
  gpuBackend.dispose();
  return results;
}
