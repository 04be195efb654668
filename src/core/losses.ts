/**
 * Per-sample losses and their derivatives with respect to the logits, in stable forms (exp only of non-positive numbers).
 * Float64 everywhere; the GPU kernels implement the same formulas in float32.
 */

/** σ(z) without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Logistic cross-entropy for label y ∈ {0,1}: max(z,0) − y·z + log1p(exp(−|z|)). */
export function logisticCrossEntropy(z: number, y: number): number {
  return Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
}

/** ln Σ exp(z_k), shifted by the max so it never overflows. */
export function logSumExp(z: ArrayLike<number>): number {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) max = Math.max(max, z[k] as number);
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += Math.exp((z[k] as number) - max);
  return max + Math.log(sum);
}

/** Softmax cross-entropy: logsumexp(z) − z_y. */
export function softmaxCrossEntropy(z: ArrayLike<number>, y: number): number {
  return logSumExp(z) - (z[y] as number);
}

/** softmax(z) written into `out`. */
export function softmaxInto(z: ArrayLike<number>, out: Float64Array): Float64Array {
  const lse = logSumExp(z);
  for (let k = 0; k < z.length; k++) out[k] = Math.exp((z[k] as number) - lse);
  return out;
}

/** Logistic squared error (p − y)². */
export function logisticSquaredError(z: number, y: number): number {
  const d = sigmoid(z) - y;
  return d * d;
}

/** d(p − y)²/dz = 2(p − y)·p(1 − p): vanishes when the model is confidently wrong. */
export function logisticSquaredErrorGrad(z: number, y: number): number {
  const p = sigmoid(z);
  return 2 * (p - y) * p * (1 - p);
}

/** Softmax squared error Σ_k (p_k − onehot_k)², given p. */
export function softmaxSquaredError(p: ArrayLike<number>, y: number): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) {
    const d = (p[k] as number) - (k === y ? 1 : 0);
    s += d * d;
  }
  return s;
}

/** d/dz_j Σ_k (p_k − t_k)² = 2·p_j·((p_j − t_j) − Σ_k (p_k − t_k)·p_k), written into `out`. */
export function softmaxSquaredErrorGradInto(p: ArrayLike<number>, y: number, out: Float64Array): Float64Array {
  let dot = 0;
  for (let k = 0; k < p.length; k++) dot += ((p[k] as number) - (k === y ? 1 : 0)) * (p[k] as number);
  for (let j = 0; j < p.length; j++) {
    const pj = p[j] as number;
    out[j] = 2 * pj * (pj - (j === y ? 1 : 0) - dot);
  }
  return out;
}
