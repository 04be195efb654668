// Forward kernel of the softmax-split plan (src/gpu/layout.ts KernelPlan; then softmax-split-gradient.wgsl): logits,
// dLoss/dz and the per-row sums of a mini-batch, written to `dz` for the gradient kernel. No workgroup memory and no
// barriers.
//
// Why this shape (measured on SwiftShader): a load whose address is not a compile-time
// constant is a masked per-lane gather, and the tiled kernel loaded K weight vec4s per vec4 of X, through a workgroup
// barrier (coroutines). Here invocation i owns the two quads of step positions 8i..8i+3 (A) and 8i+4..8i+7 (B) and
// keeps one logit accumulator per class and quad as a named vec4 over the quad's four rows (registers, not arrays:
// common.wgsl): per vec4 column q of X it loads the eight rows' vec4s once and each weight vec4 once,
// shared by the eight rows (`rows * w` is four dot products). Per vec4 of X that is 1 + K/8 vec4 loads instead of
// 1 + K. With that, arithmetic and register spills cost about as much as the loads: four rows per invocation,
// blocks of four classes, and a mat4x4 per four classes (which pads K = 10 to 12) were all slower. Classes go in
// blocks of CLASS_BLOCK ≤ 12 (X is re-read per block).
//
// The logits go to `dz`, then the quad's softmax (the stable forms of tiled-row.wgsl) runs on vec4s over the quad,
// one class at a time, and overwrites them with dLoss/dz; classes OUTPUTS + SUM_* get each row's sums. Positions outside the step or this chunk of X get zeros, so the gradient kernel can add them blindly.
//
// dz layout: class-major, `quadStride` vec4s per class; vec4 t of class k holds positions 4t..4t+3.

/** Classes per block of named accumulators (ProblemLayout.classBlock: ⌈OUTPUTS / blocks⌉ ≤ 12). */
override CLASS_BLOCK: u32;

@group(2) @binding(0) var<storage, read_write> dz: array<vec4<f32>>;

fn quadStride() -> u32 {
  return (header.batch + 3u) / 4u;
}

/**
 * Adds class k0 + j's products with vec4 q of the rows of quads A and B (rows of xa, xb) to its logits *a, *b (one
 * component per row). The weight vec4 is loaded once for both quads; j ≥ CLASS_BLOCK is folded away (j is a constant).
 */
fn addLogits(j: u32, k0: u32, q: u32, xa: mat4x4<f32>, xb: mat4x4<f32>, a: ptr<function, vec4<f32>>, b: ptr<function, vec4<f32>>) {
  if (j < CLASS_BLOCK) {
    // Clamped to a real class: the last block's classes may be past OUTPUTS.
    let w = weights[min(k0 + j, OUTPUTS - 1u) * Q + q];
    *a += xa * w;
    *b += xb * w;
  }
}

/** Vec4 q of the four rows starting at `base` (row offsets) as the rows of a matrix. */
fn rowsAt(base: vec4<u32>, q: u32) -> mat4x4<f32> {
  return transpose(mat4x4<f32>(x[base.x + q], x[base.y + q], x[base.z + q], x[base.w + q]));
}

/** Stores class k0 + j's logits of quads A and B (B only if it is a second quad). */
fn storeLogits(j: u32, k0: u32, ta: u32, tb: u32, a: vec4<f32>, b: vec4<f32>) {
  let k = k0 + j;
  if (j < CLASS_BLOCK && k < OUTPUTS) {
    let bias = state[W + k];
    dz[k * quadStride() + ta] = a + bias;
    if (tb != ta) {
      dz[k * quadStride() + tb] = b + bias;
    }
  }
}

/** The four chunk-local rows of quad t (NONE outside the step or this chunk). */
fn quadRows(t: u32) -> vec4<u32> {
  return vec4<u32>(chunkRow(4u * t), chunkRow(4u * t + 1u), chunkRow(4u * t + 2u), chunkRow(4u * t + 3u));
}

/** Rows of quad t for loading: outside the step or chunk, row 0 of the chunk (its results are zeroed or unused). */
fn safeRows(rows: vec4<u32>) -> vec4<u32> {
  return select(vec4<u32>(0u), rows, rows != vec4<u32>(NONE));
}

