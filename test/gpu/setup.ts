/**
 * Every GPU test file gets one Dawn device (SwiftShader when there is no GPU). No adapter is a failure, never a skip.
 */
import { afterAll } from 'vitest';
import { type NodeGpu, nodeGpuDevice } from '../../src/node/device.js';

let shared: Promise<NodeGpu> | undefined;

/** The file's device, with the subgroups feature when the adapter has it. */
export function testGpu(): Promise<NodeGpu> {
  shared ??= nodeGpuDevice().catch((e: unknown) => {
    throw new Error(`GPU tests need a WebGPU adapter and none was found: ${e instanceof Error ? e.message : String(e)}`);
  });
  return shared;
}

const gpu = await testGpu();
console.info(`GPU tests on: ${gpu.adapter}`);

afterAll(() => gpu.device.destroy());
