import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadbackPacer } from '../../src/gpu/readback.js';

describe('ReadbackPacer', () => {
  afterEach(() => vi.useRealTimers());

  it('waits at once the first time, then sleeps through most of the last wait of the same kind before polling', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const pacer = new ReadbackPacer(true);
    const gpuTakes = (ms: number) => () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), ms));
    const first = pacer.wait('epoch', gpuTakes(10));
    await vi.advanceTimersByTimeAsync(10);
    expect(await first).toBe('done');

    let polled = false;
    const second = pacer.wait('epoch', () => {
      polled = true;
      return Promise.resolve('again');
    });
    await vi.advanceTimersByTimeAsync(7.9);
    expect(polled).toBe(false); // asleep for 0.8 × 10 ms
    await vi.advanceTimersByTimeAsync(0.2);
    expect(await second).toBe('again');
    expect(polled).toBe(true);

    let otherKind = false;
    const third = pacer.wait('full batch', () => {
      otherKind = true;
      return Promise.resolve(0);
    });
    expect(otherKind).toBe(true); // no estimate for this kind yet
    await third;
  });

  it('never sleeps when pacing is off', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const pacer = new ReadbackPacer(false);
    let calls = 0;
    for (let i = 0; i < 3; i++) {
      const p = pacer.wait('epoch', () => {
        calls++;
        return new Promise((resolve) => setTimeout(resolve, 50));
      });
      expect(calls).toBe(i + 1);
      await vi.advanceTimersByTimeAsync(50);
      await p;
    }
  });
});
