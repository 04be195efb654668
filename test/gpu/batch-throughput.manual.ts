/**
 * Throughput of the batched kernels against the single-model plans (not a test; timings are never asserted):
 *   node --import ./bin/register.js test/gpu/batch-throughput.manual.ts [--quick]
 * 1. One model, logistic N=65536 D=64, batch 1024: ms per epoch of the single plan and of the one-dispatch epoch (a
 *    batch of one member). 2. 50 models: 50 full-batch passes (objectiveAndGradient) of the single plan against one
 *    batched evaluate of 50 members.
 */
import { Random } from '../../src/core/random.js';
import { DEFAULT_STEP, paramCount } from '../../src/core/types.js';
import { createGpuBackend } from '../../src/gpu/backend.js';
import { nodeGpuDevice } from '../../src/node/device.js';

const quick = process.argv.includes('--quick');
const { device, adapter } = await nodeGpuDevice({ maxLimits: true });
const backend = createGpuBackend(device, adapter);
const rows = quick ? 8192 : 65536;
const features = 64;
const random = new Random(1);
const data = {
  x: new Float64Array(rows * features).map(() => random.normal()),
  y: new Uint32Array(rows).map(() => random.int(2)),
  rows,
  cols: features,
};
const shape = { kind: 'logistic', features, classes: 2 } as const;
const step = { ...DEFAULT_STEP, optimizer: 'sgd', lr: 0.1 } as const;
console.log(`${adapter}; logistic N=${rows} D=${features}`);

/** Best of `runs` timings of `op` after one warm-up. */
async function best(runs: number, op: () => Promise<unknown>): Promise<number> {
  await op();
  let ms = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await op();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

const single = await backend.bind(data, { shape, loss: 'cross-entropy', l2: 0 });
const one = await backend.bindBatch(
  { ...data, folds: new Uint32Array(rows) },
  { shape, loss: 'cross-entropy', members: [{ l2: 0, fold: -1 }] },
);
const singleEpoch = await best(3, () => single.epoch(random.permutation(rows), 1024, step));
const batchEpoch = await best(3, () => one.epoch(random.permutation(rows), 1024, [step]));
console.log(`one model, batch 1024: single plan ${singleEpoch.toFixed(1)} ms/epoch, one-dispatch epoch ${batchEpoch.toFixed(1)} ms/epoch`);
one.dispose();

const M = 50;
const members = Array.from({ length: M }, (_, m) => ({ l2: 0.001 * m, fold: m % 5 }));
const batch = await backend.bindBatch(
  { ...data, folds: new Uint32Array(rows).map((_, n) => n % 5) },
  { shape, loss: 'cross-entropy', members },
);
const params = members.map(() => new Float64Array(paramCount(shape)).map(() => 0.1 * random.normal()));
for (const [m, p] of params.entries()) batch.setParams(m, p);
const all = members.map((_, m) => m);
const singles = await best(2, async () => {
  for (const p of params) {
    single.setParams(p);
    await single.objectiveAndGradient();
  }
});
const batched = await best(2, () => batch.evaluate(all));
console.log(
  `${M} full-batch passes: single plan ${singles.toFixed(1)} ms, one batched evaluate ${batched.toFixed(1)} ms (${(singles / batched).toFixed(1)}×)`,
);
batch.dispose();
single.dispose();
device.destroy();
