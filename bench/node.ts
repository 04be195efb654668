/** The xent part of the benchmark in Node, through Dawn: ceilings, xent GPU and xent CPU on the same workloads. */
import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';
import { createGpuBackend } from '../src/gpu/backend.js';
import { describeAdapter } from '../src/gpu/browser-device.js';
import { SWIFTSHADER_ICD } from '../src/node/device.js';
import type { RunResults } from './results.js';
import { runSuite } from './suite.js';
import { xentCpuContender, xentGpuContender } from './xent.js';

/**
 * Dawn's instance, held for the whole run: once the object `create()` returned is collected, Dawn is torn down under
 * pending work (the package README, "Lifetime") and a long submit aborts the process. nodeGpuDevice() does not keep
 * it, so the bench acquires its device here, the same way: the system's Vulkan drivers, else SwiftShader.
 */
let dawn: GPU | undefined;

async function benchDevice(): Promise<{ device: GPUDevice; adapter: string }> {
  Object.assign(globalThis, globals);
  dawn = create([]);
  let adapter = await dawn.requestAdapter();
  if (!adapter && process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    dawn = create([]);
    adapter = await dawn.requestAdapter();
  }
  if (!adapter) throw new Error('Dawn found no WebGPU adapter');
  const requiredFeatures = (['subgroups', 'timestamp-query'] as const).filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  return { device, adapter: describeAdapter(adapter.info) };
}

export async function runNodeBench(quick: boolean, log: (message: string) => void): Promise<RunResults> {
  const { device, adapter } = await benchDevice();
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
