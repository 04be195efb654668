// Per-row model math of DESIGN §1 in float32, in the stable forms: exp is only ever taken of a non-positive number,
// so no logit overflows. Used by step.wgsl for training and per-sample outputs.

const CLASS_BLOCK: u32 = 16u;

struct RowResult {
  crossEntropy: f32,
  /** The training loss (cross-entropy or squared error). */
  loss: f32,
  correct: f32,
}

/**
 * ln(1 + u) for u ≥ 0. WGSL has no log1p and log() near 1 is only specified to an absolute 2^-21, so for u ≤ 1 it
 * uses ln(1 + u) = 2·atanh(s), s = u / (2 + u) ≤ 1/3, summed to s¹⁷ (next term < 1e-9 relative).
 */
fn log1pPositive(u: f32) -> f32 {
  if (u > 1.0) {
    return log(1.0 + u);
  }
  let s = u / (2.0 + u);
  let s2 = s * s;
  var poly = 1.0 / 17.0;
  poly = poly * s2 + 1.0 / 15.0;
  poly = poly * s2 + 1.0 / 13.0;
  poly = poly * s2 + 1.0 / 11.0;
  poly = poly * s2 + 1.0 / 9.0;
  poly = poly * s2 + 1.0 / 7.0;
  poly = poly * s2 + 1.0 / 5.0;
  poly = poly * s2 + 1.0 / 3.0;
  poly = poly * s2 + 1.0;
  return 2.0 * s * poly;
}

/**
 * zdz[base .. base+OUTPUTS) holds a row's logits. Returns its numbers and overwrites the logits with the
 * probabilities (`probabilities`) or with dLoss/dz (training).
 */
fn rowResult(base: u32, label: u32, probabilities: bool) -> RowResult {
  var result: RowResult;
  if (OUTPUTS == 1u) {
    let z = zdz[base];
    let y = f32(label);
    let e = exp(-abs(z));
    let p = select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
    result.crossEntropy = max(z, 0.0) - y * z + log1pPositive(e);
    result.correct = select(0.0, 1.0, (p >= 0.5) == (label == 1u));
    let d = p - y;
    if (LOSS == 0u) {
      result.loss = result.crossEntropy;
      zdz[base] = select(d, p, probabilities);
    } else {
      result.loss = d * d;
      zdz[base] = select(2.0 * d * p * (1.0 - p), p, probabilities);
    }
    return result;
  }
  // Softmax: shift by the arg-max logit m; rest = Σ_{k≠argmax} exp(z_k − m) ∈ [0, K−1], logsumexp = m + ln(1 + rest).
  var best = 0u;
  for (var k = 1u; k < OUTPUTS; k++) {
    if (zdz[base + k] > zdz[base + best]) {
      best = k;
    }
  }
  let m = zdz[base + best];
  var rest = 0.0;
  for (var k = 0u; k < OUTPUTS; k++) {
    if (k != best) {
      rest += exp(zdz[base + k] - m);
    }
  }
  result.crossEntropy = (m - zdz[base + label]) + log1pPositive(rest);
  result.correct = select(0.0, 1.0, best == label);
  let scale = 1.0 / (1.0 + rest);
  // Probabilities in place; Σ(p − t)² and Σ(p − t)·p for the squared error on the way.
  var squared = 0.0;
  var dot = 0.0;
  for (var k = 0u; k < OUTPUTS; k++) {
    let p = exp(zdz[base + k] - m) * scale;
    zdz[base + k] = p;
    let d = p - select(0.0, 1.0, k == label);
    squared += d * d;
    dot += d * p;
  }
  result.loss = select(squared, result.crossEntropy, LOSS == 0u);
  if (!probabilities) {
    for (var k = 0u; k < OUTPUTS; k++) {
      let p = zdz[base + k];
      let d = p - select(0.0, 1.0, k == label);
      zdz[base + k] = select(2.0 * p * (d - dot), d, LOSS == 0u);
    }
  }
  return result;
}
