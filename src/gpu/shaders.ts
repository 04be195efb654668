/**
 * The WGSL modules of the GPU backend, composed from the files in shaders/ (WGSL has no include): the forward-pass
 * variant goes first because the subgroup one starts with `enable subgroups;`, which must precede declarations.
 */
import common from '../../shaders/common.wgsl?raw';
import finish from '../../shaders/finish.wgsl?raw';
import forwardSubgroups from '../../shaders/forward-subgroups.wgsl?raw';
import forwardThreads from '../../shaders/forward-threads.wgsl?raw';
import model from '../../shaders/model.wgsl?raw';
import step from '../../shaders/step.wgsl?raw';
import update from '../../shaders/update.wgsl?raw';

/** Entry points `step` and `samples`. */
export function stepSource(subgroups: boolean): string {
  return [subgroups ? forwardSubgroups : forwardThreads, common, model, step].join('\n');
}

/** Entry point `update`. */
export const updateSource = [common, update].join('\n');

/** Entry point `finish`. */
export const finishSource = [common, finish].join('\n');
