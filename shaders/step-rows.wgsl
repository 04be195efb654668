// Fused training step for logistic regression with D ≤ 64 (Q ≤ 16 vec4s per row; ProblemLayout.fused): logit, loss
// and gradient sums of each row in registers, X read from memory once, no workgroup memory and no barriers.
//
// Thread mapping: invocation s (global id) owns slot s of `partials` (header.groups slots) and a contiguous run of
// ⌈batch / groups⌉ positions of the step. It keeps W (padded, up to four 4×4 blocks) and its gradient sums in named
// mat4x4 variables, not arrays: a private array lives in memory on SwiftShader, so every access would be a load and
// a store. Blocks beyond Q are skipped by conditions on the override Q, which the compiler folds. Per row: read the
// row as vec4s once, z = w·x + b, dz (logistic.wgsl), add dz·x, dz and the row's CE, loss and correct. At the end it
// writes its slot once; update.wgsl sums the slots in a fixed order, so the result has the same bits every run.
//
// Chunks (chunk.wgsl): dispatched once per chunk of X; rows of other chunks are skipped, chunk 0 writes the slots and
// later chunks add to them.

/** Vec4 c of the row starting at `base`, zero past the row's Q vec4s (c is a constant after inlining). */
fn rowVec(base: u32, c: u32) -> vec4<f32> {
  if (c < Q) {
    return x[base + c];
  }
  return vec4<f32>(0.0);
}

/** Vec4s 4b..4b+3 of the row starting at `base` as the columns of a matrix. */
fn rowBlock(base: u32, b: u32) -> mat4x4<f32> {
  return mat4x4<f32>(rowVec(base, 4u * b), rowVec(base, 4u * b + 1u), rowVec(base, 4u * b + 2u), rowVec(base, 4u * b + 3u));
}

/** Vec4s 4b..4b+3 of the padded weights, zero past Q. */
fn weightBlock(b: u32) -> mat4x4<f32> {
  var w = mat4x4<f32>();
  for (var c = 0u; c < 4u && 4u * b + c < Q; c++) {
    w[c] = weights[4u * b + c];
  }
  return w;
}

fn dotBlock(a: mat4x4<f32>, b: mat4x4<f32>) -> f32 {
  return dot(a[0], b[0]) + dot(a[1], b[1]) + dot(a[2], b[2]) + dot(a[3], b[3]);
}

/** Adds the features of block b (features 16b..16b+15, those below D) to the slot at `slot`. */
fn addBlock(slot: u32, b: u32, sums: mat4x4<f32>, first: bool) {
  for (var c = 0u; c < 4u; c++) {
    for (var e = 0u; e < 4u; e++) {
      let feature = 16u * b + 4u * c + e;
      if (feature < D) {
        addPartial(slot + feature, sums[c][e], first);
      }
    }
  }
}

@compute @workgroup_size(WG)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x;
  if (s >= header.groups) {
    return;
  }
  let n = stepRows();
  let run = (n + header.groups - 1u) / header.groups;
  let begin = min(s * run, n);
  let end = min(begin + run, n);
  let bias = state[W];
  let w0 = weightBlock(0u);
  let w1 = weightBlock(1u);
  let w2 = weightBlock(2u);
  let w3 = weightBlock(3u);
  var g0 = mat4x4<f32>();
  var g1 = mat4x4<f32>();
  var g2 = mat4x4<f32>();
  var g3 = mat4x4<f32>();
  var gBias = 0.0;
  var sums = vec3<f32>(0.0);
  for (var position = begin; position < end; position++) {
    let row = chunkRow(position);
    if (row == NONE) {
      continue;
    }
    let base = row * Q;
    let x0 = rowBlock(base, 0u);
    var z = bias + dotBlock(w0, x0);
    var x1 = mat4x4<f32>();
    var x2 = mat4x4<f32>();
    var x3 = mat4x4<f32>();
    if (Q > 4u) {
      x1 = rowBlock(base, 1u);
      z += dotBlock(w1, x1);
    }
    if (Q > 8u) {
      x2 = rowBlock(base, 2u);
      z += dotBlock(w2, x2);
    }
    if (Q > 12u) {
      x3 = rowBlock(base, 3u);
      z += dotBlock(w3, x3);
    }
    let r = logisticRow(z, y[row]);
    g0 += r.dz * x0;
    if (Q > 4u) {
      g1 += r.dz * x1;
    }
    if (Q > 8u) {
      g2 += r.dz * x2;
    }
    if (Q > 12u) {
      g3 += r.dz * x3;
    }
    gBias += r.dz;
    sums += vec3<f32>(r.result.crossEntropy, r.result.loss, r.result.correct);
  }
  let slot = s * SLOT;
  let first = chunk.first == 1u;
  addBlock(slot, 0u, g0, first);
  if (Q > 4u) {
    addBlock(slot, 1u, g1, first);
  }
  if (Q > 8u) {
    addBlock(slot, 2u, g2, first);
  }
  if (Q > 12u) {
    addBlock(slot, 3u, g3, first);
  }
  addPartial(slot + W, gBias, first);
  for (var q = 0u; q < 3u; q++) {
    addPartial(slot + P + q, sums[q], first);
  }
}
