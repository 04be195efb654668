import type { EpochOutcome, SampleOutputs } from './backend.js';
import type { EpochOrder } from './shuffle.js';
import type { Evaluation, LabeledMatrix, LossKind, ModelShape, Params, StepConfig } from './types.js';

/**
 * Many models over the same rows (cross-validation folds × a λ grid, learning-rate sweeps): one pass reads each
 * row once and serves every member. docs/architecture.md, "Batched problems".
 */

/** One member of a batch: its own λ and the fold it holds out. */
export interface BatchMember {
  /** λ in J_m = Σ s_n CE_n / Σ s_n + (λ/2)‖W_m‖² over the member's training rows. */
  readonly l2: number;
  /** Rows whose fold id equals this are the member's validation rows (weight 0 in training); -1: none held out. */
  readonly fold: number;
}

export interface BatchSpec {
  readonly shape: ModelShape;
  readonly loss: LossKind;
  readonly members: readonly BatchMember[];
}

/** The rows of a batch: the matrix, a fold id per row, and (optionally) the row weights s_n of every member. */
export interface BatchRows extends LabeledMatrix {
  /** Fold id of each row (0..folds-1); with no member holding out a fold, any values. */
  readonly folds: Uint32Array;
}

/** One member's numbers from one pass, all at the same parameters. */
export interface MemberEvaluation {
  /** Weighted means over the member's training rows (fold ≠ member.fold); objective includes the member's penalty. */
  readonly train: Evaluation;
  /** The same over its held-out rows (fold = member.fold), penalty included in objective; null when fold = -1. */
  readonly validation: Evaluation | null;
  /** ∇J_m over the training rows: Σ s_n ∇CE_n / Σ s_n + λ_m W_m (bias unpenalised). */
  readonly gradient: Float64Array;
}

/** A batch of M models bound to one set of rows on a backend; parameters start at zero. */
export interface BoundBatch {
  readonly spec: BatchSpec;
  readonly rows: number;
  /** Replaces member m's parameters (flat [W, b], as for one model). */
  setParams(member: number, params: Params): void;
  getParams(): Promise<Params[]>;
  /** Clears every member's momentum/adam state and step counter. */
  resetOptimizer(): void;
  /**
   * One pass over the rows at the current parameters, for the listed members only (converged ones drop out of the
   * work); results in the order of `members`.
   */
  evaluate(members: readonly number[]): Promise<MemberEvaluation[]>;
  /**
   * One epoch of first-order steps for every member at once, over the same order and batches (as
   * BoundProblem.epoch); `steps[m]` is member m's optimizer and learning rate. Member m's step uses its training
   * rows of the batch (weighted mean + λ_m W_m); a batch with none of them leaves it unchanged.
   */
  epoch(order: EpochOrder, batchSize: number, steps: readonly StepConfig[]): Promise<EpochOutcome[]>;
  /** Per-row probabilities and cross-entropy of every row under member m's parameters. */
  samples(member: number): Promise<SampleOutputs>;
  dispose(): void;
}
