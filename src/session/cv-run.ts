/**
 * Cross-validation in the training worker: crossValidate on the run's backend (every fold and λ in one batch), its
 * passes and the refit's epochs sent to the page as they happen, Stop honoured between passes.
 */
import type { Backend } from '../core/backend.js';
import type { Dataset } from '../data/dataset.js';
import { classificationReport } from '../report/classification.js';
import { crossValidate } from '../train/cross-validate.js';
import { resolveOptions } from '../train/trainer.js';
import { gatedBackend } from './gated-backend.js';
import type { TrainingReply, TrainingRequest } from './training-protocol.js';
import { letMessagesIn } from './yield-to-messages.js';

interface Chosen {
  backend: Backend;
  note: string | null;
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
    const { backend, note } = chosen;
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
