/**
 * `npm run bench -- --batched [--quick]`: many models per pass. For each workload (bench/workloads.ts), 5 folds × 10
 * λ = 50 models trained together in one bound batch (src/core/batch.ts), against the same 50 models one after
 * another, each bound to its own fold's training rows (what a user without batching runs), on the same backend:
 * full-batch passes (what L-BFGS spends: one per evaluation), one batch-1024 adam epoch, and L-BFGS fits to the
 * same iteration count. Reports models × training samples per second and the batched speed-up.
 */
import type { Backend, BoundProblem } from '../src/core/backend.js';
import type { BatchMember, BatchRows, BoundBatch } from '../src/core/batch.js';
import { DEFAULT_STEP, type LabeledMatrix, type ObjectiveSpec, paramCount } from '../src/core/types.js';
import type { Dataset } from '../src/data/dataset.js';
import { batchLbfgs } from '../src/train/batch-lbfgs.js';
import { sklearnGrid } from '../src/train/cross-validate.js';
import { Lbfgs, stallTolerance } from '../src/train/lbfgs.js';
import { takeRows } from '../src/train/split.js';
import { median } from './stats.js';
import { generateDataset, MINI_BATCH, type Workload, workloadLabel, workloads } from './workloads.js';

export const FOLDS = 5;
/** λ grid: scikit-learn's default Cs = logspace(-4, 4, 10) as λ = 1/(C·N_train). */
export const GRID = 10;
const LBFGS_ITERATIONS = 10;

export interface BatchedRow {
  workload: string;
  work: string;
  models: number;
  /** Training rows per model. */
  trainRows: number;
  batchedMs: number;
  sequentialMs: number;
  /** Mean final objective over the models, batched and one after another: equal values show the same fits. */
  batchedObjective: number;
  sequentialObjective: number;
}

/** Row r is in fold r mod FOLDS: the synthetic rows are i.i.d., so this is as good as a shuffled split. */
function foldsOf(rows: number): Uint32Array {
  return Uint32Array.from({ length: rows }, (_, r) => r % FOLDS);
}

/** The rows outside one fold, as their own matrix. */
function trainingRowsOf(data: Dataset, folds: Uint32Array, fold: number): LabeledMatrix {
  return takeRows(
    data,
    Uint32Array.from({ length: data.rows }, (_, r) => r).filter((r) => folds[r] !== fold),
  );
}

