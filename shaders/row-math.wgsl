// Per-row math in float32 shared by every plan, in the stable forms (the float64 twin: src/core/losses.ts): exp is
// only ever taken of a non-positive number, so no logit overflows. The logistic row (one output) is here; the softmax
// rows (tiled-row.wgsl, softmax-split-forward.wgsl) are built on log1pPositive and RowResult.

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

struct LogisticRow {
  result: RowResult,
  /** σ(z). */
  p: f32,
  /** dLoss/dz. */
  dz: f32,
}

/** The numbers of one logistic row with logit z and label 0/1 (LOSS picks cross-entropy or squared error). */
fn logisticRow(z: f32, label: u32) -> LogisticRow {
  var row: LogisticRow;
  let y = f32(label);
  let e = exp(-abs(z));
  let p = select(e / (1.0 + e), 1.0 / (1.0 + e), z >= 0.0);
  row.p = p;
  row.result.crossEntropy = max(z, 0.0) - y * z + log1pPositive(e);
  row.result.correct = select(0.0, 1.0, (p >= 0.5) == (label == 1u));
  let d = p - y;
  if (LOSS == LOSS_CROSS_ENTROPY) {
    row.result.loss = row.result.crossEntropy;
    row.dz = d;
  } else {
    row.result.loss = d * d;
    row.dz = 2.0 * d * p * (1.0 - p);
  }
  return row;
}
