/**
 * The WGSL modules of the GPU backend, composed from the files in shaders/ (WGSL has no include): the forward-pass
 * variant goes first because the subgroup one starts with `enable subgroups;`, which must precede declarations.
 */
import chunk from '../../shaders/chunk.wgsl?raw';
import common from '../../shaders/common.wgsl?raw';
import finish from '../../shaders/finish.wgsl?raw';
import forwardRows from '../../shaders/forward-rows.wgsl?raw';
import forwardSubgroups from '../../shaders/forward-subgroups.wgsl?raw';
import forwardThreads from '../../shaders/forward-threads.wgsl?raw';
import gradientColumns from '../../shaders/gradient-columns.wgsl?raw';
import logistic from '../../shaders/logistic.wgsl?raw';
import model from '../../shaders/model.wgsl?raw';
import shuffle from '../../shaders/shuffle.wgsl?raw';
import step from '../../shaders/step.wgsl?raw';
import stepRows from '../../shaders/step-rows.wgsl?raw';
import update from '../../shaders/update.wgsl?raw';

/** Entry points `step` and `samples` (the tiled kernel, any shape). */
export function stepSource(subgroups: boolean): string {
  return [subgroups ? forwardSubgroups : forwardThreads, common, shuffle, chunk, logistic, model, step].join('\n');
}

/** Entry point `step`: the fused row kernel for logistic regression with D ≤ 64 (ProblemLayout.fused). */
export const stepRowsSource = [common, shuffle, chunk, logistic, stepRows].join('\n');

/** Entry points `forward` and `gradient`: the barrier-free softmax step (ProblemLayout.barrierFree). */
export const barrierFreeSource = [common, shuffle, chunk, logistic, forwardRows, gradientColumns].join('\n');

/** Entry point `update`. */
export const updateSource = [common, update].join('\n');

/** Entry points `finish` and `updateAndFinish`. */
export const finishSource = [common, update, finish].join('\n');
