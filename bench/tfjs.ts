/**
 * TensorFlow.js baseline (browser only): the same model as xent — one dense layer, sigmoid/softmax, cross-entropy,
 * plain SGD — trained with `model.fit` on the same data, in its best case (`yieldEvery: 'never'`).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Dataset } from '../src/data/dataset.js';
import type { Contender, TimedEpochs } from './suite.js';
import type { EpochPlan, Workload } from './workloads.js';

export const TFJS_BACKENDS = ['webgpu', 'webgl', 'wasm'] as const;
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];

// The .wasm binaries straight from node_modules, which the bench's Vite server serves.
setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');

export function tfjsContender(backend: TfjsBackend): Contender {
  return {
    name: `TF.js ${backend}`,
    async time(data, w, batch, plan) {
      if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to initialise`);
      await tf.ready();
      const timed = await timeFit(data, w, batch, plan);
      return backend === 'wasm' ? { ...timed, note: await wasmBuild() } : timed;
    },
  };
}

/**
 * Which wasm build TF.js picked and the thread count it reports: threads need a cross-origin isolated page (the bench
 * serves one); TF.js picks the count itself (1 on this 2-core machine, even when asked for 2).
 */
async function wasmBuild(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const threads = getThreadsCount();
  return `${threaded ? 'threaded' : 'single-threaded'} build, ${threads} thread${threads === 1 ? '' : 's'}${simd ? ', SIMD' : ''}`;
}

/** Each timed epoch of `model.fit` (warm-up epochs dropped) on the current TF.js backend, and the last epoch's loss. */
async function timeFit(data: Dataset, w: Workload, batch: number, plan: EpochPlan): Promise<TimedEpochs> {
  const xs = tf.tensor2d(Float32Array.from(data.x), [data.rows, data.cols]);
  const ys =
    w.kind === 'logistic'
      ? tf.tensor2d(Float32Array.from(data.y), [data.rows, 1])
      : tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(data.y), 'int32'), w.classes), 'float32'));
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [w.features],
        units: w.kind === 'logistic' ? 1 : w.classes,
        activation: w.kind === 'logistic' ? 'sigmoid' : 'softmax',
        kernelInitializer: 'zeros',
      }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(w.lr), loss: w.kind === 'logistic' ? 'binaryCrossentropy' : 'categoricalCrossentropy' });
  const epochMs: number[] = [];
  let loss = Number.NaN;
  let start = 0;
  try {
    // onEpochEnd resolves the epoch's loss first, so each interval ends after the GPU has finished the epoch.
    await model.fit(xs, ys, {
      epochs: plan.warmup + plan.timed,
      batchSize: batch,
      shuffle: true,
      verbose: 0,
      yieldEvery: 'never',
      callbacks: {
        onEpochBegin: async () => {
          start = performance.now();
        },
        onEpochEnd: async (epoch, logs) => {
          if (epoch >= plan.warmup) epochMs.push(performance.now() - start);
          loss = logs?.loss ?? Number.NaN;
        },
      },
    });
  } finally {
    model.dispose();
    xs.dispose();
    ys.dispose();
  }
  return { epochMs, loss };
}
