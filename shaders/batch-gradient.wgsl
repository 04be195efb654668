// Phase 2 and the finish of a batched full-batch pass (src/gpu/batch-kernels.ts). `gradient`: the skinny product
// G = dzᵀ·X, one invocation per (active member, output, vec4 column of X or the bias) and segment of rows, reducing
// over its segment's rows into a vec4 of `partials` (behind the forward kernel's sums). `finishSums` (one invocation
// per member) sums the forward kernel's per-invocation sums and Σ W²; `finishGradient` (one per member and parameter)
// sums the segments, divides by the member's Σ s and adds λ·W. Fixed summation orders: the same bits every run.

/** Words of one active member's results: the sums (EVAL_*) then ∇J. */
fn resultStride() -> u32 {
  return P + EVAL_WEIGHT_SQUARES + 1u;
}

@compute @workgroup_size(WG)
fn gradient(@builtin(global_invocation_id) gid: vec3<u32>) {
  let units = gradientUnits();
  let g = gid.x;
  if (g >= units * header.segments) {
    return;
  }
  let unit = g % units;
  let segment = g / units;
  let column = unit % (Q + 1u);
  let pair = unit / (Q + 1u);
  let a = pair / OUTPUTS;
  let k = pair % OUTPUTS;
  let run = (header.rows + header.segments - 1u) / header.segments;
  let begin = min(segment * run, header.rows);
  let end = min(begin + run, header.rows);
  let A = header.activeCount;
  var sum = vec4<f32>(0.0);
  // The branch outside the loops: a lane of a CPU adapter's SIMD group takes one loop, not both sides per row.
  if (column < Q) {
    for (var row = begin; row < end; row++) {
      sum += tileZ(row * A + a, k) * x[row * Q + column];
    }
  } else {
    for (var row = begin; row < end; row++) {
      sum.x += tileZ(row * A + a, k);
    }
  }
  let out = gradientPartials() + 4u * g;
  for (var e = 0u; e < 4u; e++) {
    partials[out + e] = sum[e];
  }
}

@compute @workgroup_size(WG)
fn finishSums(@builtin(global_invocation_id) gid: vec3<u32>) {
  let a = gid.x;
  if (a >= header.activeCount) {
    return;
  }
  let out = a * resultStride();
  for (var j = 0u; j < 8u; j++) {
    var total = 0.0;
    for (var t = 0u; t < header.threads; t++) {
      total += partials[(t * header.activeCount + a) * 8u + j];
    }
    results[out + j] = total;
  }
  let base = activeMember(a) * P;
  var squares = 0.0;
  for (var i = 0u; i < W; i++) {
    squares += state[base + i] * state[base + i];
  }
  results[out + EVAL_WEIGHT_SQUARES] = squares;
}

@compute @workgroup_size(WG)
fn finishGradient(@builtin(global_invocation_id) gid: vec3<u32>) {
  let a = gid.x / P;
  let i = gid.x % P;
  if (a >= header.activeCount) {
    return;
  }
  let weight = i < W;
  let k = select(i - W, i / D, weight);
  let f = i % D;
  let column = select(Q, f / 4u, weight);
  let e = select(0u, f % 4u, weight);
  let unit = (a * OUTPUTS + k) * (Q + 1u) + column;
  let units = gradientUnits();
  var total = 0.0;
  for (var segment = 0u; segment < header.segments; segment++) {
    total += partials[gradientPartials() + 4u * (segment * units + unit) + e];
  }
  let m = activeMember(a);
  let out = a * resultStride();
  var g = total / results[out + EVAL_TRAIN_WEIGHT];
  if (weight) {
    g += members[m].l2 * state[m * P + i];
  }
  results[out + EVAL_WEIGHT_SQUARES + 1u + i] = g;
}
