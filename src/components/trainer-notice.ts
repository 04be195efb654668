/** The trainer's notice line and export panel: what they show of the training controller's state. */
import { html, nothing } from 'lit';
import type { XentModel } from '../model/format.js';
import type { TrainingController } from '../session/training-controller.js';
import { downloadJson, downloadOnnx } from './model-download.js';

export interface NoticeState {
  noWebGpu: boolean;
  error: string;
  useCpu(): void;
  resumeOnCpu(): void;
}

/** No WebGPU (with the CPU offered), an error (with resume after a lost GPU), the backend's note, or nothing. */
export function notice(t: TrainingController, s: NoticeState) {
  if (s.noWebGpu) {
    return html`<p class="notice wide error" part="notice" role="alert">
      This browser has no WebGPU. <button @click=${s.useCpu}>Train on the CPU instead</button>
    </p>`;
  }
  if (s.error) {
    return html`<p class="notice wide error" part="notice" role="alert">
      ${s.error}
      ${t.resumable ? html`<button @click=${s.resumeOnCpu}>Resume on the CPU after epoch ${t.epoch}</button>` : nothing}
    </p>`;
  }
  if (t.note) return html`<p class="notice wide muted" part="notice">${t.note}</p>`;
  return nothing;
}

/** Where the shown model was trained, and its downloads (model file, ONNX). */
export function exportPanel(t: TrainingController, model: XentModel | null, exportModel: () => XentModel) {
  return html`<div class="panel export" part="export">
    <span>${model && t.backend ? html`Trained on <b>${t.backend === 'gpu' ? `WebGPU (${t.adapter})` : 'the CPU (float64)'}</b>.` : 'Not trained yet.'}</span>
    <button ?disabled=${!model || t.running} @click=${() => downloadJson(exportModel())}>Download model (JSON)</button>
    <button ?disabled=${!model || t.running} @click=${() => downloadOnnx(exportModel())}>Download ONNX</button>
  </div>`;
}
