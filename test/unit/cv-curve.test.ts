import { describe, expect, it } from 'vitest';
import { bestIndex, curveGeometry, decadeTicks, formatLambda, logScale, niceTicks } from '../../src/explain/cv-curve.js';
import type { CvGridPoint } from '../../src/model/format.js';

const box = { width: 480, height: 240, left: 50, right: 40, top: 10, bottom: 30 };

function point(l2: number, valLoss: number | null, valLossSd: number | null = 0.01, valAccuracy: number | null = 0.9): CvGridPoint {
  return { l2, lr: 0.05, valLoss, valLossSd, valAccuracy, epochs: 10 };
}

describe('the validation curve geometry', () => {
  it('logScale maps decades to equal distances and the ends to the range', () => {
    const x = logScale(1e-4, 1, 0, 400);
    expect(x(1e-4)).toBeCloseTo(0, 12);
    expect(x(1)).toBeCloseTo(400, 12);
    expect(x(1e-3) - x(1e-4)).toBeCloseTo(x(1) - x(0.1), 12);
    expect(x(10 ** -2)).toBeCloseTo(200, 12);
  });

  it('decadeTicks lists the powers of ten inside the range, else the ends', () => {
    expect(decadeTicks(2e-5, 3)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(decadeTicks(1e-3, 1e-1)).toEqual([1e-3, 1e-2, 1e-1]);
    expect(decadeTicks(2, 5)).toEqual([2, 5]);
  });

  it('niceTicks are 1, 2 or 5 × 10^k apart, inside the range', () => {
    const ticks = niceTicks(0.23, 0.61);
    expect(ticks).toEqual([0.3, 0.4, 0.5, 0.6]);
    const wide = niceTicks(0, 1000, 4);
    expect(wide).toEqual([0, 500, 1000]);
  });

  it('bestIndex is the lowest mean, the first of a tie, skipping diverged points', () => {
    expect(bestIndex([point(1, 0.5), point(0.1, null), point(0.01, 0.3), point(0.001, 0.3)])).toBe(2);
    expect(bestIndex([point(1, null)])).toBeNull();
  });

  it('places each point at log λ and its mean, the band spanning mean ± sd', () => {
    const grid = [point(1, 0.5, 0.05), point(0.01, 0.3, 0.02), point(1e-4, 0.4, 0.1)];
    const g = curveGeometry(grid, box);
    const x = logScale(1e-4, 1, box.left, box.width - box.right);
    // The loss axis: the band's extremes (0.3 − 0.02 … 0.5 + 0.05) padded by 8% of their span.
    const pad = 0.27 * 0.08;
    expect(g.loss[0]).toBeCloseTo(0.28 - pad, 12);
    expect(g.loss[1]).toBeCloseTo(0.55 + pad, 12);
    const y = (v: number) => box.height - box.bottom - ((v - g.loss[0]) / (g.loss[1] - g.loss[0])) * (box.height - box.bottom - box.top);
    for (const p of g.points) {
      const q = grid[p.index] as CvGridPoint;
      expect(p.x).toBeCloseTo(x(q.l2), 9);
      expect(p.mean).toBeCloseTo(y(q.valLoss as number), 9);
      expect(p.low).toBeCloseTo(y((q.valLoss as number) - (q.valLossSd as number)), 9);
      expect(p.high).toBeCloseTo(y((q.valLoss as number) + (q.valLossSd as number)), 9);
    }
    // The mean line runs left to right (λ ascending), whatever the grid's order.
    const xs = [...g.mean.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs).toHaveLength(3);
    expect(g.band.endsWith('Z')).toBe(true);
    expect(g.xTicks.map((t) => t.value)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
  });

  it('leaves diverged points and λ = 0 off the curve, a lone λ in the middle', () => {
    const g = curveGeometry([point(0, 0.2), point(0.1, null), point(0.01, 0.3)], box);
    expect(g.offAxis).toEqual([0]);
    expect(g.points.map((p) => p.mean === null)).toEqual([true, false]);
    const lone = curveGeometry([point(0.01, 0.3)], box);
    expect(lone.points[0]?.x).toBeCloseTo((box.left + box.width - box.right) / 2, 9);
    expect(curveGeometry([], box).band).toBe('');
  });

  it('formatLambda writes small and large λ in scientific notation', () => {
    expect(formatLambda(0.000123456)).toBe('1.23e-4');
    expect(formatLambda(0.5)).toBe('0.5');
    expect(formatLambda(12345)).toBe('1.23e+4');
    expect(formatLambda(0)).toBe('0');
    expect(formatLambda(1e-6)).toBe('1e-6');
    expect(formatLambda(2.5e-5)).toBe('2.5e-5');
  });
});
