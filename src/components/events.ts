import type { EpochResult } from '../core/options.js';
import type { CvGridPoint, XentModel } from '../model/format.js';
import type { TrainSettings } from '../train/settings.js';

/** What `xent-data-loaded` reports about a freshly loaded table (the rows stay on the element's `data`). */
export interface DataLoadedDetail {
  name: string;
  rows: number;
  features: string[];
  label: string;
  classes: string[];
}

/** `xent-epoch`: one finished epoch (EpochResult, src/core/options.ts). */
export interface EpochDetail extends Pick<EpochResult, 'epoch' | 'loss' | 'objective' | 'accuracy' | 'valLoss' | 'valAccuracy'> {
  /** Only with runs side by side: which run the epoch belongs to (compare mode: its loss; a sweep: `lr 0.1`). */
  run?: string;
}

/** `xent-trained`: training ended (all epochs, early stop, or stop()); the model holds the last good weights. */
export interface TrainedDetail {
  model: XentModel;
}

/** `xent-error`: a plain sentence for the user (bad CSV with file/row/column, divergence with the epoch, no WebGPU). */
export interface ErrorDetail {
  message: string;
}

/** `xent-cv-start`: cross-validation was asked for with these folds and λ-grid size. */
export interface CvStartDetail {
  folds: number;
  l2Grid: number;
}

/** `xent-sweep-start`: a learning-rate sweep was asked for. */
export interface SweepStartDetail {
  rates: number[];
}

/** `xent-cross-validated`: the grid (λ descending), the chosen point and its refit on all rows. */
export interface CrossValidatedDetail {
  folds: number;
  grid: CvGridPoint[];
  best: { l2: number; lr: number };
  model: XentModel;
}

export interface XentEventMap {
  'xent-data-loaded': CustomEvent<DataLoadedDetail>;
  'xent-epoch': CustomEvent<EpochDetail>;
  'xent-trained': CustomEvent<TrainedDetail>;
  'xent-error': CustomEvent<ErrorDetail>;
  'xent-start': CustomEvent<TrainSettings>;
  'xent-stop': CustomEvent<void>;
  'xent-settings-change': CustomEvent<TrainSettings>;
  'xent-cv-start': CustomEvent<CvStartDetail>;
  'xent-sweep-start': CustomEvent<SweepStartDetail>;
  'xent-cross-validated': CustomEvent<CrossValidatedDetail>;
}

declare global {
  interface HTMLElementEventMap extends XentEventMap {}
}

/** Dispatches a bubbling, composed event, so it leaves the shadow roots of the elements around it. */
export function fire<K extends keyof XentEventMap>(
  target: EventTarget,
  type: K,
  detail: XentEventMap[K] extends CustomEvent<infer D> ? D : never,
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
