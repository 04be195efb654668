// Gradient kernel of the softmax-split plan, after softmax-split-forward.wgsl has written dLoss/dz to `dz`:
// Σ_rows dz_k·x (and Σ dz_k for the bias, and the step's sums) into the slots of `partials`, which update.wgsl adds
// up in a fixed order. No workgroup memory and no barriers.
//
// Thread mapping: invocation i owns the pair of vec4 columns 2p, 2p + 1 of X (features 8p..8p+7), or the bias and
// the per-row sums (p = ⌈Q/2⌉), with p = i mod (⌈Q/2⌉ + 1), and run s = i div (⌈Q/2⌉ + 1) of the step's position
// quads, whose sums go to slot s. Per quad it loads the four rows' vec4s of its two columns once and each class's
// vec4 of dz (four rows) once, shared by both columns; `rows * dz` adds the four rows' dz_k·x. The class sums are
// named vec4 accumulators (registers, not arrays: common.wgsl), CLASS_BLOCK ≤ 12 classes per block (more classes
// re-read the columns). Two columns, not one: dz loads per vec4 of X drop from K to K/2, measured ~25%
// faster on SwiftShader despite twice the accumulators.
// Each slot entry is written by exactly one invocation, in a fixed order: the same bits every run.

/**
 * Adds class k0 + j's dz (vec4 d + j·stride of `dz`: four rows) times the four rows' vec4s of columns A and B
 * (columns of xa, xb) to *a, *b. j ≥ CLASS_BLOCK is folded away (j is a constant after inlining).
 */
fn addGradient(j: u32, d: u32, stride: u32, xa: mat4x4<f32>, xb: mat4x4<f32>, a: ptr<function, vec4<f32>>, b: ptr<function, vec4<f32>>) {
  if (j < CLASS_BLOCK) {
    let v = dz[d + j * stride];
    *a += xa * v;
    *b += xb * v;
  }
}

/** Vec4 column c of the four rows starting at `base` (row offsets) as the columns of a matrix. */
fn columnAt(base: vec4<u32>, c: u32) -> mat4x4<f32> {
  return mat4x4<f32>(x[base.x + c], x[base.y + c], x[base.z + c], x[base.w + c]);
}

@compute @workgroup_size(WG)
fn gradient(@builtin(global_invocation_id) gid: vec3<u32>) {
  // Column pairs (2p, 2p + 1), then one more for the bias and row sums.
  let pairs = (Q + 1u) / 2u;
  let p = gid.x % (pairs + 1u);
  let s = gid.x / (pairs + 1u);
  if (s >= header.groups) {
    return;
  }
  let quads = (stepRows() + 3u) / 4u;
  let run = (quads + header.groups - 1u) / header.groups;
  let begin = min(s * run, quads);
  let end = min(begin + run, quads);
  let slot = s * SLOT;
  let first = chunk.first == 1u;
  let stride = quadStride();
  if (p == pairs) {
    // Bias (x = 1) and the per-row sums: one class at a time, over the run.
    for (var k = 0u; k < OUTPUTS + 3u; k++) {
      var sum = vec4<f32>(0.0);
      for (var t = begin; t < end; t++) {
        sum += dz[k * stride + t];
      }
      addPartial(select(slot + P + k - OUTPUTS, slot + W + k, k < OUTPUTS), dot(sum, vec4<f32>(1.0)), first);
    }
    return;
  }
  let ca = 2u * p;
  // With Q odd the last pair's second column is past the rows: it reads column Q − 1 and writes nothing.
  let cb = min(ca + 1u, Q - 1u);
  for (var k0 = 0u; k0 < OUTPUTS; k0 += CLASS_BLOCK) {
    // Class k0 + j: sums a_j of column A, b_j of column B.
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
    for (var t = begin; t < end; t++) {
      // Positions outside the step or chunk have dz = 0; they read row 0 of the chunk.
      let base = safeRows(quadRows(t)) * Q;
      let xa = columnAt(base, ca);
      let xb = columnAt(base, cb);
      let d = k0 * stride + t;
      addGradient(0u, d, stride, xa, xb, &a0, &b0);
      addGradient(1u, d, stride, xa, xb, &a1, &b1);
      addGradient(2u, d, stride, xa, xb, &a2, &b2);
      addGradient(3u, d, stride, xa, xb, &a3, &b3);
      addGradient(4u, d, stride, xa, xb, &a4, &b4);
      addGradient(5u, d, stride, xa, xb, &a5, &b5);
      addGradient(6u, d, stride, xa, xb, &a6, &b6);
      addGradient(7u, d, stride, xa, xb, &a7, &b7);
      addGradient(8u, d, stride, xa, xb, &a8, &b8);
      addGradient(9u, d, stride, xa, xb, &a9, &b9);
      addGradient(10u, d, stride, xa, xb, &a10, &b10);
      addGradient(11u, d, stride, xa, xb, &a11, &b11);
    }
    addClass(slot, first, ca, k0, 0u, a0);
    addClass(slot, first, ca + 1u, k0, 0u, b0);
    addClass(slot, first, ca, k0, 1u, a1);
    addClass(slot, first, ca + 1u, k0, 1u, b1);
    addClass(slot, first, ca, k0, 2u, a2);
    addClass(slot, first, ca + 1u, k0, 2u, b2);
    addClass(slot, first, ca, k0, 3u, a3);
    addClass(slot, first, ca + 1u, k0, 3u, b3);
    addClass(slot, first, ca, k0, 4u, a4);
    addClass(slot, first, ca + 1u, k0, 4u, b4);
    addClass(slot, first, ca, k0, 5u, a5);
    addClass(slot, first, ca + 1u, k0, 5u, b5);
    addClass(slot, first, ca, k0, 6u, a6);
    addClass(slot, first, ca + 1u, k0, 6u, b6);
    addClass(slot, first, ca, k0, 7u, a7);
    addClass(slot, first, ca + 1u, k0, 7u, b7);
    addClass(slot, first, ca, k0, 8u, a8);
    addClass(slot, first, ca + 1u, k0, 8u, b8);
    addClass(slot, first, ca, k0, 9u, a9);
    addClass(slot, first, ca + 1u, k0, 9u, b9);
    addClass(slot, first, ca, k0, 10u, a10);
    addClass(slot, first, ca + 1u, k0, 10u, b10);
    addClass(slot, first, ca, k0, 11u, a11);
    addClass(slot, first, ca + 1u, k0, 11u, b11);
  }
}

/** Adds the sums of class k0 + j (if j < CLASS_BLOCK and it is below OUTPUTS) of features 4c..4c+3 (those below D) to the slot. */
fn addClass(slot: u32, first: bool, c: u32, k0: u32, j: u32, sums: vec4<f32>) {
  let k = k0 + j;
  if (j >= CLASS_BLOCK || k >= OUTPUTS) {
    return;
  }
  for (var e = 0u; e < 4u && 4u * c + e < D; e++) {
    addPartial(slot + k * D + 4u * c + e, sums[e], first);
  }
}
