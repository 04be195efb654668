import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { type LandscapeLoss, type LandscapeSpec, landscapeGrid, meanLoss, optimalBias } from '../../src/explain/landscape.js';
import { columns } from '../../src/explain/logistic2d.js';

const data = columns(loadBuiltin('blobs2'));

/** J at a + t·d for t on an even grid, and the smallest second difference along it, scaled by the step². */
function smallestCurvature(loss: LandscapeLoss, a: number[], d: number[], steps = 60, span = 12): number {
  const h = span / steps;
  const values = Array.from({ length: steps + 1 }, (_, k) => {
    const t = -span / 2 + k * h;
    const [w1, w2, b] = a.map((v, i) => v + t * (d[i] as number)) as [number, number, number];
    return meanLoss(data, loss, w1, w2, b);
  });
  let smallest = Infinity;
  for (let k = 1; k < steps; k++) {
    smallest = Math.min(smallest, ((values[k - 1] as number) - 2 * (values[k] as number) + (values[k + 1] as number)) / h ** 2);
  }
  return smallest;
}

function randomLines(seed: number, count: number): { a: number[]; d: number[] }[] {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const a = [3 * rng.normal(), 3 * rng.normal(), 2 * rng.normal()];
    const d = [rng.normal(), rng.normal(), rng.normal()];
    const norm = Math.hypot(...d);
    return { a, d: d.map((v) => v / norm) };
  });
}

describe('loss landscape of a two-feature logistic model', () => {
  it('cross-entropy is convex along every random line through (w₁, w₂, b)', () => {
    for (const { a, d } of randomLines(5, 40)) expect(smallestCurvature('cross-entropy', a, d)).toBeGreaterThan(-1e-9);
  });

  it('squared error is not: some random line bends down (a plateau’s edge)', () => {
    const worst = Math.min(...randomLines(5, 40).map(({ a, d }) => smallestCurvature('mse', a, d)));
    expect(worst).toBeLessThan(-1e-3);
  });

  it('the optimal bias zeroes ∂J/∂b for cross-entropy and beats every bias of a fine scan for both losses', () => {
    for (const [w1, w2] of [
      [0, 0],
      [1.5, -0.7],
      [-4, 3],
    ] as const) {
      for (const loss of ['cross-entropy', 'mse'] as const) {
        const b = optimalBias(data, loss, w1, w2);
        const best = meanLoss(data, loss, w1, w2, b);
        for (let t = -20; t <= 20; t += 0.05) expect(best).toBeLessThanOrEqual(meanLoss(data, loss, w1, w2, t) + 1e-12);
      }
      const b = optimalBias(data, 'cross-entropy', w1, w2);
      const h = 1e-6;
      const slope = (meanLoss(data, 'cross-entropy', w1, w2, b + h) - meanLoss(data, 'cross-entropy', w1, w2, b - h)) / (2 * h);
      expect(Math.abs(slope)).toBeLessThan(1e-7);
    }
  });

  it('with b at its optimum, the cross-entropy grid stays convex along rows and columns; the MSE grid does not', () => {
    const spec = (loss: LandscapeLoss): LandscapeSpec => ({ loss, w1: [-6, 6], w2: [-6, 6], resolution: 19, bias: 'optimal' });
    const n = 19;
    const curvatures = (grid: Float64Array) => {
      const out: number[] = [];
      for (let j = 0; j < n; j++) {
        for (let i = 1; i < n - 1; i++) {
          out.push((grid[j * n + i - 1] as number) - 2 * (grid[j * n + i] as number) + (grid[j * n + i + 1] as number));
          out.push((grid[(i - 1) * n + j] as number) - 2 * (grid[i * n + j] as number) + (grid[(i + 1) * n + j] as number));
        }
      }
      return out;
    };
    expect(Math.min(...curvatures(landscapeGrid(data, spec('cross-entropy'))))).toBeGreaterThan(-1e-9);
    expect(Math.min(...curvatures(landscapeGrid(data, spec('mse'))))).toBeLessThan(-1e-3);
  });

  it('a fixed bias gives J at exactly that bias', () => {
    const grid = landscapeGrid(data, { loss: 'mse', w1: [-1, 1], w2: [2, 3], resolution: 3, bias: 0.4 });
    expect(grid[0]).toBe(meanLoss(data, 'mse', -1, 2, 0.4));
    expect(grid[8]).toBe(meanLoss(data, 'mse', 1, 3, 0.4));
    expect(grid[5]).toBe(meanLoss(data, 'mse', 1, 2.5, 0.4));
  });
});