fn vecLog1p(u: vec4<f32>) -> vec4<f32> {
  return vec4<f32>(log1pPositive(u.x), log1pPositive(u.y), log1pPositive(u.z), log1pPositive(u.w));
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let quads = (stepRows() + 3u) / 4u;
  let ta = 2u * gid.x;
  if (ta >= quads) {
    return;
  }
  // The second quad past the step reads like the first and stores nothing.
  let tb = select(ta, ta + 1u, ta + 1u < quads);
  let rowsA = quadRows(ta);
  let rowsB = quadRows(tb);
  let baseA = safeRows(rowsA) * Q;
  let baseB = safeRows(rowsB) * Q;
  for (var k0 = 0u; k0 < OUTPUTS; k0 += CLASS_BLOCK) {
    // Class k0 + j: logits a_j of quad A, b_j of quad B.
    var a0 = vec4<f32>();
    var a1 = vec4<f32>();
    var a2 = vec4<f32>();
    var a3 = vec4<f32>();
    var a4 = vec4<f32>();
    var a5 = vec4<f32>();
    var a6 = vec4<f32>();
    var a7 = vec4<f32>();
    var a8 = vec4<f32>();
    var a9 = vec4<f32>();
    var a10 = vec4<f32>();
    var a11 = vec4<f32>();
    var b0 = vec4<f32>();
    var b1 = vec4<f32>();
    var b2 = vec4<f32>();
    var b3 = vec4<f32>();
    var b4 = vec4<f32>();
    var b5 = vec4<f32>();
    var b6 = vec4<f32>();
    var b7 = vec4<f32>();
    var b8 = vec4<f32>();
    var b9 = vec4<f32>();
    var b10 = vec4<f32>();
    var b11 = vec4<f32>();
    for (var q = 0u; q < Q; q++) {
      let xa = rowsAt(baseA, q);
      let xb = rowsAt(baseB, q);
      addLogits(0u, k0, q, xa, xb, &a0, &b0);
      addLogits(1u, k0, q, xa, xb, &a1, &b1);
      addLogits(2u, k0, q, xa, xb, &a2, &b2);
      addLogits(3u, k0, q, xa, xb, &a3, &b3);
      addLogits(4u, k0, q, xa, xb, &a4, &b4);
      addLogits(5u, k0, q, xa, xb, &a5, &b5);
      addLogits(6u, k0, q, xa, xb, &a6, &b6);
      addLogits(7u, k0, q, xa, xb, &a7, &b7);
      addLogits(8u, k0, q, xa, xb, &a8, &b8);
      addLogits(9u, k0, q, xa, xb, &a9, &b9);
      addLogits(10u, k0, q, xa, xb, &a10, &b10);
      addLogits(11u, k0, q, xa, xb, &a11, &b11);
    }
    storeLogits(0u, k0, ta, tb, a0, b0);
    storeLogits(1u, k0, ta, tb, a1, b1);
    storeLogits(2u, k0, ta, tb, a2, b2);
    storeLogits(3u, k0, ta, tb, a3, b3);
    storeLogits(4u, k0, ta, tb, a4, b4);
    storeLogits(5u, k0, ta, tb, a5, b5);
    storeLogits(6u, k0, ta, tb, a6, b6);
    storeLogits(7u, k0, ta, tb, a7, b7);
    storeLogits(8u, k0, ta, tb, a8, b8);
    storeLogits(9u, k0, ta, tb, a9, b9);
    storeLogits(10u, k0, ta, tb, a10, b10);
    storeLogits(11u, k0, ta, tb, a11, b11);
  }
  finishQuad(ta, rowsA);
  if (tb != ta) {
    finishQuad(tb, rowsB);
  }
}

/** Softmax of the quad's logits in `dz` (one vec4 per class, a row per component), replaced by dLoss/dz. */
fn finishQuad(t: u32, chunkRows: vec4<u32>) {
  let stride = quadStride();
  let valid = chunkRows != vec4<u32>(NONE);
  let rows = safeRows(chunkRows);
  let labels = vec4<u32>(y[rows.x], y[rows.y], y[rows.z], y[rows.w]);
  // Shift by the arg-max logit m; rest = Σ_{k≠argmax} exp(z_k − m) ∈ [0, K−1], logsumexp = m + ln(1 + rest).
  var m = dz[t];
  var best = vec4<u32>(0u);
  for (var k = 1u; k < OUTPUTS; k++) {
    let z = dz[k * stride + t];
    let above = z > m;
    m = select(m, z, above);
    best = select(best, vec4<u32>(k), above);
  }
  var rest = vec4<f32>(0.0);
  var zLabel = vec4<f32>(0.0);
  for (var k = 0u; k < OUTPUTS; k++) {
    let z = dz[k * stride + t];
    rest += select(exp(z - m), vec4<f32>(0.0), best == vec4<u32>(k));
    zLabel = select(zLabel, z, labels == vec4<u32>(k));
  }
  let crossEntropy = (m - zLabel) + vecLog1p(rest);
  let scale = 1.0 / (1.0 + rest);
  // Σ(p − t)² and Σ(p − t)·p for the squared error.
  var squared = vec4<f32>(0.0);
  var dotP = vec4<f32>(0.0);
  if (LOSS == LOSS_MSE) {
    for (var k = 0u; k < OUTPUTS; k++) {
      let p = exp(dz[k * stride + t] - m) * scale;
      let d = p - select(vec4<f32>(0.0), vec4<f32>(1.0), labels == vec4<u32>(k));
      squared += d * d;
      dotP += d * p;
    }
  }
  for (var k = 0u; k < OUTPUTS; k++) {
    let p = exp(dz[k * stride + t] - m) * scale;
    let d = p - select(vec4<f32>(0.0), vec4<f32>(1.0), labels == vec4<u32>(k));
    dz[k * stride + t] = select(vec4<f32>(0.0), select(2.0 * p * (d - dotP), d, LOSS == LOSS_CROSS_ENTROPY), valid);
  }
  let zero = vec4<f32>(0.0);
  dz[(OUTPUTS + SUM_CROSS_ENTROPY) * stride + t] = select(zero, crossEntropy, valid);
  dz[(OUTPUTS + SUM_LOSS) * stride + t] = select(zero, select(squared, crossEntropy, LOSS == LOSS_CROSS_ENTROPY), valid);
  dz[(OUTPUTS + SUM_CORRECT) * stride + t] = select(zero, select(zero, vec4<f32>(1.0), best == labels), valid);
}
