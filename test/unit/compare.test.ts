import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { builtinDataset } from '../../src/data/builtin.js';
import { type ComparedEpoch, LossComparison } from '../../src/train/compare.js';

describe('cross-entropy vs MSE', () => {
  it('on the built-in stalling case both runs have equal length and CE ends far lower than MSE', async () => {
    const stall = builtinDataset('mse-stall');
    const comparison = new LossComparison(createCpuBackend(), stall.load(), { ...stall.options, epochs: 30 });
    const seen: ComparedEpoch[] = [];
    for await (const e of comparison.epochs()) seen.push(e);
    const ce = seen.filter((e) => e.run === 'cross-entropy').map((e) => e.result);
    const mse = seen.filter((e) => e.run === 'mse').map((e) => e.result);
    expect(ce).toHaveLength(30);
    expect(mse).toHaveLength(30);
    // Interleaved: the curves grow together.
    expect(seen.slice(0, 4).map((e) => e.run)).toEqual(['cross-entropy', 'mse', 'cross-entropy', 'mse']);
    const last = (h: typeof ce) => h[h.length - 1] as (typeof ce)[number];
    expect(last(ce).loss).toBeLessThan(0.5 * last(mse).loss);
    expect(last(ce).accuracy).toBeGreaterThan(0.95);
    // MSE's gradient is tiny from the confidently wrong start: that is the stall.
    expect((mse[0]?.gradNorm as number) * 10).toBeLessThan(ce[0]?.gradNorm as number);
  });
});
