/**
 * The benchmark workloads and their synthetic data, shared by the browser page and the Node run so both train
 * on the same bits.
 */
import { Random } from '../src/core/random.js';
import type { ModelKind } from '../src/core/types.js';
import type { Dataset } from '../src/data/dataset.js';

export interface Workload {
  kind: ModelKind;
  rows: number;
  features: number;
  classes: number;
  /** Batch sizes timed: the full batch (= rows) and mini-batches. */
  batches: number[];
  lr: number;
  seed: number;
}

export interface EpochPlan {
  warmup: number;
  timed: number;
}

/** The two problem shapes of the issue, each with its data seed. */
const SHAPES = {
  logistic: { features: 64, classes: 2, seed: 1 },
  softmax: { features: 784, classes: 10, seed: 2 },
} as const satisfies Record<ModelKind, { features: number; classes: number; seed: number }>;

/** Mini-batch size timed beside full batch. */
export const MINI_BATCH = 1024;

/**
 * The two workloads; `large` adds the same shapes with 16x the rows (256 MiB and 784 MiB of X), for a real
 * GPU, where the standard sizes fit in its cache and an epoch is too short to hide the per-epoch read-back. `quick`
 * shrinks the rows 8x for a smoke run; the shapes of the problems stay the same.
 */
export function workloads(quick: boolean, large = false): Workload[] {
  const shrink = quick ? 8 : 1;
  const workload = (kind: ModelKind, rows: number): Workload => ({ kind, rows, ...SHAPES[kind], batches: [rows, MINI_BATCH], lr: 0.1 });
  const standard = [workload('logistic', 65536 / shrink), workload('softmax', 16384 / shrink)];
  return large ? [...standard, workload('logistic', (16 * 65536) / shrink), workload('softmax', (16 * 16384) / shrink)] : standard;
}

/** Epochs per measurement: one warm-up, then at least 5 timed (fewer in a quick run). */
export function epochPlan(quick: boolean): EpochPlan {
  return { warmup: 1, timed: quick ? 3 : 5 };
}

export function workloadLabel(w: Workload): string {
  return w.kind === 'logistic' ? `logistic N=${w.rows} D=${w.features}` : `softmax N=${w.rows} D=${w.features} K=${w.classes}`;
}

/** Bytes of X as float32, what one epoch must read at least once. */
export function featureBytes(w: Workload): number {
  return w.rows * w.features * 4;
}

/**
 * Separable-but-noisy synthetic data from the workload's seed: standard-normal features;
 * logistic labels drawn from σ(w·x) for a random w, softmax labels uniform with the rows shifted toward a per-class centre.
 */
export function generateDataset(w: Workload): Dataset {
  const random = new Random(w.seed);
  const D = w.features;
  const x = new Float64Array(w.rows * D);
  const y = new Uint32Array(w.rows);
  if (w.kind === 'logistic') {
    const truth = Array.from({ length: D }, () => random.normal() / Math.sqrt(D));
    for (let r = 0; r < w.rows; r++) {
      let z = 0;
      for (let j = 0; j < D; j++) {
        const v = random.normal();
        x[r * D + j] = v;
        z += (truth[j] as number) * v;
      }
      y[r] = random.next() < 1 / (1 + Math.exp(-3 * z)) ? 1 : 0;
    }
  } else {
    const centres = Array.from({ length: w.classes * D }, () => 0.5 * random.normal());
    for (let r = 0; r < w.rows; r++) {
      const c = random.int(w.classes);
      y[r] = c;
      for (let j = 0; j < D; j++) x[r * D + j] = (centres[c * D + j] as number) + random.normal();
    }
  }
  return {
    name: `bench:${w.kind}`,
    x,
    y,
    rows: w.rows,
    cols: D,
    features: Array.from({ length: D }, (_, j) => `x${j}`),
    label: 'y',
    classes: Array.from({ length: w.classes }, (_, k) => String(k)),
  };
}
