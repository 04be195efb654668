import type { BatchRows, BatchSpec, BoundBatch } from './batch.js';
import type { EpochOrder } from './shuffle.js';
import type { BackendName, Evaluation, LabeledMatrix, ObjectiveSpec, Params, StepConfig } from './types.js';

/**
 * A compute backend: float64 CPU reference or WebGPU. The Trainer only talks to this.
 * Nothing above `gpu/` knows WebGPU exists.
 */
export interface Backend {
  readonly name: BackendName;
  /** Human-readable adapter description ("swiftshader / google"), null for the CPU. */
  readonly adapter: string | null;
  /** Uploads the rows once and binds them to an objective; parameters start at zero. */
  bind(data: LabeledMatrix, spec: ObjectiveSpec): Promise<BoundProblem>;
  /** Uploads the rows once for M models trained together (src/core/batch.ts); every member starts at zero. */
  bindBatch(rows: BatchRows, spec: BatchSpec): Promise<BoundBatch>;
  dispose(): void;
}

/** Per-sample results at the current parameters. */
export interface SampleOutputs {
  /** rows × outputs probabilities (logistic: P(class 1); softmax: each class). */
  readonly probabilities: Float64Array;
  /** rows per-sample cross-entropy, natural log. */
  readonly crossEntropy: Float64Array;
}

export interface EpochOutcome {
  /** Mean over the epoch's steps of each step's batch numbers, measured before the step (like Keras `fit`). */
  readonly train: Evaluation;
  /** Mean over the epoch's steps of ‖g‖, g the step's gradient (batch mean + l2·W). */
  readonly gradNorm: number;
  /** False if any loss or parameter became NaN/Inf; the caller restores its last good parameters. */
  readonly finite: boolean;
  /** The parameters after the epoch, read back with the numbers above (one round trip on the GPU, not two). */
  readonly params: Params;
}

/** One full pass's numbers with ∇J (batch mean + l2·W) at the same parameters. */
export interface EvaluationAndGradient extends Evaluation {
  readonly gradient: Float64Array;
}

/** A data set living on a backend, with parameters and optimizer state beside it. */
export interface BoundProblem {
  readonly spec: ObjectiveSpec;
  readonly rows: number;
  /** Replaces the parameters (and leaves optimizer state alone). */
  setParams(params: Params): void;
  getParams(): Promise<Params>;
  /** Clears momentum/adam state and the step counter. */
  resetOptimizer(): void;
  /** Full-batch numbers at the current parameters. */
  evaluate(): Promise<Evaluation>;
  /** The same full-batch numbers and the gradient of J, from the same single pass (for L-BFGS and `final`). */
  objectiveAndGradient(): Promise<EvaluationAndGradient>;
  /**
   * One epoch of first-order steps: the rows in `order` (explicit, or the keyed shuffle of all rows: the same
   * permutation on every backend) taken `batchSize` at a time (last batch may be short); each step uses the
   * batch-mean gradient + l2·W.
   */
  epoch(order: EpochOrder, batchSize: number, step: StepConfig): Promise<EpochOutcome>;
  /** Per-sample probabilities and cross-entropy at the current parameters. */
  samples(): Promise<SampleOutputs>;
  dispose(): void;
}
