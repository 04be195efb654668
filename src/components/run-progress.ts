/**
 * What the app makes of a run's progress: each run's legend entries on the loss charts (numbered, with its settings)
 * and the `xent-epoch` event detail of each epoch.
 */
import type { EpochResult } from '../core/options.js';
import type { LossKind } from '../core/types.js';
import type { EpochDetail } from './events.js';
import type { XentLossChart } from './xent-loss-chart.js';

/** The settings a run's legend names. */
export interface RunSettings {
  optimizer: string;
  learningRate: number;
  backend: string;
}

/** Feeds the loss charts: a fresh set of curves per run, one per loss, and each epoch to its loss's curve. */
export class RunCharts {
  private runs = 0;
  /** Legend name of each loss of the current run. */
  private names = new Map<LossKind, string>();

  constructor(private readonly charts: () => Iterable<XentLossChart>) {}

  start(losses: LossKind[], { optimizer, learningRate, backend }: RunSettings): void {
    this.runs += 1;
    this.names = new Map(
      losses.map((loss) => [loss, `#${this.runs} ${optimizer} lr ${learningRate} ${loss === 'mse' ? 'MSE' : 'CE'} (${backend})`]),
    );
    for (const chart of this.charts()) for (const name of this.names.values()) chart.startRun(name);
  }

  epoch(run: LossKind, result: EpochResult): void {
    for (const chart of this.charts()) chart.addEpoch(result, this.names.get(run));
  }
}

/** The `xent-epoch` detail of an epoch; `compared`: the run is one of two trained side by side. */
export function epochDetail(run: LossKind, result: EpochResult, compared: boolean): EpochDetail {
  const { epoch, loss, objective, accuracy, valLoss, valAccuracy } = result;
  return {
    epoch,
    loss,
    objective,
    accuracy,
    ...(valLoss === undefined ? {} : { valLoss }),
    ...(valAccuracy === undefined ? {} : { valAccuracy }),
    ...(compared ? { run } : {}),
  };
}
