/**
 * No GPU memory leaks from the page's side: 50 short train/stop cycles on WebGPU (a tiny table, 2 epochs; of every
 * three runs one finishes, one is stopped after its first epoch and one is stopped as soon as it is asked for) leave
 * the training worker's count of live GPU buffers where it was after the first cycle.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trainerLoaded } from './app-helpers.js';
import { usePage } from './fixture.js';

const CYCLES = 50;

describe('train/stop cycles on WebGPU', () => {
  const app = usePage('/index.html', { ready: trainerLoaded });
  let counts: (number | null)[];
  let trained: { backend: string; epochs: number }[];

  beforeAll(async () => {
    ({ counts, trained } = await app.page.$eval(
      'xent-trainer',
      async (trainer, cycles) => {
        // 24 rows, 2 features, 2 classes: the smallest honest problem, so 50 cycles stay quick on SwiftShader.
        const rows = 24;
        const x = Float64Array.from({ length: rows * 2 }, (_, i) => Math.sin(i * 1.7) + (i % 4 < 2 ? 1 : -1));
        const y = Uint32Array.from({ length: rows }, (_, r) => (r % 2 === 0 ? 1 : 0));
        trainer.data = { name: 'tiny', features: ['a', 'b'], label: 'label', classes: ['0', '1'], x, y, rows, cols: 2 };
        for (const [name, value] of Object.entries({ backend: 'gpu', epochs: '2', optimizer: 'adam' })) trainer.setAttribute(name, value);
        await trainer.updateComplete;
        const counts: (number | null)[] = [];
        const trained: { backend: string; epochs: number }[] = [];
        for (let cycle = 0; cycle < cycles; cycle++) {
          if (cycle % 3 === 1) trainer.addEventListener('xent-epoch', () => trainer.stop(), { once: true });
          const run = trainer.train();
          if (cycle % 3 === 2) trainer.stop();
          const model = await run;
          trained.push({ backend: model?.training.backend ?? 'none', epochs: model?.training.epochs ?? -1 });
          counts.push(await trainer.testProbe('live-buffers'));
        }
        return { counts, trained };
      },
      CYCLES,
    ));
  });

  it('trains every cycle on the GPU, and every stop ends its run early', () => {
    // A stop sent on the first epoch may arrive after the second (tiny data): 1 or 2 epochs. One sent right behind
    // the request ends the run before its end, and almost always before its first epoch.
    const expected = [[2], [1, 2], [0, 1]];
    trained.forEach(({ backend, epochs }, cycle) => {
      expect(backend).toBe('gpu');
      expect(expected[cycle % 3]).toContain(epochs);
    });
  });

  it('keeps the count of live GPU buffers flat', () => {
    expect(typeof counts[0]).toBe('number');
    expect(counts).toEqual(Array(CYCLES).fill(counts[0]));
  });

  it('logs no errors and requests nothing outside the origin', () => {
    app.expectCleanPage();
  });
});
