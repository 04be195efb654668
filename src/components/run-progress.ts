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
  loss: LossKind;
  backend: string;
  /** The run is cross-validation's refit at the λ it chose. */
  refit?: boolean;
}

/** A legend name: a run named by its loss (one run, or compare mode) or by its learning rate (`lr 0.1`, a sweep). */
export function runLabel(run: string, { optimizer, learningRate, loss, backend, refit = false }: RunSettings): string {
  const swept = run.startsWith('lr ');
  const kind = (swept ? loss : run) === 'mse' ? 'MSE' : 'CE';
  return `${refit ? 'cv refit ' : ''}${optimizer} ${swept ? run : `lr ${learningRate}`} ${kind} (${backend})`;
}

/** Feeds the loss charts: a fresh set of curves per run, one per run name, and each epoch to its run's curve. */
export class RunCharts {
  private runs = 0;
  /** Legend name of each run of the current request. */
  private names = new Map<string, string>();

  constructor(private readonly charts: () => Iterable<XentLossChart>) {}

  start(runs: readonly string[], settings: RunSettings): void {
    this.runs += 1;
    this.names = new Map(runs.map((run) => [run, `#${this.runs} ${runLabel(run, settings)}`]));
    for (const chart of this.charts()) for (const name of this.names.values()) chart.startRun(name);
  }

  epoch(run: string, result: EpochResult): void {
    for (const chart of this.charts()) chart.addEpoch(result, this.names.get(run));
  }
}

/** The `xent-epoch` detail of an epoch; `compared`: the run is one of several trained side by side. */
export function epochDetail(run: string, result: EpochResult, compared: boolean): EpochDetail {
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
