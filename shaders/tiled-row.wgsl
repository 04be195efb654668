// The tiled plan's per-row results on its workgroup array `zdz` (tiled.wgsl), for training and per-sample outputs:
// logistic rows through logisticRow, softmax rows here on the helpers of row-math.wgsl.

/**
 * Tile row r of zdz holds a row's logits. Returns its numbers and overwrites the logits with the
 * probabilities (`probabilities`) or with dLoss/dz (training).
 */
fn rowResult(r: u32, label: u32, probabilities: bool) -> RowResult {
  if (OUTPUTS == 1u) {
    let row = logisticRow(tileZ(r, 0u), label);
    setTileZ(r, 0u, select(row.dz, row.p, probabilities));
    return row.result;
  }
  // Softmax: shift by the arg-max logit m; rest = Σ_{k≠argmax} exp(z_k − m) ∈ [0, K−1], logsumexp = m + ln(1 + rest).
  var best = 0u;
  for (var k = 1u; k < OUTPUTS; k++) {
    if (tileZ(r, k) > tileZ(r, best)) {
      best = k;
    }
  }
  let m = tileZ(r, best);
  var rest = 0.0;
  for (var k = 0u; k < OUTPUTS; k++) {
    if (k != best) {
      rest += exp(tileZ(r, k) - m);
    }
  }
  var result: RowResult;
  result.crossEntropy = (m - tileZ(r, label)) + log1pPositive(rest);
  result.correct = select(0.0, 1.0, best == label);
  let scale = 1.0 / (1.0 + rest);
  // Probabilities in place; Σ(p − t)² and Σ(p − t)·p for the squared error on the way.
  var squared = 0.0;
  var dot = 0.0;
  for (var k = 0u; k < OUTPUTS; k++) {
    let p = exp(tileZ(r, k) - m) * scale;
    setTileZ(r, k, p);
    let d = p - select(0.0, 1.0, k == label);
    squared += d * d;
    dot += d * p;
  }
  result.loss = select(squared, result.crossEntropy, LOSS == LOSS_CROSS_ENTROPY);
  if (!probabilities) {
    for (var k = 0u; k < OUTPUTS; k++) {
      let p = tileZ(r, k);
      let d = p - select(0.0, 1.0, k == label);
      setTileZ(r, k, select(2.0 * p * (d - dot), d, LOSS == LOSS_CROSS_ENTROPY));
    }
  }
  return result;
}

