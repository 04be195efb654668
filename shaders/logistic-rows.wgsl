// The logistic-rows plans (src/gpu/layout.ts KernelPlan): logistic regression with D ≤ 64 (Q ≤ 16 vec4s per row),
// the logit, loss and gradient sums of each row in registers, X read from memory once.
//
// Two entry points: `step` (plan logistic-rows, for CPU adapters such as SwiftShader: no workgroup memory, no
// barrier) — invocation s owns slot s of `partials` (header.groups slots) and a contiguous run of ⌈batch / groups⌉
// positions of the step; `stepReduced` (plan logistic-rows-reduced, for GPUs) — invocations own short runs and each
// workgroup sums its invocations' sums into one slot. An invocation keeps W (padded, up to four 4×4 blocks) and its
// gradient sums in named mat4x4 variables (registers, not arrays: common.wgsl); blocks beyond Q are skipped by
// conditions on the override Q. Per row: read the row as vec4s once, z = w·x + b, dz (row-math.wgsl), add dz·x, dz
// and the row's sums. Each slot is written once; update.wgsl sums the slots in a fixed order, so the result has the
// same bits every run.
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

/** One invocation's sums over its rows: the gradient sums of W in four 4×4 blocks, of b, and Σ CE, Σ loss, Σ correct. */
struct RowSums {
  g0: mat4x4<f32>,
  g1: mat4x4<f32>,
  g2: mat4x4<f32>,
  g3: mat4x4<f32>,
  bias: f32,
  sums: vec3<f32>,
}

/** Sums over the rows at positions [begin, end) of the step. */
fn sumRows(begin: u32, end: u32) -> RowSums {
  let bias = state[W];
  let w0 = weightBlock(0u);
  let w1 = weightBlock(1u);
  let w2 = weightBlock(2u);
  let w3 = weightBlock(3u);
  var s = RowSums();
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
    s.g0 += r.dz * x0;
    if (Q > 4u) {
      s.g1 += r.dz * x1;
    }
    if (Q > 8u) {
      s.g2 += r.dz * x2;
    }
    if (Q > 12u) {
      s.g3 += r.dz * x3;
    }
    s.bias += r.dz;
    s.sums += vec3<f32>(r.result.crossEntropy, r.result.loss, r.result.correct);
  }
  return s;
}

/** Entry i < SLOT of a RowSums, in slot order: feature i of W (i < D = W), the bias, then the three sums. */
fn rowSumsEntry(s: RowSums, i: u32) -> f32 {
  if (i < W) {
    let block = i / 16u;
    let c = (i / 4u) % 4u;
    let e = i % 4u;
    switch block {
      case 0u: {
        return s.g0[c][e];
      }
      case 1u: {
        return s.g1[c][e];
      }
      case 2u: {
        return s.g2[c][e];
      }
      default: {
        return s.g3[c][e];
      }
    }
  }
  if (i == W) {
    return s.bias;
  }
  return s.sums[i - P];
}

/** Positions of the step owned by invocation t of `invocations`: a contiguous run, the runs as even as possible. */
fn runOf(t: u32, invocations: u32) -> vec2<u32> {
  let n = stepRows();
  let run = (n + invocations - 1u) / invocations;
  let begin = min(t * run, n);
  return vec2<u32>(begin, min(begin + run, n));
}

/** Invocation s writes slot s (header.groups slots): no barrier, for CPU adapters such as SwiftShader. */
@compute @workgroup_size(WG)
fn step(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x;
  if (s >= header.groups) {
    return;
  }
  let run = runOf(s, header.groups);
  let sums = sumRows(run.x, run.y);
  let slot = s * SLOT;
  let first = chunk.first == 1u;
  addBlock(slot, 0u, sums.g0, first);
  if (Q > 4u) {
    addBlock(slot, 1u, sums.g1, first);
  }
  if (Q > 8u) {
    addBlock(slot, 2u, sums.g2, first);
  }
  if (Q > 12u) {
    addBlock(slot, 3u, sums.g3, first);
  }
  addPartial(slot + W, sums.bias, first);
  for (var q = 0u; q < 3u; q++) {
    addPartial(slot + P + q, sums.sums[q], first);
  }
}

/** Adds the features of block b (features 16b..16b+15, those below D) to the slot at `slot`, by constant indices. */
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

/**
 * Workgroup g writes slot g (header.groups slots) after summing its WG invocations' sums through workgroup memory in
 * a fixed order (one barrier): for GPUs, which need many short-running invocations in flight but few slots for
 * update.wgsl to sum.
 */
var<workgroup> invocationSums: array<f32, WG * SLOT>;

@compute @workgroup_size(WG)
fn stepReduced(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let run = runOf(wid.x * WG + lid, header.groups * WG);
  let sums = sumRows(run.x, run.y);
  for (var i = 0u; i < SLOT; i++) {
    invocationSums[lid * SLOT + i] = rowSumsEntry(sums, i);
  }
  workgroupBarrier();
  let first = chunk.first == 1u;
  for (var i = lid; i < SLOT; i += WG) {
    var total = 0.0;
    for (var t = 0u; t < WG; t++) {
      total += invocationSums[t * SLOT + i];
    }
    addPartial(wid.x * SLOT + i, total, first);
  }
}
