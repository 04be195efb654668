/**
 * The loss landscape of a two-feature logistic model: the mean loss J over a grid of (w₁, w₂), with the bias either
 * fixed or at its optimum for each (w₁, w₂). Cross-entropy is convex in (w, b), and so is its minimum over b; squared
 * error on p is not (it saturates into plateaus where σ does). Pure float64 functions: the element computes one grid
 * few cells at a time between frames.
 */
import { logisticCrossEntropy, sigmoid } from '../core/losses.js';
import type { Columns } from './logistic2d.js';

export type LandscapeLoss = 'cross-entropy' | 'mse';

export interface LandscapeSpec {
  loss: LandscapeLoss;
  /** w₁ from `w1[0]` to `w1[1]` (columns), w₂ from `w2[0]` to `w2[1]` (rows, bottom to top). */
  w1: [number, number];
  w2: [number, number];
  /** Grid points per side. */
  resolution: number;
  /** A fixed bias, or the bias that minimises J for each (w₁, w₂). */
  bias: number | 'optimal';
}

/** J(w₁, w₂, b): mean cross-entropy, or mean (p − y)². */
export function meanLoss({ x1, x2, y }: Columns, loss: LandscapeLoss, w1: number, w2: number, b: number): number {
  let sum = 0;
  for (let r = 0; r < y.length; r++) {
    const z = w1 * (x1[r] as number) + w2 * (x2[r] as number) + b;
    sum += loss === 'cross-entropy' ? logisticCrossEntropy(z, y[r] as number) : (sigmoid(z) - (y[r] as number)) ** 2;
  }
  return sum / y.length;
}

/** The bias minimising J at (w₁, w₂). */
export function optimalBias(data: Columns, loss: LandscapeLoss, w1: number, w2: number): number {
  const s = new Float64Array(data.y.length);
  for (let r = 0; r < s.length; r++) s[r] = w1 * (data.x1[r] as number) + w2 * (data.x2[r] as number);
  return loss === 'cross-entropy' ? crossEntropyBias(s, data.y) : squaredErrorBias(data, w1, w2, s);
}

/**
 * ∂J/∂b = mean(σ(s + b) − y) increases with b, so its root is bracketed and Newton's steps are kept inside the
 * bracket (bisection when a step leaves it). One class only: the optimum is at ±∞, clamped to ±50.
 */
function crossEntropyBias(s: Float64Array, y: Float64Array): number {
  const n = y.length;
  let [lo, hi] = [-50, 50];
  let b = 0;
  for (let i = 0; i < 100; i++) {
    let d = 0;
    let curvature = 0;
    for (let r = 0; r < n; r++) {
      const p = sigmoid((s[r] as number) + b);
      d += p - (y[r] as number);
      curvature += p * (1 - p);
    }
    if (d > 0) hi = b;
    else lo = b;
    const newton = curvature > 0 ? b - d / curvature : Number.NaN;
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    if (Math.abs(next - b) < 1e-12 * (1 + Math.abs(b))) return next;
    b = next;
  }
  return b;
}

/** Squared error is not convex in b: scan for the best cell, then golden-section search around it. */
function squaredErrorBias(data: Columns, w1: number, w2: number, s: Float64Array): number {
  let spread = 0;
  for (const v of s) spread = Math.max(spread, Math.abs(v));
  const half = spread + 8;
  const cells = 20;
  const at = (b: number) => meanLoss(data, 'mse', w1, w2, b);
  let best = 0;
  let bestValue = Infinity;
  for (let i = 0; i <= cells; i++) {
    const b = -half + (2 * half * i) / cells;
    const v = at(b);
    if (v < bestValue) [best, bestValue] = [b, v];
  }
  const step = (2 * half) / cells;
  let [a, c] = [best - step, best + step];
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 30; i++) {
    const left = c - ratio * (c - a);
    const right = a + ratio * (c - a);
    if (at(left) < at(right)) c = right;
    else a = left;
  }
  const middle = (a + c) / 2;
  return at(middle) < bestValue ? middle : best;
}

/** The grid's value of w₁ at column i and of w₂ at row j (row 0 is the bottom, w₂ = spec.w2[0]). */
export function gridPoint(spec: LandscapeSpec, i: number, j: number): [number, number] {
  const t = (k: number) => k / (spec.resolution - 1);
  return [spec.w1[0] + t(i) * (spec.w1[1] - spec.w1[0]), spec.w2[0] + t(j) * (spec.w2[1] - spec.w2[0])];
}

/** J at grid cell `index` (row-major, row 0 at the bottom): the element fills its grid a few cells per frame. */
export function landscapeCell(data: Columns, spec: LandscapeSpec, index: number): number {
  const [w1, w2] = gridPoint(spec, index % spec.resolution, Math.floor(index / spec.resolution));
  const b = spec.bias === 'optimal' ? optimalBias(data, spec.loss, w1, w2) : spec.bias;
  return meanLoss(data, spec.loss, w1, w2, b);
}

/** The whole grid at once, row-major with row 0 at the bottom. */
export function landscapeGrid(data: Columns, spec: LandscapeSpec): Float64Array {
  return Float64Array.from({ length: spec.resolution ** 2 }, (_, index) => landscapeCell(data, spec, index));
}
