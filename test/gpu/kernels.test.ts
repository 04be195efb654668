/** Every kernel through every backend operation vs the float64 CPU path (src/gpu/selfcheck.ts), on both forward variants. */
import { describe, expect, it } from 'vitest';
import { CHECK_CASES, type KernelCheck, runKernelChecks } from '../../src/gpu/selfcheck.js';
import { nodeGpuDevice } from '../../src/node/device.js';
import { testGpu } from './setup.js';

function expectAllOk(results: KernelCheck[]): void {
  expect(results.length).toBeGreaterThan(0);
  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: error ${r.maxRelError} ${r.detail ?? ''} (seed ${r.seed})`);
  expect(failed).toEqual([]);
}

describe('GPU kernels vs the CPU path', () => {
  it('match with subgroup operations (when the adapter has them)', async () => {
    const { device } = await testGpu();
    expect(device.features.has('subgroups')).toBe(true);
    expectAllOk(await runKernelChecks(device));
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

  it('match when X is split into chunks smaller than one row block', async () => {
    const { device } = await testGpu();
    // 256 bytes per chunk: these cases (D ≤ 16, logistic and softmax, CE and MSE) span several chunks, and the
    // shuffled order mixes chunks within each batch.
    const cases = CHECK_CASES.filter((k) => k.features <= 16 && k.rows >= 60 && k.paramScale < 1).slice(0, 4);
    expectAllOk(await runKernelChecks(device, { backend: { maxChunkBytes: 256 }, cases }));
  });
});
