/**
 * k-fold cross-validation over a grid of λ (and, for sgd/momentum/adam, learning rates): every (grid point, fold)
 * pair is one member of ONE batch on the backend, trained together; the point with the lowest mean validation
 * cross-entropy is refit on all rows with the Trainer.
 *
 * Simplification against a per-fold pipeline: imputation (parseCsv's, over all rows), standardisation and balanced
 * class weights are fitted once on all rows, so a fold's held-out rows take part in the scaling its model sees.
 */
import type { Backend } from '../core/backend.js';
import type { BatchMember, BoundBatch } from '../core/batch.js';
import type { EpochResult, TrainOptions } from '../core/options.js';
import { Random } from '../core/random.js';
import { DEFAULT_STEP, type Evaluation, type FirstOrderOptimizer, type ModelShape, paramCount } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import { applyStandardization, fitStandardization } from '../data/standardize.js';
import type { CvGridPoint, XentModel } from '../model/format.js';
import { batchLbfgs } from './batch-lbfgs.js';
import { givenFolds, stratifiedFolds } from './folds.js';
import { stallTolerance } from './lbfgs.js';
import { weighRows } from './row-weights.js';
import { resolveOptions, Trainer } from './trainer.js';

export interface CrossValidateOptions extends Omit<Partial<TrainOptions>, 'l2' | 'lr'> {
  /** Folds of the stratified split (seeded with `seed`). Default 5. */
  folds?: number;
  /** The fold of each row (0..k−1) instead of the stratified split (e.g. another tool's, to compare with it). */
  foldIds?: ArrayLike<number>;
  /** The λ values to try; default: `l2Grid` values from scikit-learn's Cs. */
  l2?: readonly number[];
  /** n λ values from scikit-learn's default Cs = logspace(-4, 4, n), as λ = 1/(C·N_train). Default 10. */
  l2Grid?: number;
  /** Learning rates to try (sgd, momentum, adam only); default: the `lr` option's default. */
  lr?: readonly number[];
  /** Progress: each pass over the rows while the folds train, then each epoch of the refit. */
  onProgress?: (progress: CvProgress) => void;
}

export type CvProgress =
  | { stage: 'folds'; round: number; active: number; members: number }
  | { stage: 'refit'; epoch: EpochResult; total: number };

export interface CrossValidation {
  folds: number;
  grid: CvGridPoint[];
  best: { l2: number; lr: number };
  /** Refit on all rows at the best point; its `training.cv` records the folds and the grid. */
  model: XentModel;
}

/** One member's end: its held-out rows' numbers (null: it diverged) and the epochs it ran. */
interface MemberResult {
  validation: Evaluation | null;
  epochs: number;
}

export async function crossValidate(backend: Backend, dataset: Dataset, options: CrossValidateOptions = {}): Promise<CrossValidation> {
  const { folds: foldCount = 5, foldIds, l2, l2Grid, lr, onProgress, ...rest } = options;
  if ((rest.valSplit ?? 0) > 0 || (rest.patience ?? 0) > 0) throw new Error('cross-validation holds out folds: no val-split or patience');
  const train = resolveOptions(dataset, rest);
  if (train.epochs < 1) throw new Error('cross-validation needs at least 1 epoch');
  const { foldOf, folds } = foldIds
    ? givenFolds(foldIds, dataset.rows)
    : { foldOf: stratifiedFolds(dataset.y, dataset.classes.length, foldCount, train.seed), folds: foldCount };
  if (l2 && l2Grid !== undefined) throw new Error('give l2 (a list) or l2Grid (a count), not both');
  // Class weights over all rows (like the scaling below), times the table's sample weights.
  const weighed = weighRows(dataset, train.classWeight, 'training');
  const lambdas = l2 ?? sklearnGrid(l2Grid ?? 10, weighed, folds);
  const rates = lr ?? [train.lr];
  checkList('l2', lambdas, 0);
  checkList('lr', rates, Number.MIN_VALUE);
  if (train.optimizer === 'lbfgs' && rates.length > 1) throw new Error('a list of learning rates needs sgd, momentum or adam');
  const points = lambdas.flatMap((l2) => rates.map((lr) => ({ l2, lr })));
  const members: BatchMember[] = points.flatMap(({ l2 }) => Array.from({ length: folds }, (_, fold) => ({ l2, fold })));

  const shape: ModelShape = { kind: train.model, features: dataset.cols, classes: dataset.classes.length };
  const rows = train.standardize ? applyStandardization(weighed, fitStandardization(weighed)) : weighed;
  const batch = await backend.bindBatch({ ...rows, folds: foldOf }, { shape, loss: train.loss, members });
  const progress = (round: number, active: number) => onProgress?.({ stage: 'folds', round, active, members: members.length });
  let results: MemberResult[];
  try {
    if (train.optimizer === 'lbfgs') {
      const outcomes = await batchLbfgs(batch, new Float64Array(paramCount(shape)), {
        iterations: train.epochs,
        objectiveTolerance: stallTolerance(backend.name),
        onRound: progress,
      });
      results = outcomes.map(({ step, iterations }) => ({ validation: step.validation, epochs: iterations }));
    } else {
      const memberRates = points.flatMap(({ lr }) => Array.from({ length: folds }, () => lr));
      results = await firstOrder(batch, train, train.optimizer, memberRates, progress);
    }
  } finally {
    batch.dispose();
  }

  const grid = points.map((point, g) => summarise(point, results.slice(g * folds, (g + 1) * folds)));
  const best = bestPoint(grid);
  const trainer = new Trainer(backend, dataset, { ...rest, ...best, valSplit: 0, patience: 0 });
  try {
    await trainer.run((epoch) => onProgress?.({ stage: 'refit', epoch, total: trainer.options.epochs }));
    const model = trainer.model();
    return { folds, grid, best, model: { ...model, training: { ...model.training, cv: { folds, grid } } } };
  } finally {
    trainer.dispose();
  }
}

