import type { LossKind, ModelKind, OptimizerName } from './types.js';

/** Hyper-parameters of one training run; every field has a default (see DEFAULT_OPTIONS). */
export interface TrainOptions {
  /** Default: logistic for 2 classes, else softmax. */
  model?: ModelKind;
  loss: LossKind;
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  /** Rows per step, or 'full' for full-batch. */
  batchSize: number | 'full';
  /** λ in J = mean loss + (λ/2)‖W‖². */
  l2: number;
  seed: number;
  /** Fraction of rows held out (shuffled with the seed) for validation; 0 for none. */
  valSplit: number;
  /** z-score the features (the model file records mean and std). */
  standardize: boolean;
  /** Early stopping: epochs without validation (or training) improvement before stopping and restoring the best; 0 = off. */
  patience: number;
  /** Initial weights drawn N(0, initScale²); 0 starts at w = 0 (where loss = ln 2 / ln K). */
  initScale: number;
  /** Explicit initial parameters, flat [W (outputs×D), b] in standardised units (e.g. a confidently wrong start). */
  init?: number[];
  /** `balanced`: each training row weighs N / (K · count of its class), as scikit-learn's class_weight='balanced'. */
  classWeight: ClassWeight;
  /** A column of the table whose numbers weigh the rows (read as the table is read, not a feature). */
  sampleWeight?: string;
}

export type ClassWeight = 'balanced' | 'none';

export const DEFAULT_OPTIONS: TrainOptions = {
  loss: 'cross-entropy',
  optimizer: 'adam',
  lr: 0.05,
  epochs: 50,
  batchSize: 'full',
  l2: 0,
  seed: 1,
  valSplit: 0,
  standardize: true,
  patience: 0,
  initScale: 0,
  classWeight: 'none',
};

/** One epoch's numbers (the `history` entries of the CLI's `--json`, README "The CLI", and the `xent-epoch` event detail). */
export interface EpochResult {
  epoch: number;
  /** Mean cross-entropy on the training rows. */
  loss: number;
  /** J for the training loss, with the l2 penalty. */
  objective: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Mean ‖∇J‖ over the epoch's steps (L-BFGS: at the end of the epoch); the compare view plots it. */
  gradNorm: number;
  /** Full passes over the training rows the epoch cost (validation not counted): 1 for sgd/momentum/adam, L-BFGS its evaluations. */
  passes: number;
  /** Wall time of the epoch. */
  ms: number;
}
