import type { Backend } from '../core/backend.js';
import type { EpochResult, TrainOptions } from '../core/options.js';
import type { LossKind } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import { interleaveEpochs } from './interleave.js';
import { Trainer } from './trainer.js';

export interface ComparedEpoch {
  /** Which run this epoch belongs to. */
  run: LossKind;
  /** Both runs report loss as mean cross-entropy, so the curves compare directly. */
  result: EpochResult;
}

/**
 * The same model, data, seed, optimizer and learning rate trained twice, with cross-entropy and with MSE,
 * epochs interleaved so both curves grow together.
 */
export class LossComparison {
  readonly trainers: Record<LossKind, Trainer>;

  constructor(backend: Backend, data: Dataset, options: Partial<TrainOptions>) {
    this.trainers = {
      'cross-entropy': new Trainer(backend, data, { ...options, loss: 'cross-entropy' }),
      mse: new Trainer(backend, data, { ...options, loss: 'mse' }),
    };
  }

  async *epochs(signal?: AbortSignal): AsyncGenerator<ComparedEpoch> {
    yield* interleaveEpochs((['cross-entropy', 'mse'] as const).map((run) => ({ run, epochs: this.trainers[run].epochs(signal) })));
  }

  stop(): void {
    this.trainers['cross-entropy'].stop();
    this.trainers.mse.stop();
  }

  dispose(): void {
    this.trainers['cross-entropy'].dispose();
    this.trainers.mse.dispose();
  }
}
