/** Resources and failures: buffers are freed, a destroyed device rejects clearly, a Node process exits after use. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../src/check/kernel-checks.js';
import { Random } from '../../src/core/random.js';
import { DEFAULT_STEP } from '../../src/core/types.js';
import { createGpuBackend } from '../../src/gpu/backend.js';
import { nodeGpuDevice } from '../../src/node/device.js';
import { testGpu } from './setup.js';

const SMALL = { kind: 'softmax', loss: 'cross-entropy', rows: 300, features: 10, classes: 3, l2: 0, paramScale: 0.1, batch: 32 } as const;

describe('GPU backend lifecycle', () => {
  it('leaves no buffer behind after bind/dispose cycles', async () => {
    const { device } = await testGpu();
    const backend = createGpuBackend(device);
    const random = new Random(1);
    for (let i = 0; i < 3; i++) {
      const { data, spec } = randomProblem(SMALL, random);
      const problem = await backend.bind(data, spec);
      expect(backend.liveBuffers()).toBeGreaterThan(0);
      await problem.epoch(random.permutation(data.rows), 32, { ...DEFAULT_STEP, optimizer: 'sgd', lr: 0.1 });
      await problem.samples();
      problem.dispose();
      expect(backend.liveBuffers()).toBe(0);
    }
    const { data, spec } = randomProblem(SMALL, random);
    await backend.bind(data, spec);
    backend.dispose();
    expect(backend.liveBuffers()).toBe(0);
  });

  it('rejects with a clear error when the device is destroyed mid-epoch', async () => {
    const { device } = await nodeGpuDevice();
    const { data, spec } = randomProblem({ ...SMALL, rows: 20_000, features: 32 }, new Random(2));
    const problem = await createGpuBackend(device).bind(data, spec);
    const epoch = problem.epoch(new Random(3).permutation(data.rows), 16, { ...DEFAULT_STEP, optimizer: 'adam', lr: 0.01 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    device.destroy();
    await expect(epoch).rejects.toThrow(/GPU computation failed \(device lost or destroyed\?\)/);
  });

  it('lets a Node process exit after training', async () => {
    const script = `
      import { nodeGpuDevice } from './src/node/device.ts';
      import { createGpuBackend } from './src/gpu/backend.ts';
      const { device } = await nodeGpuDevice();
      const problem = await createGpuBackend(device).bind({ x: new Float64Array([1, 2, 3]), y: new Uint32Array([0, 1, 1]), rows: 3, cols: 1 },
        { shape: { kind: 'logistic', features: 1, classes: 2 }, loss: 'cross-entropy', l2: 0 });
      await problem.evaluate();
      problem.dispose();
      device.destroy();
      console.log('finished');`;
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', './bin/register.js', '--input-type=module', '-e', script], {
      timeout: 30_000,
    });
    expect(stdout).toContain('finished');
  });
});
