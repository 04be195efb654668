/**
 * xent as a contender: the Trainer (what a user runs), plain SGD, no standardisation, no validation split — the same
 * epochs TF.js's model.fit runs. Each epoch's own wall time (shuffle, steps, parameter read-back) is what is timed;
 * the upload of X happens once before the first epoch, as TF.js's tensors are made before fit.
 */
import type { Backend } from '../src/core/backend.js';
import { createCpuBackend } from '../src/cpu/backend.js';
import { Trainer } from '../src/train/trainer.js';
import { XENT_GPU } from './results.js';
import type { Contender } from './suite.js';
import type { EpochPlan, Workload } from './workloads.js';

/** Rows × features above which the float64 CPU path times fewer epochs (it takes seconds per epoch there). */
const CPU_BIG_WORKLOAD = 10_000_000;
const CPU_BIG_PLAN: EpochPlan = { warmup: 1, timed: 2 };

function xentContender(name: string, backend: Backend, plan?: Contender['plan']): Contender {
  return {
    name,
    ...(plan ? { plan } : {}),
    async time(data, w, batch, epochs) {
      const trainer = new Trainer(backend, data, {
        model: w.kind,
        loss: 'cross-entropy',
        optimizer: 'sgd',
        lr: w.lr,
        epochs: epochs.warmup + epochs.timed,
        batchSize: batch,
        l2: 0,
        standardize: false,
        seed: w.seed,
      });
      const epochMs: number[] = [];
      let loss = Number.NaN;
      try {
        for await (const r of trainer.epochs()) {
          if (r.epoch > epochs.warmup) epochMs.push(r.ms);
          loss = r.loss;
        }
      } finally {
        trainer.dispose();
      }
      return { epochMs, loss };
    },
  };
}

export function xentGpuContender(backend: Backend): Contender {
  return xentContender(XENT_GPU, backend);
}

export function xentCpuContender(): Contender {
  return xentContender('xent CPU', createCpuBackend(), (w: Workload, _batch: number, standard: EpochPlan) =>
    w.rows * w.features > CPU_BIG_WORKLOAD ? CPU_BIG_PLAN : standard,
  );
}
