import type { EpochResult, TrainOptions } from '../core/options.js';
import type { BackendName, Params } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import type { CvGridPoint, XentModel } from '../model/format.js';
import type { ClassificationReport } from '../report/classification.js';
import type { LikelihoodReport } from '../report/likelihood.js';
import type { BackendChoice } from '../train/settings.js';

/** Page → training worker. The data is sent once per data set and kept in the worker between runs. */
export type TrainingRequest =
  | { type: 'data'; data: Dataset }
  /** Acquire the backend and compile its kernels now, so the first epoch comes soon after the user presses Train. */
  | { type: 'prepare'; backend: BackendChoice }
  /**
   * `compare: 'mse'`: train cross-entropy (the primary run) and MSE with the same seed and settings; `sweep`: one run
   * per learning rate (the first is the primary), the same settings otherwise. Either way the runs' epochs interleave.
   */
  | { type: 'train'; options: Partial<TrainOptions>; backend: BackendChoice; compare: 'mse' | null; sweep: readonly number[] | null }
  /** Choose λ by k-fold cross-validation over `l2Grid` values (crossValidate), then refit on all rows at the best. */
  | { type: 'cv'; options: Partial<TrainOptions>; backend: BackendChoice; folds: number; l2Grid: number }
  /** Continue the run that failed on the GPU, from its last good weights, on this backend. */
  | { type: 'resume'; backend: BackendChoice }
  | { type: 'stop' }
  /** Testing only (see `TestProbe`); the worker answers with a `probe` reply carrying the same `id`. */
  | { type: 'probe'; probe: TestProbe; id: number };

/**
 * Testing only, harmless otherwise: `lose-device` destroys the worker's GPUDevice as a driver reset would (a run on
 * the GPU then fails mid-epoch); `live-buffers` asks for the GPU backend's count of buffers not yet destroyed.
 */
export type TestProbe = 'lose-device' | 'live-buffers';

/** What cross-validation found: the grid in order (λ descending), and the point whose refit is the model. */
export interface CvResult {
  folds: number;
  grid: CvGridPoint[];
  best: { l2: number; lr: number };
}

/** Training worker → page. */
export type TrainingReply =
  | {
      type: 'started';
      backend: BackendName;
      adapter: string | null;
      note: string | null;
      epochs: number;
      /** The runs' names: their loss (`cross-entropy`, `mse`), or `lr 0.1` in a sweep; the primary first. */
      runs: string[];
      /** Each run's model file as it starts (parallel to `runs`): epochs then send only their weights. */
      models: XentModel[];
      resumed: boolean;
    }
  | { type: 'no-webgpu' }
  /**
   * `params`: the run's weights after the epoch, flat [W, b] in standardised units, for that run's `models` entry;
   * null for a cross-validation refit (its model comes with `cv-done`).
   */
  | { type: 'epoch'; run: string; result: EpochResult; params: Params | null }
  /** `model`, `report` and `likelihood` belong to the primary run. */
  | { type: 'done'; model: XentModel; report: ClassificationReport; likelihood: LikelihoodReport }
  /** `resumable`: the run failed on the GPU with weights to keep; a `resume` request continues it. */
  | { type: 'failed'; message: string; model: XentModel | null; report: ClassificationReport | null; resumable: boolean }
  /** Cross-validation began: `members` models (grid points × folds) train at once, for at most `epochs` epochs each. */
  | { type: 'cv-started'; backend: BackendName; adapter: string | null; note: string | null; members: number; epochs: number }
  /** A pass over the rows while the folds train (`active` members still running); then the refit's `started`, `epoch`s. */
  | { type: 'cv-progress'; round: number; active: number; members: number }
  /** The grid, the best point and the refit model (its `training.cv` holds the grid too); `report` on all rows. */
  | { type: 'cv-done'; cv: CvResult; model: XentModel; report: ClassificationReport }
  /** Stopped during cross-validation: nothing is kept. */
  | { type: 'cv-stopped' }
  /** `liveBuffers`: null when the worker holds no GPU device. */
  | { type: 'probe'; id: number; liveBuffers: number | null };