async function time(work: () => Promise<number>): Promise<[number, number]> {
  const started = performance.now();
  const objective = await work();
  return [performance.now() - started, objective];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function measureWorkload(backend: Backend, w: Workload, log: (m: string) => void): Promise<BatchedRow[]> {
  const data = generateDataset(w);
  const rows: BatchRows = { ...data, folds: foldsOf(data.rows) };
  const trainRows = data.rows - Math.ceil(data.rows / FOLDS);
  // The λ of `xent cv --l2-grid 10`, each held out in every fold.
  const members: BatchMember[] = sklearnGrid(GRID, data, FOLDS).flatMap((l2) => Array.from({ length: FOLDS }, (_, fold) => ({ l2, fold })));
  const shape = { kind: w.kind, features: w.features, classes: w.classes } as const;
  const all = members.map((_, m) => m);
  const order = { key: 7 };
  const adam = members.map(() => ({ ...DEFAULT_STEP, optimizer: 'adam' as const, lr: 0.01 }));
  const label = workloadLabel(w);
  const row = (work: string, batched: [number, number], sequential: [number, number]): BatchedRow => {
    const measured: BatchedRow = {
      workload: label,
      work,
      models: members.length,
      trainRows,
      batchedMs: batched[0],
      sequentialMs: sequential[0],
      batchedObjective: batched[1],
      sequentialObjective: sequential[1],
    };
    // Each row as soon as it is measured: a long run stopped part-way still leaves its numbers.
    log(batchedMarkdown([measured]).split('\n').at(-1) as string);
    return measured;
  };

  log(`batched: ${label}: binding ${members.length} models`);
  const batch: BoundBatch = await backend.bindBatch(rows, { shape, loss: 'cross-entropy', members });
  const singles: { spec: ObjectiveSpec; data: LabeledMatrix }[] = members.map((m) => ({
    spec: { shape, loss: 'cross-entropy', l2: m.l2 },
    data: trainingRowsOf(data, rows.folds, m.fold),
  }));
  /** Each of the 50 models bound alone, the work timed (not the upload), then released before the next. */
  const oneAfterAnother = async (work: (p: BoundProblem) => Promise<number>): Promise<[number, number]> => {
    let ms = 0;
    const objectives: number[] = [];
    for (const single of singles) {
      const problem = await backend.bind(single.data, single.spec);
      try {
        const [t, objective] = await time(() => work(problem));
        ms += t;
        objectives.push(objective);
      } finally {
        problem.dispose();
      }
    }
    return [ms, mean(objectives)];
  };
  const zero = new Float64Array(paramCount(shape));
  const reset = () => {
    for (const m of all) batch.setParams(m, zero);
    batch.resetOptimizer();
  };
  try {
    await batch.evaluate(all); // warm-up: pipelines compiled, buffers touched
    log(`batched: ${label}: full-batch pass`);
    const passes = [];
    for (let i = 0; i < 3; i++) passes.push((await time(async () => mean((await batch.evaluate(all)).map((e) => e.train.objective))))[0]);
    const batchedPass: [number, number] = [median(passes), mean((await batch.evaluate(all)).map((e) => e.train.objective))];
    const sequentialPass = await oneAfterAnother(async (p) => (await p.objectiveAndGradient()).objective);
    const out = [row('full-batch pass', batchedPass, sequentialPass)];

    log(`batched: ${label}: batch-${MINI_BATCH} adam epoch`);
    reset();
    const batchedEpoch = await time(async () => mean((await batch.epoch(order, MINI_BATCH, adam)).map((o) => o.train.objective)));
    const sequentialEpoch = await oneAfterAnother(
      async (p) => (await p.epoch(order, Math.min(MINI_BATCH, p.rows), { ...DEFAULT_STEP, optimizer: 'adam', lr: 0.01 })).train.objective,
    );
    out.push(row(`batch ${MINI_BATCH} adam, 1 epoch`, batchedEpoch, sequentialEpoch));

    log(`batched: ${label}: L-BFGS, ${LBFGS_ITERATIONS} iterations`);
    reset();
    const tolerance = { iterations: LBFGS_ITERATIONS, objectiveTolerance: stallTolerance(backend.name) };
    const batchedFits = await time(async () => mean((await batchLbfgs(batch, zero, tolerance)).map((o) => o.step.objective)));
    const sequentialFits = await oneAfterAnother(async (p) => {
      const lbfgs = new Lbfgs(
        async (params) => {
          p.setParams(params);
          return p.objectiveAndGradient();
        },
        1e-10,
        tolerance.objectiveTolerance,
      );
      let step = await lbfgs.iterate(zero);
      for (let i = 1; i < LBFGS_ITERATIONS && !step.converged; i++) step = await lbfgs.iterate(step.params);
      return step.objective;
    });
    out.push(row(`L-BFGS, ${LBFGS_ITERATIONS} iterations`, batchedFits, sequentialFits));
    return out;
  } finally {
    batch.dispose();
  }
}

export async function runBatchedBench(backend: Backend, quick: boolean, log: (m: string) => void): Promise<BatchedRow[]> {
  const out: BatchedRow[] = [];
  for (const w of workloads(quick)) out.push(...(await measureWorkload(backend, w, log)));
  return out;
}

export function batchedMarkdown(rows: BatchedRow[]): string {
  const f = (x: number, d = 1) => x.toFixed(d);
  const rate = (r: BatchedRow, ms: number) => Math.round((r.models * r.trainRows) / (ms / 1000)).toLocaleString('en-US');
  return [
    '| workload | work | models | batched ms | models × samples/s | one after another ms | models × samples/s | speed-up | mean J batched / one after another |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${r.work} | ${r.models} | ${f(r.batchedMs)} | ${rate(r, r.batchedMs)} | ${f(r.sequentialMs)} | ${rate(r, r.sequentialMs)} | ` +
        `${f(r.sequentialMs / r.batchedMs, 2)}x | ${r.batchedObjective.toPrecision(6)} / ${r.sequentialObjective.toPrecision(6)} |`,
    ),
  ].join('\n');
}
