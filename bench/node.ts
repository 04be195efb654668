/** The xent part of the benchmark in Node, through Dawn: ceilings, xent GPU and xent CPU on the same workloads. */

import { CHECK_VARIANTS, type KernelCheck, runKernelChecks } from '../src/check/kernel-checks.js';
import { createGpuBackend } from '../src/gpu/backend.js';
import type { KernelTuning } from '../src/gpu/layout.js';
import { nodeGpuDevice } from '../src/node/device.js';
import type { RunResults } from './results.js';
import { runSuite } from './suite.js';
import { xentCpuContender, xentGpuContender } from './xent.js';

export interface NodeBenchOptions {
  quick: boolean;
  /** Add the workloads sized for a real GPU (workloads.ts). */
  large: boolean;
  /** Leave out the float64 CPU path (seconds per softmax epoch; on a GPU machine only xent GPU is of interest). */
  gpuOnly: boolean;
  /** First check every kernel against the CPU path on this adapter (src/check/kernel-checks.ts); fail if one is off. */
  check: boolean;
}

async function checkKernels(device: GPUDevice, log: (message: string) => void): Promise<void> {
  const results: KernelCheck[] = [];
  for (const v of CHECK_VARIANTS) {
    for (const r of await runKernelChecks(device, { backend: v.backend, cases: v.cases }))
      results.push({ ...r, name: `${v.name}: ${r.name}` });
  }
  const failed = results.filter((r) => !r.ok);
  const worst = Math.max(...results.map((r) => r.maxRelError));
  log(
    `node: kernel checks: ${results.length - failed.length}/${results.length} within tolerance, worst relative error ${worst.toExponential(2)}`,
  );
  if (failed.length > 0) {
    const lines = failed.map((r) => `  ${r.name}: ${r.maxRelError} ${r.detail ?? ''} (seed ${r.seed})`);
    throw new Error(`kernel checks failed on this adapter:\n${lines.join('\n')}`);
  }
}

export async function runNodeBench(o: NodeBenchOptions, log: (message: string) => void): Promise<RunResults> {
  // The adapter's own buffer limits: the copy ceiling needs 256 MiB buffers.
  const { device, adapter } = await nodeGpuDevice({ maxLimits: true });
  // XENT_TUNING overrides the adapter-based kernel shapes, to compare both on one machine (bench/NOTES.md).
  const tuning = process.env.XENT_TUNING as KernelTuning | undefined;
  if (tuning && !['cpu', 'gpu'].includes(tuning)) throw new Error(`XENT_TUNING must be cpu or gpu, not ${tuning}`);
  const gpu = createGpuBackend(device, adapter, tuning ? { tuning } : {});
  try {
    if (o.check) await checkKernels(device, log);
    return await runSuite({
      environment: 'node',
      adapter,
      runtime: `Node ${process.version}, Dawn (npm webgpu)${tuning ? `, XENT_TUNING=${tuning}` : ''}`,
      quick: o.quick,
      large: o.large,
      device,
      contenders: o.gpuOnly ? [xentGpuContender(gpu)] : [xentGpuContender(gpu), xentCpuContender()],
      log,
    });
  } finally {
    gpu.dispose();
    device.destroy();
  }
}
