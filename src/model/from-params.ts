import type { TrainOptions } from '../core/options.js';
import type { BackendName, ModelShape, Params } from '../core/types.js';
import { outputs } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import type { DerivedFeatures } from '../data/derived.js';
import type { InputEncoding } from '../data/encoding.js';
import type { Standardization } from '../data/standardize.js';
import type { FeatureScaling, ModelDerived, ModelInput, XentModelV2 } from './format.js';

/** The model file (version 2) for flat parameters [W (outputs×D), b]. */
export function modelFromParams(
  params: Params,
  shape: ModelShape,
  data: Pick<Dataset, 'features' | 'label' | 'classes' | 'inputs' | 'derived'>,
  standardize: Standardization | null,
  options: Pick<TrainOptions, 'optimizer' | 'lr' | 'l2' | 'batchSize' | 'seed' | 'classWeight' | 'sampleWeight'>,
  epochs: number,
  backend: BackendName,
): XentModelV2 {
  return {
    format: 'xent-model',
    version: 2,
    kind: shape.kind,
    inputs: modelInputs(data, standardize),
    ...(data.derived && { derived: modelDerived(data.derived, data.features.length, standardize) }),
    features: [...data.features],
    label: data.label,
    classes: [...data.classes],
    ...weightsFromParams(params, shape),
    training: {
      optimizer: options.optimizer,
      lr: options.lr,
      l2: options.l2,
      epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      backend,
      classWeight: options.classWeight,
      sampleWeight: options.sampleWeight ?? null,
    },
  };
}

/** The model file's `weights` and `bias` for flat parameters [W (outputs×D), b]. */
export function weightsFromParams(params: Params, shape: ModelShape): Pick<XentModelV2, 'weights' | 'bias'> {
  const D = shape.features;
  const C = outputs(shape);
  const rows = Array.from({ length: C }, (_, k) => Array.from(params.subarray(k * D, (k + 1) * D)));
  const bias = Array.from(params.subarray(C * D, C * D + C));
  return shape.kind === 'logistic' ? { weights: rows[0] as number[], bias: bias[0] as number } : { weights: rows, bias };
}

/**
 * Each input with the scaling of its features. A data set made in code (no `inputs`) has one numeric input per
 * feature, imputed with its training mean when scaled (0 otherwise: such data has no missing cells).
 */
function modelInputs(data: Pick<Dataset, 'features' | 'inputs' | 'derived'>, standardize: Standardization | null): ModelInput[] {
  const encoded = data.features.slice(0, data.features.length - (data.derived?.features.length ?? 0));
  const inputs: InputEncoding[] =
    data.inputs ??
    encoded.map((name, j) => ({ name, role: 'numeric', impute: standardize?.mean[j] ?? 0, indicator: false, features: [name] }));
  let offset = 0;
  return inputs.map((input) => {
    const start = offset;
    offset += input.features.length;
    return structuredClone({ ...input, standardize: scalingOf(standardize, start, offset) });
  });
}

/** The derived features with the scaling of the last of the D features, where they are. */
function modelDerived(derived: DerivedFeatures, D: number, standardize: Standardization | null): ModelDerived {
  return structuredClone({ ...derived, standardize: scalingOf(standardize, D - derived.features.length, D) });
}

/** The scaling of features start..end − 1. */
function scalingOf(standardize: Standardization | null, start: number, end: number): FeatureScaling {
  return standardize && { mean: standardize.mean.slice(start, end), std: standardize.std.slice(start, end) };
}
