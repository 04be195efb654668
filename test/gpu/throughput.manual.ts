/**
 * Quick throughput check of the GPU backend on the benchmark workloads (not a test; timings are never asserted):
 *   node --import ./bin/register.js test/gpu/throughput.manual.ts [--no-subgroups] [--quick] [logistic|softmax]
 * (WG=n in the environment sets the workgroup size.)
 * Prints ms per epoch and effective GB/s (bytes of X per epoch over epoch time) against the read ceiling of
 * bench/ceiling.ts measured on an equally large buffer in the same run.
 */
import { measureReadCeiling } from '../../bench/ceiling.js';
import { Random } from '../../src/core/random.js';
import { DEFAULT_STEP, type ModelKind } from '../../src/core/types.js';
import { createGpuBackend } from '../../src/gpu/backend.js';
import { nodeGpuDevice } from '../../src/node/device.js';

const quick = process.argv.includes('--quick');
const { device, adapter } = await nodeGpuDevice({ maxLimits: true });
const workgroupSize = Number(process.env.WG ?? 64);
const backend = createGpuBackend(device, adapter, { subgroups: !process.argv.includes('--no-subgroups'), workgroupSize });
console.log(`${adapter}, subgroups: ${backend.subgroups}`);

const workloads: { kind: ModelKind; rows: number; features: number; classes: number }[] = [
  { kind: 'logistic', rows: 65536, features: 64, classes: 2 },
  { kind: 'softmax', rows: 16384, features: 784, classes: 10 },
];
const only = workloads.filter((w) => process.argv.includes(w.kind));
for (const w of only.length > 0 ? only : workloads) {
  const rows = quick ? w.rows / 8 : w.rows;
  const random = new Random(1);
  const x = new Float64Array(rows * w.features).map(() => random.normal());
  const y = new Uint32Array(rows).map(() => random.int(w.classes));
  const bytes = rows * w.features * 4;
  const ceiling = await measureReadCeiling(device, bytes);
  const problem = await backend.bind(
    { x, y, rows, cols: w.features },
    { shape: { kind: w.kind, features: w.features, classes: w.classes }, loss: 'cross-entropy', l2: 0 },
  );
  for (const batch of [rows, 1024]) {
    const times: number[] = [];
    for (let e = 0; e < 4; e++) {
      const order = random.permutation(rows);
      const start = performance.now();
      await problem.epoch(order, batch, { ...DEFAULT_STEP, optimizer: 'sgd', lr: 0.1 });
      if (e > 0) times.push(performance.now() - start);
    }
    const ms = Math.min(...times);
    const gbps = bytes / ms / 1e6;
    console.log(
      `${w.kind} N=${rows} D=${w.features} batch=${batch}: ${ms.toFixed(1)} ms/epoch, ${gbps.toFixed(2)} GB/s, ` +
        `${((100 * gbps) / ceiling.gbps).toFixed(0)}% of the read ceiling ${ceiling.gbps.toFixed(2)} GB/s`,
    );
  }
  problem.dispose();
}
device.destroy();
