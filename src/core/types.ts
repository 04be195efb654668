/** The two model families: logistic (one output, σ(w·x + b)) and softmax (K outputs). */
export type ModelKind = 'logistic' | 'softmax';
/** The training loss; `mse` exists only to compare against cross-entropy. */
export type LossKind = 'cross-entropy' | 'mse';
export type FirstOrderOptimizer = 'sgd' | 'momentum' | 'adam';
export type OptimizerName = FirstOrderOptimizer | 'lbfgs';
export type BackendName = 'cpu' | 'gpu';

/** Feature values: float64, or float32 for a large table (data/storage.ts); arithmetic on them is float64 on the CPU. */
export type FeatureMatrix = Float64Array<ArrayBuffer> | Float32Array<ArrayBuffer>;

/**
 * Dense row-major features with integer class labels (0..classes-1).
 * The GPU backend computes in float32: it uploads a float32 matrix as it is and converts a float64 one.
 */
export interface LabeledMatrix {
  readonly x: FeatureMatrix;
  readonly y: Uint32Array;
  readonly rows: number;
  readonly cols: number;
  /**
   * Row weights s_n (sample weight × class weight), all ≥ 0; absent means every row weighs 1. Every mean over rows
   * (loss, objective, accuracy, gradient; per batch for a mini-batch step) is then Σ s_n (·) / Σ s_n.
   */
  readonly weights?: Float64Array;
}

/** A model's shape. A logistic model has one output (the logit of classes[1]); softmax has `classes`. */
export interface ModelShape {
  readonly kind: ModelKind;
  readonly features: number;
  readonly classes: number;
}

/** What is minimised: J = mean(loss) + (l2/2)·‖W‖², the bias unpenalised. */
export interface ObjectiveSpec {
  readonly shape: ModelShape;
  readonly loss: LossKind;
  readonly l2: number;
}

/**
 * Parameters as one flat vector: W (outputs × features, row-major), then b (outputs).
 * `outputs(shape)` gives the row count of W.
 */
export type Params = Float64Array;

/** Number of output units: 1 for logistic, K for softmax. */
export function outputs(shape: ModelShape): number {
  return shape.kind === 'logistic' ? 1 : shape.classes;
}

/** Length of the flat parameter vector. */
export function paramCount(shape: ModelShape): number {
  return outputs(shape) * (shape.features + 1);
}

/** Numbers reported for a set of rows at some parameters. */
export interface Evaluation {
  /** Mean cross-entropy (always CE, also when training with MSE, so runs compare). */
  readonly loss: number;
  /** J for the training loss: mean training loss + (l2/2)·‖W‖². */
  readonly objective: number;
  /** Fraction of rows whose arg-max class is the label. */
  readonly accuracy: number;
}

/** Settings of one first-order step (sgd, momentum, adam). */
export interface StepConfig {
  readonly optimizer: FirstOrderOptimizer;
  readonly lr: number;
  /** Momentum coefficient (momentum) or beta1 (adam). */
  readonly beta1: number;
  /** adam's second-moment decay. */
  readonly beta2: number;
  /** adam's epsilon. */
  readonly epsilon: number;
}

export const DEFAULT_STEP: Omit<StepConfig, 'optimizer' | 'lr'> = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
