/** Every kernel through every backend operation vs the float64 CPU path (src/gpu/selfcheck.ts), on both forward variants. */
import { describe, expect, it } from 'vitest';
import { CHECK_VARIANTS, type KernelCheck, runKernelChecks } from '../../src/gpu/selfcheck.js';
import { nodeGpuDevice } from '../../src/node/device.js';
import { testGpu } from './setup.js';

function expectAllOk(results: KernelCheck[]): void {
  expect(results.length).toBeGreaterThan(0);
  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: error ${r.maxRelError} ${r.detail ?? ''} (seed ${r.seed})`);
  expect(failed).toEqual([]);
}

describe('GPU kernels vs the CPU path', () => {
  it.each(CHECK_VARIANTS.map((v) => [v.name, v] as const))('match: %s', async (_, variant) => {
    const { device } = await testGpu();
    expect(device.features.has('subgroups')).toBe(true);
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
