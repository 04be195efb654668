/**
 * The WGSL modules of the GPU backend, composed from the fragments in shaders/ (WGSL has no include). Each module is
 * labelled with its fragments, and each fragment starts with a comment naming its file, so a compile error's module
 * and line lead back to a file. The tiled plan's forward-pass variant goes first because the subgroup one starts
 * with `enable subgroups;`, which must precede declarations.
 */
import batchCommon from '../../shaders/batch-common.wgsl?raw';
import batchEpoch from '../../shaders/batch-epoch.wgsl?raw';
import batchForward from '../../shaders/batch-forward.wgsl?raw';
import batchGradient from '../../shaders/batch-gradient.wgsl?raw';
import chunk from '../../shaders/chunk.wgsl?raw';
import common from '../../shaders/common.wgsl?raw';
import finish from '../../shaders/finish.wgsl?raw';
import finite from '../../shaders/finite.wgsl?raw';
import ids from '../../shaders/ids.wgsl?raw';
import logisticRows from '../../shaders/logistic-rows.wgsl?raw';
import optimizer from '../../shaders/optimizer.wgsl?raw';
import rowMath from '../../shaders/row-math.wgsl?raw';
import shuffle from '../../shaders/shuffle.wgsl?raw';
import softmaxSplitForward from '../../shaders/softmax-split-forward.wgsl?raw';
import softmaxSplitGradient from '../../shaders/softmax-split-gradient.wgsl?raw';
import tiled from '../../shaders/tiled.wgsl?raw';
import tiledForwardSubgroups from '../../shaders/tiled-forward-subgroups.wgsl?raw';
import tiledForwardThreads from '../../shaders/tiled-forward-threads.wgsl?raw';
import tiledRow from '../../shaders/tiled-row.wgsl?raw';
import update from '../../shaders/update.wgsl?raw';

const FRAGMENTS = {
  'tiled-forward-subgroups': tiledForwardSubgroups,
  'tiled-forward-threads': tiledForwardThreads,
  common,
  ids,
  shuffle,
  chunk,
  'row-math': rowMath,
  'tiled-row': tiledRow,
  tiled,
  'logistic-rows': logisticRows,
  'softmax-split-forward': softmaxSplitForward,
  'softmax-split-gradient': softmaxSplitGradient,
  optimizer,
  update,
  finite,
  finish,
  'batch-common': batchCommon,
  'batch-forward': batchForward,
  'batch-gradient': batchGradient,
  'batch-epoch': batchEpoch,
};

export type Fragment = keyof typeof FRAGMENTS;

export interface ShaderSource {
  /** The module's label: its name and fragments. */
  label: string;
  fragments: readonly Fragment[];
  code: string;
}

function compose(name: string, ...fragments: Fragment[]): ShaderSource {
  return {
    label: `xent ${name} (shaders/{${fragments.join(',')}}.wgsl)`,
    fragments,
    code: fragments.map((f) => `// ---- shaders/${f}.wgsl\n${FRAGMENTS[f]}`).join('\n'),
  };
}

/** Entry points `step` and `samples`: the tiled plan (any shape), and the per-sample outputs of every plan. */
export function tiledSource(subgroups: boolean): ShaderSource {
  const forward = subgroups ? 'tiled-forward-subgroups' : 'tiled-forward-threads';
  return compose('tiled', forward, 'common', 'ids', 'shuffle', 'chunk', 'row-math', 'tiled-row', 'tiled');
}

/** Entry points `step` (plan logistic-rows) and `stepReduced` (plan logistic-rows-reduced). */
export const logisticRowsSource = compose('logistic-rows', 'common', 'ids', 'shuffle', 'chunk', 'row-math', 'logistic-rows');

/** Entry points `forward` and `gradient`: the softmax-split plan. */
export const softmaxSplitSource = compose(
  'softmax-split',
  'common',
  'ids',
  'shuffle',
  'chunk',
  'row-math',
  'softmax-split-forward',
  'softmax-split-gradient',
);

/** Entry point `update`. */
export const updateSource = compose('update', 'common', 'ids', 'optimizer', 'update');

/** Entry points `finish`, `finishSerial` and `updateAndFinish`. */
export const finishSource = compose('finish', 'common', 'ids', 'optimizer', 'update', 'finite', 'finish');

/** The batched kernels (src/gpu/batch-kernels.ts) on their own contract (src/gpu/batch-abi.ts); rows as tiled-row.wgsl. */
const batchFragments = ['batch-common', 'ids', 'shuffle', 'row-math', 'tiled-row'] as const;

/** Entry points `forward` and `samples`. */
export const batchForwardSource = compose('batch forward', ...batchFragments, 'batch-forward');

/** Entry points `gradient`, `finishSums` and `finishGradient`. */
export const batchGradientSource = compose('batch gradient', ...batchFragments, 'batch-gradient');

/** Entry point `epoch`. */
export const batchEpochSource = compose('batch epoch', ...batchFragments, 'optimizer', 'finite', 'batch-epoch');
