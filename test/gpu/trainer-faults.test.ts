/** The Trainer over the GPU backend under faults and long runs: device loss and resume, no buffer growth. */
import { describe, expect, it } from 'vitest';
import type { EpochResult } from '../../src/core/options.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { createGpuBackend } from '../../src/gpu/backend.js';
import { nodeGpuDevice } from '../../src/node/device.js';
import { Trainer, TrainingError } from '../../src/train/trainer.js';
import { testGpu } from './setup.js';

describe('Trainer on the GPU', () => {
  it('1000 short epochs and 50 train/stop cycles leave the live buffer count flat', async () => {
    const { device } = await testGpu();
    const backend = createGpuBackend(device);
    const data = loadBuiltin('blobs2');
    const trainer = new Trainer(backend, data, { epochs: 1000, optimizer: 'adam', lr: 0.01, batchSize: 64, valSplit: 0.1 });
    const counts: number[] = [];
    for await (const r of trainer.epochs()) if (r.epoch % 100 === 0) counts.push(backend.liveBuffers());
    expect(trainer.history).toHaveLength(1000);
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    trainer.dispose();
    expect(backend.liveBuffers()).toBe(0);

    for (let cycle = 0; cycle < 50; cycle++) {
      const run = new Trainer(backend, data, { epochs: 3, optimizer: 'sgd', lr: 0.1 });
      for await (const r of run.epochs()) if (r.epoch === 1 + (cycle % 2)) run.stop();
      run.dispose();
      expect(backend.liveBuffers()).toBe(0);
    }
  });

  it('a device destroyed mid-run: TrainingError names the epoch, the last finished weights stay, training resumes on the CPU', async () => {
    const { device } = await nodeGpuDevice();
    const data = loadBuiltin('blobs3');
    const trainer = new Trainer(createGpuBackend(device), data, { epochs: 40, optimizer: 'sgd', lr: 0.2, batchSize: 16 });
    const seen: { result: EpochResult; params: Float64Array }[] = [];
    const error = await (async () => {
      for await (const result of trainer.epochs()) {
        seen.push({ result, params: trainer.params() });
        if (result.epoch === 3) device.destroy();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).epoch).toBe(4);
    expect((error as Error).message).toMatch(/^epoch 4: .*kept the weights of epoch 3/);
    expect(trainer.history).toHaveLength(3);
    expect(Array.from(trainer.params())).toEqual(Array.from(seen[2]?.params ?? []));

    trainer.useBackend(createCpuBackend());
    await trainer.run();
    expect(trainer.history.map((r) => r.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(trainer.history[39]?.loss).toBeLessThan(trainer.history[2]?.loss as number);
    expect(trainer.model().training.backend).toBe('cpu');
  });
});
