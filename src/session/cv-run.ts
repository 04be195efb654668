/**
 * Cross-validation in the training worker: crossValidate on the run's backend (the CPU when that backend cannot bind
 * a batch yet), its passes and the refit's epochs sent to the page as they happen, Stop honoured between passes.
 */
import type { Backend } from '../core/backend.js';
import { createCpuBackend } from '../cpu/backend.js';
import type { Dataset } from '../data/dataset.js';
import { classificationReport } from '../report/classification.js';
import { crossValidate } from '../train/cross-validate.js';
import { resolveOptions } from '../train/trainer.js';
import { gatedBackend } from './gated-backend.js';
import type { TrainingReply, TrainingRequest } from './training-protocol.js';
import { letMessagesIn } from './yield-to-messages.js';

export const CPU_FOR_BATCHES = 'Cross-validation runs on the CPU (float64): batched training on WebGPU is not built yet.';

interface Chosen {
  backend: Backend;
  note: string | null;
}

/** `chosen` when its backend binds a batch (tried on two rows of the data's shape), else the CPU with a note. */
async function batchCapable(chosen: Chosen, rows: Dataset): Promise<Chosen> {
  if (chosen.backend.name === 'cpu') return chosen;
  const classes = rows.classes.length;
  const shape = { kind: classes === 2 ? 'logistic' : 'softmax', features: rows.cols, classes } as const;
  const tiny = {
    x: new Float64Array(2 * rows.cols),
    y: Uint32Array.from([0, 1]),
    rows: 2,
    cols: rows.cols,
    folds: Uint32Array.from([0, 1]),
  };
  try {
    const batch = await chosen.backend.bindBatch(tiny, { shape, loss: 'cross-entropy', members: [{ l2: 0, fold: 0 }] });
    batch.dispose();
    return chosen;
  } catch (error) {
    if (error instanceof Error && error.message.includes('not built yet')) return { backend: createCpuBackend(), note: CPU_FOR_BATCHES };
    throw error;
  }
}

export async function runCrossValidation(
  rows: Dataset,
  request: Extract<TrainingRequest, { type: 'cv' }>,
  chosen: Chosen,
  signal: AbortSignal,
  reply: (message: TrainingReply) => void,
): Promise<void> {
  const { folds, l2Grid } = request;
  // The grid replaces the settings' λ; their learning rate (unused by L-BFGS) is the one rate tried.
  const { l2: _, lr, ...settings } = request.options;
  const options = { ...settings, valSplit: 0, patience: 0 };
  try {
    const { backend, note } = await batchCapable(chosen, rows);
    const { epochs, loss } = resolveOptions(rows, options);
    reply({ type: 'cv-started', backend: backend.name, adapter: backend.adapter, note, members: folds * l2Grid, epochs });
    const gate = async () => {
      await letMessagesIn();
      signal.throwIfAborted();
    };
    let refitting = false;
    const cv = await crossValidate(gatedBackend(backend, gate), rows, {
      ...options,
      ...(lr === undefined ? {} : { lr: [lr] }),
      folds,
      l2Grid,
      onProgress: (progress) => {
        if (progress.stage === 'folds') {
          const { round, active, members } = progress;
          return reply({ type: 'cv-progress', round, active, members });
        }
        if (!refitting) {
          refitting = true;
          const [name, adapter] = [backend.name, backend.adapter];
          reply({ type: 'started', backend: name, adapter, note, epochs, runs: [loss], models: [], resumed: false });
        }
        reply({ type: 'epoch', run: loss, result: progress.epoch, params: null });
      },
    });
    const { model, grid, best } = cv;
    reply({ type: 'cv-done', cv: { folds, grid, best }, model, report: classificationReport(model, rows) });
  } catch (error) {
    if (signal.aborted) return reply({ type: 'cv-stopped' });
    const message = error instanceof Error ? error.message : String(error);
    reply({ type: 'failed', message, model: null, report: null, resumable: false });
  }
}
