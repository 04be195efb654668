/**
 * The logistic step's arithmetic floor on this adapter (not a test; timings are never asserted):
 *   node --import ./bin/register.js test/gpu/arithmetic-floor.manual.ts
 * Times, in the same run, the read ceiling of bench/ceiling.ts and the same read with a logistic step's arithmetic
 * per row of 64 features (shaders/bench-read.wgsl, logisticArithmetic) on a buffer as large as the benchmark's X.
 */
import { measureReadCeiling } from '../../bench/ceiling.js';
import { nodeGpuDevice } from '../../src/node/device.js';

const { device, adapter } = await nodeGpuDevice({ maxLimits: true });
const bytes = 65536 * 64 * 4;
console.log(adapter);
for (let trial = 0; trial < 3; trial++) {
  const read = await measureReadCeiling(device, bytes);
  const arithmetic = await measureReadCeiling(device, bytes, 'logisticArithmetic');
  console.log(
    `read ${read.gbps.toFixed(2)} GB/s, read + logistic arithmetic ${arithmetic.gbps.toFixed(2)} GB/s: ` +
      `${((100 * arithmetic.gbps) / read.gbps).toFixed(0)}% of the read ceiling`,
  );
}
device.destroy();
