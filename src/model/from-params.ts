import type { TrainOptions } from '../core/options.js';
import type { BackendName, ModelShape, Params } from '../core/types.js';
import { outputs } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import type { Standardization } from '../data/standardize.js';
import type { XentModel } from './format.js';

/** The model file for flat parameters [W (outputs×D), b]. */
export function modelFromParams(
  params: Params,
  shape: ModelShape,
  data: Pick<Dataset, 'features' | 'label' | 'classes'>,
  standardize: Standardization | null,
  options: Pick<TrainOptions, 'optimizer' | 'lr' | 'l2' | 'batchSize' | 'seed'>,
  epochs: number,
  backend: BackendName,
): XentModel {
  const D = shape.features;
  const C = outputs(shape);
  const rows = Array.from({ length: C }, (_, k) => Array.from(params.subarray(k * D, (k + 1) * D)));
  const bias = Array.from(params.subarray(C * D, C * D + C));
  return {
    format: 'xent-model',
    version: 1,
    kind: shape.kind,
    features: [...data.features],
    label: data.label,
    classes: [...data.classes],
    weights: shape.kind === 'logistic' ? (rows[0] as number[]) : rows,
    bias: shape.kind === 'logistic' ? (bias[0] as number) : bias,
    standardize: standardize && { mean: [...standardize.mean], std: [...standardize.std] },
    training: {
      optimizer: options.optimizer,
      lr: options.lr,
      l2: options.l2,
      epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      backend,
    },
  };
}
