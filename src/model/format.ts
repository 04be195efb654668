import type { ClassWeight } from '../core/options.js';
import type { BackendName, ModelKind, OptimizerName } from '../core/types.js';
import type { DerivedFeatures } from '../data/derived.js';
import type { InputEncoding } from '../data/encoding.js';

/** Mean and standard deviation per encoded feature; null: the weights apply to the encoded values as they are. */
export type FeatureScaling = null | { mean: number[]; std: number[] };

/** A raw input column of a version 2 model: its encoding, and the scaling of the features it becomes. */
export type ModelInput = InputEncoding & { standardize: FeatureScaling };

/** The derived features of a version 2 model, computed from its inputs' encoded values, and their scaling. */
export type ModelDerived = DerivedFeatures & { standardize: FeatureScaling };

/** One grid point of a cross-validation: its λ and learning rate, and its validation numbers over the folds. */
export interface CvGridPoint {
  l2: number;
  lr: number;
  /** Mean over the folds of the held-out rows' cross-entropy; null when a fold's run diverged. */
  valLoss: number | null;
  /** Standard deviation over the folds of that cross-entropy (population, as scikit-learn's std_test_score). */
  valLossSd: number | null;
  /** Mean over the folds of the held-out rows' accuracy. */
  valAccuracy: number | null;
  /** Epochs (L-BFGS: iterations) run, the most over the folds. */
  epochs: number;
}

/** How a model's λ (and learning rate) were chosen: the fold count and every grid point's numbers. */
export interface CvRecord {
  folds: number;
  grid: CvGridPoint[];
}

interface ModelCommon {
  format: 'xent-model';
  kind: ModelKind;
  /** Encoded feature names, in weight order. */
  features: string[];
  label: string;
  /** Class values as strings; classes[1] is the positive class of a logistic model. */
  classes: string[];
  /** logistic: D numbers; softmax: K rows of D. */
  weights: number[] | number[][];
  bias: number | number[];
  training: {
    optimizer: OptimizerName;
    lr: number;
    l2: number;
    epochs: number;
    batchSize: number | 'full';
    seed: number;
    backend: BackendName;
    /** How the training rows were weighed (absent in files written before row weights: none). */
    classWeight?: ClassWeight;
    /** The column whose numbers weighed the rows; null: none (absent in files written before row weights). */
    sampleWeight?: string | null;
    /** Present when cross-validation chose l2 and lr (`xent cv`). */
    cv?: CvRecord;
  };
}

/** Version 1: numeric features only, scaled by one `standardize` over all of them. Still loaded and predicted. */
export interface XentModelV1 extends ModelCommon {
  version: 1;
  standardize: FeatureScaling;
}

/** Version 2: the raw input columns and their encodings (`inputs`), so prediction takes raw rows. */
export interface XentModelV2 extends ModelCommon {
  version: 2;
  inputs: ModelInput[];
  /**
   * Products and sines of the numeric inputs, after the inputs' features in `features`; absent: none. Files written
   * before sines existed say `poly` (monomials as lists of factors); parseModel reads them into this form.
   */
  derived?: ModelDerived;
}

/** The model file. */
export type XentModel = XentModelV1 | XentModelV2;
