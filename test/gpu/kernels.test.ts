/**
 * Every kernel through every backend operation vs the float64 CPU path (src/check/kernel-checks.ts), on both forward
 * variants of the tiled plan: the subgroup one where the device has the `subgroups` feature (else the fallback), and
 * the fallback one on a second device without the feature.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_VARIANTS, type KernelCheck, runKernelChecks } from '../../src/check/kernel-checks.js';
import { createGpuBackend } from '../../src/gpu/backend.js';
import { nodeGpuDevice } from '../../src/node/device.js';
import { testGpu } from './setup.js';

function expectAllOk(results: KernelCheck[]): void {
  expect(results.length).toBeGreaterThan(0);
  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: error ${r.maxRelError} ${r.detail ?? ''} (seed ${r.seed})`);
  expect(failed).toEqual([]);
}

const { device } = await testGpu();
const forward = device.features.has('subgroups') ? 'subgroup forward' : 'fallback forward: no subgroups feature';

describe('GPU kernels vs the CPU path', () => {
  it('use the subgroup kernels exactly when the device has the feature', () => {
    const backend = createGpuBackend(device);
    expect(backend.subgroups).toBe(device.features.has('subgroups'));
    backend.dispose();
  });

  it.each(CHECK_VARIANTS.map((v) => [v.name, v] as const))(`match: %s (${forward})`, async (_, variant) => {
    expect(variant.cases.length).toBeGreaterThan(0);
    expectAllOk(await runKernelChecks(device, { backend: variant.backend, cases: variant.cases }));
  });

  it('match on a device without the subgroups feature (the fallback kernels)', async () => {
    const { device } = await nodeGpuDevice({ features: [] });
    try {
      expect(device.features.has('subgroups')).toBe(false);
      expectAllOk(await runKernelChecks(device));
    } finally {
      device.destroy();
    }
  });
});
