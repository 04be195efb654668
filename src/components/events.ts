import type { EpochResult } from '../core/options.js';
import type { LossKind } from '../core/types.js';
import type { XentModel } from '../model/format.js';
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
  /** Only in compare mode: which run the epoch belongs to. */
  run?: LossKind;
}

/** `xent-trained`: training ended (all epochs, early stop, or stop()); the model holds the last good weights. */
export interface TrainedDetail {
  model: XentModel;
}

/** `xent-error`: a plain sentence for the user (bad CSV with file/row/column, divergence with the epoch, no WebGPU). */
export interface ErrorDetail {
  message: string;
}

export interface XentEventMap {
  'xent-data-loaded': CustomEvent<DataLoadedDetail>;
  'xent-epoch': CustomEvent<EpochDetail>;
  'xent-trained': CustomEvent<TrainedDetail>;
  'xent-error': CustomEvent<ErrorDetail>;
  'xent-start': CustomEvent<TrainSettings>;
  'xent-stop': CustomEvent<void>;
  'xent-settings-change': CustomEvent<TrainSettings>;
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
