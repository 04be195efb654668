import type { TrainOptions } from '../core/options.js';
import type { LossKind, ModelKind, OptimizerName } from '../core/types.js';

export type BackendChoice = 'auto' | 'gpu' | 'cpu';

/** The hyper-parameters a user picks in `<xent-train-controls>` (attribute values, before defaults apply). */
export interface TrainSettings {
  model: ModelKind | 'auto';
  loss: LossKind;
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  batchSize: number | 'full';
  l2: number;
  backend: BackendChoice;
}

/** Attribute text for `batch-size`: "full" or a positive integer. */
export function parseBatchSize(value: string | null): number | 'full' {
  if (value === null || value.trim() === '' || value.trim() === 'full') return 'full';
  return Number(value);
}

/** Trainer options for these settings ('auto' model: the Trainer picks logistic for 2 classes, else softmax). */
export function toTrainOptions(settings: TrainSettings): Partial<TrainOptions> {
  return {
    ...(settings.model === 'auto' ? {} : { model: settings.model }),
    loss: settings.loss,
    optimizer: settings.optimizer,
    lr: settings.learningRate,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    l2: settings.l2,
  };
}
