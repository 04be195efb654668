/**
 * Training moves for the hand-moved model: first-order steps and an L-BFGS fit from whatever weights the reader set,
 * through the project's own Trainer on the float64 CPU backend (raw feature units, no standardisation).
 */

import type { EpochResult } from '../core/options.js';
import type { LossKind } from '../core/types.js';
import { createCpuBackend } from '../cpu/backend.js';
import type { Dataset } from '../data/dataset.js';
import { Trainer } from '../train/trainer.js';
import type { LineModel } from './logistic2d.js';

const asModel = (p: Float64Array): LineModel => ({ w1: p[0] as number, w2: p[1] as number, b: p[2] as number });

/** Full-batch gradient descent from `start`; each `step()` is one epoch (one step) of the Trainer. */
export class LineModelStepper {
  private readonly trainer: Trainer;
  private readonly steps: AsyncGenerator<EpochResult>;

  constructor(data: Dataset, start: LineModel, settings: { loss: LossKind; lr: number; l2: number }) {
    this.trainer = new Trainer(createCpuBackend(), data, {
      ...settings,
      optimizer: 'sgd',
      batchSize: 'full',
      standardize: false,
      epochs: Number.MAX_SAFE_INTEGER,
      init: [start.w1, start.w2, start.b],
    });
    this.steps = this.trainer.epochs();
  }

  /** Takes `count` steps and returns the weights after them. */
  async step(count: number): Promise<LineModel> {
    for (let i = 0; i < count; i++) await this.steps.next();
    return asModel(this.trainer.params());
  }

  dispose(): void {
    void this.steps.return(undefined);
    this.trainer.dispose();
  }
}

/** The weights that maximise the likelihood (minimise mean CE + (l2/2)‖w‖²), by L-BFGS from `start`. */
export async function fitByLbfgs(data: Dataset, start: LineModel, l2: number): Promise<LineModel> {
  const trainer = new Trainer(createCpuBackend(), data, {
    optimizer: 'lbfgs',
    l2,
    standardize: false,
    init: [start.w1, start.w2, start.b],
  });
  await trainer.run();
  const fitted = asModel(trainer.params());
  trainer.dispose();
  return fitted;
}
