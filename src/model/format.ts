import type { BackendName, ModelKind, OptimizerName } from '../core/types.js';

/** The model file of DESIGN §4, exactly. */
export interface XentModel {
  format: 'xent-model';
  version: 1;
  kind: ModelKind;
  features: string[];
  label: string;
  /** Class values as strings; classes[1] is the positive class of a logistic model. */
  classes: string[];
  /** logistic: D numbers; softmax: K rows of D. */
  weights: number[] | number[][];
  bias: number | number[];
  /** null: the weights apply to raw feature values. */
  standardize: null | { mean: number[]; std: number[] };
  training: {
    optimizer: OptimizerName;
    lr: number;
    l2: number;
    epochs: number;
    batchSize: number | 'full';
    seed: number;
    backend: BackendName;
  };
}
