/**
 * The validation curve's geometry: mean held-out cross-entropy against λ on a log axis, a ±1 sd band, accuracy on a
 * second axis, and the chosen λ. Pure numbers, so the element only draws what this returns.
 */
import { linearScale } from './scale.js';

/** What the curve reads of a cross-validation grid point (a model file's CvGridPoint has these and more). */
export interface CurveGridPoint {
  l2: number;
  /** Mean held-out cross-entropy over the folds; null: a fold's run diverged. */
  valLoss: number | null;
  valLossSd: number | null;
  valAccuracy: number | null;
}

/** The drawing box: its size and the margins kept for the axes. */
export interface CurveBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A grid point as drawn: x from log10 λ, y of the mean and the band's edges (null where the fold runs diverged). */
export interface CurvePoint {
  index: number;
  x: number;
  mean: number | null;
  low: number | null;
  high: number | null;
  accuracy: number | null;
}

export interface CurveGeometry {
  points: CurvePoint[];
  /** Indices into the grid of points not on a log axis (λ = 0). */
  offAxis: number[];
  /** ln-CE axis range after padding, and accuracy's range. */
  loss: [number, number];
  accuracy: [number, number];
  /** Decade ticks of λ with their x. */
  xTicks: { value: number; x: number }[];
  yTicks: { value: number; y: number }[];
  /** The band as one closed SVG path (upper edge left to right, lower edge back), '' when fewer than one finite point. */
  band: string;
  mean: string;
  accuracyPath: string;
}

/** λ as a short label (3 significant digits): plain between 0.01 and 1000, else in scientific notation. */
export function formatLambda(v: number): string {
  if (v === 0 || (Math.abs(v) >= 0.01 && Math.abs(v) < 1000)) return String(Number(v.toPrecision(3)));
  return v.toExponential(2).replace(/\.?0+e/, 'e');
}

/** Maps [d0, d1] onto [r0, r1] by log10 (both d positive). */
export function logScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const linear = linearScale(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => linear(Math.log10(v));
}

/** Powers of ten within [min, max], or min and max themselves when the range holds fewer than two. */
export function decadeTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) ticks.push(Number(`1e${e}`));
  return ticks.length >= 2 ? ticks : [min, max].filter((v, i, a) => a.indexOf(v) === i);
}

/** The grid point with the lowest mean validation cross-entropy (the first on a tie), as crossValidate picks it. */
export function bestIndex(grid: readonly CurveGridPoint[]): number | null {
  let best: number | null = null;
  grid.forEach((p, i) => {
    if (p.valLoss !== null && (best === null || p.valLoss < (grid[best]?.valLoss as number))) best = i;
  });
  return best;
}

/** Evenly spaced "nice" values (1, 2 or 5 × 10^k apart) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const path = (xy: [number, number][]) => xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(2)},${y.toFixed(2)}`).join('');

/** Everything the validation curve draws for `grid` in `box`. */
export function curveGeometry(grid: readonly CurveGridPoint[], box: CurveBox): CurveGeometry {
  const drawn = grid.map((p, index) => ({ p, index })).filter(({ p }) => p.l2 > 0);
  const offAxis = grid.flatMap((p, i) => (p.l2 > 0 ? [] : [i]));
  const lambdas = drawn.map(({ p }) => p.l2);
  const [lo, hi] = lambdas.length ? [Math.min(...lambdas), Math.max(...lambdas)] : [1e-4, 1];
  // One λ (or none): a decade either side, so the point sits in the middle.
  const [x0, x1] = lo === hi ? [lo / 10, hi * 10] : [lo, hi];
  const x = logScale(x0, x1, box.left, box.width - box.right);
  const finite = drawn.filter(({ p }) => p.valLoss !== null);
  const edges = finite.flatMap(({ p }) => [(p.valLoss as number) - (p.valLossSd ?? 0), (p.valLoss as number) + (p.valLossSd ?? 0)]);
  const [e0, e1] = edges.length ? [Math.min(...edges), Math.max(...edges)] : [0, 1];
  const pad = (e1 - e0) * 0.08 || Math.max(Math.abs(e1) * 0.1, 0.01);
  const loss: [number, number] = [Math.max(0, e0 - pad), e1 + pad];
  const y = linearScale(loss[0], loss[1], box.height - box.bottom, box.top);
  const accuracies = finite.map(({ p }) => p.valAccuracy as number);
  const accuracy: [number, number] = accuracies.length
    ? [Math.max(0, Math.min(...accuracies) - 0.05), Math.min(1, Math.max(...accuracies) + 0.05)]
    : [0, 1];
  const ya = linearScale(accuracy[0], accuracy[1], box.height - box.bottom, box.top);
  const points: CurvePoint[] = drawn.map(({ p, index }) => {
    const ok = p.valLoss !== null;
    const sd = p.valLossSd ?? 0;
    return {
      index,
      x: x(p.l2),
      mean: ok ? y(p.valLoss as number) : null,
      low: ok ? y((p.valLoss as number) - sd) : null,
      high: ok ? y((p.valLoss as number) + sd) : null,
      accuracy: ok && p.valAccuracy !== null ? ya(p.valAccuracy) : null,
    };
  });
  const sorted = points.filter((p) => p.mean !== null).sort((a, b) => a.x - b.x);
  const band = sorted.length
    ? `${path([...sorted.map((p): [number, number] => [p.x, p.high as number]), ...[...sorted].reverse().map((p): [number, number] => [p.x, p.low as number])])}Z`
    : '';
  return {
    points,
    offAxis,
    loss,
    accuracy,
    xTicks: decadeTicks(x0, x1).map((value) => ({ value, x: x(value) })),
    yTicks: niceTicks(loss[0], loss[1]).map((value) => ({ value, y: y(value) })),
    band,
    mean: path(sorted.map((p) => [p.x, p.mean as number])),
    accuracyPath: path(sorted.flatMap((p): [number, number][] => (p.accuracy === null ? [] : [[p.x, p.accuracy]]))),
  };
}