/**
 * scikit-learn's default Cs = logspace(-4, 4, n) as λ: its LogisticRegression minimises C·Σ s_n CE_n + ½‖W‖², which
 * is C·N_train times mean CE + (λ/2)‖W‖² with λ = 1/(C·N_train); N_train (Σ s_n with row weights) is a fold's
 * training rows, (folds − 1)/folds of all of them on average. Cs ascending: λ descending.
 */
export function sklearnGrid(n: number, data: Pick<Dataset, 'rows' | 'weights'>, folds: number): number[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`l2-grid must be a positive integer, got ${n}`);
  const total = data.weights ? data.weights.reduce((a, b) => a + b, 0) : data.rows;
  const trainingRows = (total * (folds - 1)) / folds;
  return Array.from({ length: n }, (_, i) => 1 / (10 ** (n === 1 ? -4 : -4 + (8 * i) / (n - 1)) * trainingRows));
}

function checkList(name: string, values: readonly number[], min: number): void {
  if (values.length === 0) throw new Error(`${name} needs at least one value`);
  for (const v of values)
    if (!(Number.isFinite(v) && v >= min))
      throw new Error(`${name} values must be ${min > 0 ? 'positive' : 'non-negative'} numbers, got ${v}`);
}

/** sgd/momentum/adam: every member's epochs at once, over the Trainer's sequence of shuffles; then one evaluation. */
async function firstOrder(
  batch: BoundBatch,
  options: TrainOptions,
  optimizer: FirstOrderOptimizer,
  rates: readonly number[],
  progress: (round: number, active: number) => void,
): Promise<MemberResult[]> {
  const steps = rates.map((lr) => ({ ...DEFAULT_STEP, optimizer, lr }));
  const size = options.batchSize === 'full' ? batch.rows : Math.min(options.batchSize, batch.rows);
  const random = new Random(options.seed);
  const epochs = rates.map(() => 0);
  const diverged = new Set<number>();
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const outcomes = await batch.epoch({ key: random.int(2 ** 32) }, size, steps);
    for (const [m, outcome] of outcomes.entries()) {
      if (diverged.has(m)) continue;
      if (outcome.finite && outcome.params.every(Number.isFinite)) epochs[m] = epoch;
      else diverged.add(m);
    }
    progress(epoch, rates.length - diverged.size);
  }
  const alive = rates.map((_, m) => m).filter((m) => !diverged.has(m));
  const evaluations = await batch.evaluate(alive);
  const validation = new Map(alive.map((m, i) => [m, evaluations[i]?.validation ?? null]));
  return rates.map((_, m) => ({ validation: validation.get(m) ?? null, epochs: epochs[m] as number }));
}

/** Mean and (population) standard deviation of the folds' validation cross-entropy, mean accuracy; null if any diverged. */
function summarise(point: { l2: number; lr: number }, folds: MemberResult[]): CvGridPoint {
  const epochs = Math.max(...folds.map((f) => f.epochs));
  const losses = folds.map((f) => f.validation?.loss ?? Number.NaN);
  if (!losses.every(Number.isFinite)) return { ...point, valLoss: null, valLossSd: null, valAccuracy: null, epochs };
  const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
  const sd = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / losses.length);
  const accuracy = folds.reduce((a, f) => a + (f.validation?.accuracy as number), 0) / folds.length;
  return { ...point, valLoss: mean, valLossSd: sd, valAccuracy: accuracy, epochs };
}

/** The lowest mean validation cross-entropy (the first on a tie). */
function bestPoint(grid: CvGridPoint[]): { l2: number; lr: number } {
  let best: CvGridPoint | null = null;
  for (const point of grid) if (point.valLoss !== null && (best === null || point.valLoss < (best.valLoss as number))) best = point;
  if (!best) throw new Error('every grid point diverged (learning rates too high?)');
  return { l2: best.l2, lr: best.lr };
}
