import type { Backend, BoundProblem, EvaluationAndGradient, SampleOutputs } from '../core/backend.js';
import { DEFAULT_OPTIONS, type EpochResult, type TrainOptions } from '../core/options.js';
import { Random } from '../core/random.js';
import { euclideanNorm } from '../core/sum.js';
import { DEFAULT_STEP, type ModelShape, type ObjectiveSpec, type Params, paramCount } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import { imputeFromTraining } from '../data/impute.js';
import { applyStandardization, fitStandardization, type Standardization, standardizeInPlace } from '../data/standardize.js';
import type { XentModel } from '../model/format.js';
import { modelFromParams } from '../model/from-params.js';
import { Lbfgs, stallTolerance } from './lbfgs.js';
import { weighRows } from './row-weights.js';
import { validationSplit } from './split.js';

/** Training stopped on a fault; the Trainer keeps the weights of `epoch - 1` (the last good epoch). */
export class TrainingError extends Error {
  constructor(
    readonly epoch: number,
    detail: string,
  ) {
    super(`epoch ${epoch}: ${detail}`);
    this.name = 'TrainingError';
  }
}

/** Fills in defaults: the model follows the class count, and L-BFGS gets enough iterations to converge. */
export function resolveOptions(data: Dataset, options: Partial<TrainOptions>): TrainOptions & { model: 'logistic' | 'softmax' } {
  const merged = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  const model = merged.model ?? (data.classes.length === 2 ? 'logistic' : 'softmax');
  if (model === 'logistic' && data.classes.length !== 2) {
    throw new Error(`a logistic model needs 2 classes; "${data.label}" has ${data.classes.length}`);
  }
  const epochs = options.epochs ?? (merged.optimizer === 'lbfgs' ? 200 : merged.epochs);
  for (const [name, value] of [
    ['lr', merged.lr],
    ['epochs', epochs],
    ['l2', merged.l2],
    ['val-split', merged.valSplit],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  }
  if (merged.batchSize !== 'full' && !(Number.isInteger(merged.batchSize) && merged.batchSize > 0)) {
    throw new Error(`batch size must be a positive integer or "full", got ${merged.batchSize}`);
  }
  if (merged.classWeight !== 'balanced' && merged.classWeight !== 'none') {
    throw new Error(`class weight must be "balanced" or "none", got "${merged.classWeight}"`);
  }
  // The table brings its sample weights (read from the column as the table was read): the option only names it.
  if (merged.sampleWeight !== undefined && merged.sampleWeight !== data.sampleWeight) {
    throw new Error(`${data.name} was not read with sample-weight column "${merged.sampleWeight}"`);
  }
  return { ...merged, model, epochs, sampleWeight: data.sampleWeight };
}

/** What the Trainer may do with the data set it is given. */
export interface DataHandover {
  /**
   * The caller gives `data.x` up (the CLI): it is standardised in place rather than copied, so a large table is held
   * once. Otherwise the caller's matrix is never written.
   */
  takeMatrix?: boolean;
}

/**
 * Backend-agnostic training loop: epochs of shuffled mini-batches (or L-BFGS iterations), validation, early stopping,
 * divergence and device faults. The weights of the last finished epoch always survive a failure.
 */
export class Trainer {
  readonly options: TrainOptions & { model: 'logistic' | 'softmax' };
  readonly history: EpochResult[] = [];
  readonly shape: ModelShape;
  readonly standardization: Standardization | null;
  private readonly train: Dataset;
  private readonly validation: Dataset | null;
  private readonly random: Random;
  private problem: BoundProblem | null = null;
  private valProblem: BoundProblem | null = null;
  private lbfgs: Lbfgs<EvaluationAndGradient> | null = null;
  /** Weights after the last finished epoch (or the best, once early stopping restored it). */
  private good: Params;
  private best: { score: number; params: Params; epoch: number } | null = null;
  private stopped = false;

  constructor(
    private backend: Backend,
    readonly data: Dataset,
    options: Partial<TrainOptions> = {},
    { takeMatrix = false }: DataHandover = {},
  ) {
    this.options = resolveOptions(data, options);
    this.shape = { kind: this.options.model, features: data.cols, classes: data.classes.length };
    const split = validationSplit(data, this.options.valSplit, this.options.seed);
    const { train, validation } = imputeFromTraining(split.train, split.validation);
    this.standardization = this.options.standardize ? fitStandardization(train) : null;
    // The split's parts are copies the Trainer owns; without a split the training rows are the caller's matrix.
    const standardizeTrain = validation || takeMatrix ? standardizeInPlace : applyStandardization;
    const scaled = this.standardization ? standardizeTrain(train, this.standardization) : train;
    // Training rows weigh sample × class weight; validation rows only their sample weight (as log_loss(sample_weight=…)).
    this.train = weighRows(scaled, this.options.classWeight, 'training');
    const held = validation && this.standardization ? standardizeInPlace(validation, this.standardization) : validation;
    this.validation = held && weighRows(held, 'none', 'validation');
    this.random = new Random(this.options.seed);
    this.good = this.initialParams();
  }

  /** The backend in use. */
  get backendName(): string {
    return this.backend.name;
  }

  /** Asks the loop to end after the current epoch. */
  stop(): void {
    this.stopped = true;
  }

  /** Continues on another backend (e.g. the CPU after a lost GPU) from the last good weights. */
  useBackend(backend: Backend): void {
    this.release();
    this.backend = backend;
  }

  /** Last good weights as a model file. */
  model(): XentModel {
    return modelFromParams(
      this.good,
      this.shape,
      this.train,
      this.standardization,
      this.options,
      this.history.length,
      this.backend.name as 'cpu' | 'gpu',
    );
  }

  /** The training rows as the model sees them (imputed, standardised): the rows of −ln L = Σ CE. */
  get trainingRows(): Dataset {
    return this.train;
  }

  /**
   * Per-row probabilities and cross-entropies of the training rows at the last good weights, from the problem the
   * run already bound on its backend (no second upload of X).
   */
  async samples(): Promise<SampleOutputs> {
    const problem = await this.bound();
    problem.setParams(this.good);
    return problem.samples();
  }

  /** Weights of the last good epoch, flat [W, b] in standardised units. */
  params(): Params {
    return Float64Array.from(this.good);
  }

  /** Runs the remaining epochs, yielding each epoch's numbers. Calling it again after stop() resumes. */
  async *epochs(signal?: AbortSignal): AsyncGenerator<EpochResult> {
    this.stopped = false;
    const problem = await this.bound();
    while (this.history.length < this.options.epochs && !this.stopped && !signal?.aborted) {
      const epoch = this.history.length + 1;
      const started = performance.now();
      let result: Omit<EpochResult, 'ms' | 'epoch'>;
      let converged = false;
      const before = this.good;
      try {
        if (this.options.optimizer === 'lbfgs') {
          ({ result, converged } = await this.lbfgsEpoch(problem));
        } else {
          result = await this.firstOrderEpoch(problem, epoch);
        }
        if (this.valProblem) {
          this.valProblem.setParams(this.good);
          const v = await this.valProblem.evaluate();
          result = { ...result, valLoss: v.loss, valAccuracy: v.accuracy };
        }
      } catch (e) {
        // The epoch did not finish (e.g. the device was lost during validation): its weights are not kept.
        this.good = before;
        throw this.fault(e, epoch);
      }
      const entry: EpochResult = { epoch, ...result, ms: performance.now() - started };
      this.history.push(entry);
      yield entry;
      if (converged || this.earlyStop(entry)) break;
    }
  }

  /** Runs to the end; `onEpoch` sees each epoch. */
  async run(onEpoch?: (r: EpochResult) => void, signal?: AbortSignal): Promise<EpochResult[]> {
    for await (const r of this.epochs(signal)) onEpoch?.(r);
    return this.history;
  }

  /** Full-batch numbers for the training rows at the last good weights: one pass over them. */
  async evaluate(): Promise<{ loss: number; objective: number; accuracy: number; gradNorm: number }> {
    const problem = await this.bound();
    problem.setParams(this.good);
    const { loss, objective, accuracy, gradient } = await problem.objectiveAndGradient();
    return { loss, objective, accuracy, gradNorm: euclideanNorm(gradient) };
  }

  dispose(): void {
    this.release();
  }

  private async firstOrderEpoch(problem: BoundProblem, epoch: number): Promise<Omit<EpochResult, 'ms' | 'epoch'>> {
    const { optimizer, lr, batchSize } = this.options;
    if (optimizer === 'lbfgs') throw new Error('unreachable');
    // A keyed shuffle: the GPU computes it itself (no per-epoch shuffle and upload on the host), the CPU path
    // expands the same permutation.
    const order = { key: this.random.int(2 ** 32) };
    const size = batchSize === 'full' ? this.train.rows : Math.min(batchSize, this.train.rows);
    const outcome = await problem.epoch(order, size, { ...DEFAULT_STEP, optimizer, lr });
    const params = outcome.params;
    if (!outcome.finite || !params.every(Number.isFinite)) {
      problem.setParams(this.good);
      problem.resetOptimizer();
      throw new TrainingError(
        epoch,
        `the loss diverged to NaN/Inf (learning rate ${lr} too high?); kept the weights of epoch ${epoch - 1}`,
      );
    }
    this.good = params;
    // The steps' batches together visit every row once: one pass, however many steps.
    return { ...outcome.train, gradNorm: outcome.gradNorm, passes: 1 };
  }

  private async lbfgsEpoch(problem: BoundProblem): Promise<{ result: Omit<EpochResult, 'ms' | 'epoch'>; converged: boolean }> {
    this.lbfgs ??= new Lbfgs(
      async (params) => {
        problem.setParams(params);
        return problem.objectiveAndGradient();
      },
      1e-10,
      stallTolerance(this.backend.name),
    );
    const evaluationsBefore = this.lbfgs.evaluations;
    // The step is the point the line search last accepted, evaluated there: its numbers are this epoch's.
    const step = await this.lbfgs.iterate(this.good);
    this.good = step.params;
    // A failed line search leaves the problem at its last trial point; a copy of the parameters, no pass.
    problem.setParams(step.params);
    const { loss, objective, accuracy, gradNorm } = step;
    const passes = this.lbfgs.evaluations - evaluationsBefore;
    return { result: { loss, objective, accuracy, gradNorm, passes }, converged: step.converged };
  }

  /** Early stopping on validation loss (training objective without a validation set); restores the best weights. */
  private earlyStop(entry: EpochResult): boolean {
    if (this.options.patience <= 0) return false;
    const score = entry.valLoss ?? entry.objective;
    if (!this.best || score < this.best.score) {
      this.best = { score, params: Float64Array.from(this.good), epoch: entry.epoch };
      return false;
    }
    if (entry.epoch - this.best.epoch < this.options.patience) return false;
    this.good = this.best.params;
    this.problem?.setParams(this.good);
    return true;
  }

  private async bound(): Promise<BoundProblem> {
    if (!this.problem) {
      const spec: ObjectiveSpec = { shape: this.shape, loss: this.options.loss, l2: this.options.l2 };
      this.problem = await this.backend.bind(this.train, spec);
      this.valProblem = this.validation ? await this.backend.bind(this.validation, spec) : null;
      this.problem.setParams(this.good);
      this.lbfgs = null;
    }
    return this.problem;
  }

  /** A fault mid-epoch: the bound problem may be gone (device lost), so release it; the good weights stay. */
  private fault(e: unknown, epoch: number): Error {
    if (e instanceof TrainingError) return e;
    this.release();
    const detail = e instanceof Error ? e.message : String(e);
    return new TrainingError(epoch, `${detail}; kept the weights of epoch ${epoch - 1}`);
  }

  private release(): void {
    this.problem?.dispose();
    this.valProblem?.dispose();
    this.problem = null;
    this.valProblem = null;
    this.lbfgs = null;
  }

  private initialParams(): Params {
    const params = new Float64Array(paramCount(this.shape));
    const { init, initScale } = this.options;
    if (init) {
      if (init.length !== params.length) throw new Error(`init has ${init.length} values; this model has ${params.length} parameters`);
      params.set(init);
    } else if (initScale > 0) {
      const rng = new Random(this.options.seed ^ 0x1417);
      const weights = params.length - (this.shape.kind === 'logistic' ? 1 : this.shape.classes);
      for (let i = 0; i < weights; i++) params[i] = initScale * rng.normal();
    }
    return params;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
