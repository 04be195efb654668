/**
 * A logistic model on a two-feature data set, p = σ(w₁x₁ + w₂x₂ + b), and the numbers the explorables show for it:
 * the log-likelihood, Σ CE, the mean squared error, accuracy, and the gradient. Float64 on the CPU; cheap enough for
 * a few hundred rows on every slider move.
 */
import { logisticCrossEntropy, sigmoid } from '../core/losses.js';
import type { LabeledMatrix } from '../core/types.js';

/** Weights of the two features and the bias, in raw feature units. */
export interface LineModel {
  w1: number;
  w2: number;
  b: number;
}

export interface LineModelFit {
  /** ln L = Σ ln p(y_n | x_n). */
  logLikelihood: number;
  /** Σ CE_n = −ln L. */
  sumCrossEntropy: number;
  /** Mean (p_n − y_n)². */
  meanSquaredError: number;
  /** Fraction of rows with (p ≥ ½) = y. */
  accuracy: number;
  /** ∇ of the mean cross-entropy + (l2/2)‖w‖² with respect to (w₁, w₂, b). */
  gradient: [number, number, number];
}

/** The two-feature rows as (x₁, x₂, y) columns. */
export function columns(data: LabeledMatrix): { x1: Float64Array; x2: Float64Array; y: Float64Array } {
  if (data.cols !== 2) throw new Error(`the explorables need two features; this data set has ${data.cols}`);
  const x1 = new Float64Array(data.rows);
  const x2 = new Float64Array(data.rows);
  const y = new Float64Array(data.rows);
  for (let r = 0; r < data.rows; r++) {
    x1[r] = data.x[2 * r] as number;
    x2[r] = data.x[2 * r + 1] as number;
    y[r] = data.y[r] === 1 ? 1 : 0;
  }
  return { x1, x2, y };
}

export type Columns = ReturnType<typeof columns>;

export function fitOf({ x1, x2, y }: Columns, m: LineModel, l2 = 0): LineModelFit {
  let ce = 0;
  let se = 0;
  let right = 0;
  let g1 = 0;
  let g2 = 0;
  let gb = 0;
  const n = y.length;
  for (let r = 0; r < n; r++) {
    const z = m.w1 * (x1[r] as number) + m.w2 * (x2[r] as number) + m.b;
    const label = y[r] as number;
    const p = sigmoid(z);
    ce += logisticCrossEntropy(z, label);
    se += (p - label) ** 2;
    if ((p >= 0.5 ? 1 : 0) === label) right++;
    g1 += (p - label) * (x1[r] as number);
    g2 += (p - label) * (x2[r] as number);
    gb += p - label;
  }
  return {
    logLikelihood: -ce,
    sumCrossEntropy: ce,
    meanSquaredError: se / n,
    accuracy: right / n,
    gradient: [g1 / n + l2 * m.w1, g2 / n + l2 * m.w2, gb / n],
  };
}

/** Scores z_n = w·x_n + b of every row. */
export function scoresOf({ x1, x2 }: Columns, m: LineModel): Float64Array {
  const z = new Float64Array(x1.length);
  for (let r = 0; r < z.length; r++) z[r] = m.w1 * (x1[r] as number) + m.w2 * (x2[r] as number) + m.b;
  return z;
}

/** The number as "m × 10^e" from its natural log (L underflows a double for a few thousand rows). */
export function powerOfTenParts(logValue: number): { mantissa: number; exponent: number } {
  const exponent = Math.floor(logValue / Math.LN10);
  return { mantissa: Math.exp(logValue - exponent * Math.LN10), exponent };
}

/** The data's range on each axis with a 5% margin: the decision-region view's window. */
export function viewWindow({ x1, x2 }: Columns): { x: [number, number]; y: [number, number] } {
  const widen = (values: Float64Array): [number, number] => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const margin = 0.05 * (hi - lo || 1);
    return [lo - margin, hi + margin];
  };
  return { x: widen(x1), y: widen(x2) };
}
