import type { EpochResult, TrainOptions } from '../core/options.js';
import type { BackendName, LossKind, Params } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import type { XentModel } from '../model/format.js';
import type { ClassificationReport } from '../report/classification.js';
import type { LikelihoodReport } from '../report/likelihood.js';
import type { BackendChoice } from '../train/settings.js';

/** Page → training worker. The data is sent once per data set and kept in the worker between runs. */
export type TrainingRequest =
  | { type: 'data'; data: Dataset }
  /** Acquire the backend and compile its kernels now, so the first epoch comes soon after the user presses Train. */
  | { type: 'prepare'; backend: BackendChoice }
  /** `compare: 'mse'`: train cross-entropy (the primary run) and MSE with the same seed and settings, epochs interleaved. */
  | { type: 'train'; options: Partial<TrainOptions>; backend: BackendChoice; compare: 'mse' | null }
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

/** Training worker → page. */
export type TrainingReply =
  | {
      type: 'started';
      backend: BackendName;
      adapter: string | null;
      note: string | null;
      epochs: number;
      runs: LossKind[];
      /** Each run's model file as it starts (parallel to `runs`): epochs then send only their weights. */
      models: XentModel[];
      resumed: boolean;
    }
  | { type: 'no-webgpu' }
  /** `params`: the run's weights after the epoch, flat [W, b] in standardised units, for that run's `models` entry. */
  | { type: 'epoch'; run: LossKind; result: EpochResult; params: Params }
  /** `model`, `report` and `likelihood` belong to the primary run. */
  | { type: 'done'; model: XentModel; report: ClassificationReport; likelihood: LikelihoodReport }
  /** `resumable`: the run failed on the GPU with weights to keep; a `resume` request continues it. */
  | { type: 'failed'; message: string; model: XentModel | null; report: ClassificationReport | null; resumable: boolean }
  /** `liveBuffers`: null when the worker holds no GPU device. */
  | { type: 'probe'; id: number; liveBuffers: number | null };
