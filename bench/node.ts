/** The xent part of the benchmark in Node, through Dawn: ceilings, xent GPU and xent CPU on the same workloads. */
import { createGpuBackend } from '../src/gpu/backend.js';
import { nodeGpuDevice } from '../src/node/device.js';
import type { RunResults } from './results.js';
import { runSuite } from './suite.js';
import { xentCpuContender, xentGpuContender } from './xent.js';

export async function runNodeBench(quick: boolean, log: (message: string) => void): Promise<RunResults> {
  // The adapter's own buffer limits: the copy ceiling needs 256 MiB buffers.
  const { device, adapter } = await nodeGpuDevice({ maxLimits: true });
  const gpu = createGpuBackend(device, adapter);
  try {
    return await runSuite({
      environment: 'node',
      adapter,
      runtime: `Node ${process.version}, Dawn (npm webgpu)`,
      quick,
      device,
      contenders: [xentGpuContender(gpu), xentCpuContender()],
      log,
    });
  } finally {
    gpu.dispose();
    device.destroy();
  }
}
