/** The trainer's tuning panel and validation curve: what they show of the training controller's state. */
import { html, nothing } from 'lit';
import { formatLambda } from '../explain/cv-curve.js';
import type { TrainingController } from '../session/training-controller.js';
import type { CvStartDetail, SweepStartDetail } from './events.js';
import './xent-cv-curve.js';
import './xent-tuning-controls.js';

/** A line about the tuning in progress, or the last cross-validation's outcome. */
export function tuningStatus(t: TrainingController): string {
  const p = t.cvProgress;
  if (p && t.runs.length > 0) return `Cross-validation: refitting on all rows at the chosen λ, epoch ${t.epoch} / ${t.totalEpochs}.`;
  if (p) return `Cross-validation: pass ${p.round} over the rows, ${p.active} of ${p.members} fold models still training.`;
  if (t.cv && !t.running) return `Chose λ = ${formatLambda(t.cv.best.l2)}; its refit on all rows is the trained model.`;
  return '';
}

export interface TuningHandlers {
  optimizer: string;
  disabled: boolean;
  crossValidate(detail: CvStartDetail): void;
  sweep(detail: SweepStartDetail): void;
}

export function tuningPanel(t: TrainingController, h: TuningHandlers) {
  return html`<xent-tuning-controls
    class="panel wide"
    part="tuning"
    optimizer=${h.optimizer}
    status=${tuningStatus(t)}
    ?running=${t.running}
    ?disabled=${h.disabled}
    @xent-cv-start=${(e: CustomEvent<CvStartDetail>) => h.crossValidate(e.detail)}
    @xent-sweep-start=${(e: CustomEvent<SweepStartDetail>) => h.sweep(e.detail)}
  ></xent-tuning-controls>`;
}

/** The validation curve of the last cross-validation, when its model is the one shown. */
export function cvCurve(t: TrainingController, shown: boolean) {
  return shown && t.cv
    ? html`<xent-cv-curve class="panel" part="cv-curve" show-accuracy .folds=${t.cv.folds} .grid=${t.cv.grid}></xent-cv-curve>`
    : nothing;
}
