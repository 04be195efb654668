/**
 * One sample's losses and their gradients with respect to the score z, as functions of p = σ(z): the picture behind
 * "why not squared error". Float64; the stable forms come from core/losses.
 */
import { logisticCrossEntropy, sigmoid } from '../core/losses.js';

/** Nats (natural log) or bits (log base 2): H(p, q) read in bits divides by ln 2. */
export type InformationUnit = 'nats' | 'bits';

/** Divisor that turns nats into `unit`. */
export function unitScale(unit: InformationUnit): number {
  return unit === 'bits' ? Math.LN2 : 1;
}

/** Everything the per-sample picture shows at one score z for label y. */
export interface SampleLoss {
  z: number;
  p: number;
  /** −[y ln p + (1 − y) ln(1 − p)] in `unit`. */
  crossEntropy: number;
  /** (p − y)². */
  squaredError: number;
  /** ∂CE/∂z = p − y (in `unit`: divided by ln 2 for bits). */
  crossEntropyGrad: number;
  /** ∂(p − y)²/∂z = 2(p − y)·p(1 − p): the factor p(1 − p) is what vanishes when the model is confidently wrong. */
  squaredErrorGrad: number;
}

export function sampleLoss(z: number, y: 0 | 1, unit: InformationUnit = 'nats'): SampleLoss {
  const p = sigmoid(z);
  const scale = unitScale(unit);
  return {
    z,
    p,
    crossEntropy: logisticCrossEntropy(z, y) / scale,
    squaredError: (p - y) ** 2,
    crossEntropyGrad: (p - y) / scale,
    squaredErrorGrad: 2 * (p - y) * p * (1 - p),
  };
}

/** The score whose probability is p (the inverse of σ), clamped so p = 0 or 1 stays finite. */
export function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  return Math.log(q / (1 - q));
}
