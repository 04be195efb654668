// The tiled plan (src/gpu/layout.ts KernelPlan): logits, per-sample loss and the gradient sums Σ dz·x (and Σ dz and
// the step's sums) of one mini-batch in one kernel, reading each row of X from memory once. It trains the problems
// the other plans do not take: logistic with D > 64 (logistic-rows.wgsl takes D ≤ 64), and softmax only when the dz
// buffer of softmax-split-*.wgsl would exceed one storage binding. `samples` serves every plan.
//
// Algorithm: the batch is cut into tiles of TILE rows; workgroup g takes tiles g, g+groups, … (grid stride).
// Per tile: (1) tileForward (tiled-forward-threads.wgsl or tiled-forward-subgroups.wgsl) computes each row's logits and
// dLoss/dz into workgroup memory; (2) after one barrier, invocation `lid` owns vec4 columns c = lid, lid+WG, … of X
// (4 features each; rows are zero-padded to Q vec4s, plus the bias column and one column of per-row sums) and adds
// Σ_rows dz_row·x_row,c for CLASS_BLOCK outputs at a time (named 4×4 blocks; one plain vec4 when OUTPUTS = 1); the tile's
// rows were just read in (1), so (2) hits the cache, and adjacent invocations read adjacent addresses. The workgroup's sums go to its own slot of `partials` (written on its first tile, added to after), so no
// atomics and no cross-workgroup order dependence: update.wgsl then sums the slots in a fixed order (same bits every run).
// Only 2 barriers per tile; no barrier tree on the hot path.
//
// X larger than one storage binding comes in chunks (group 1): the kernel is dispatched once per chunk and skips
// the rows that live in other chunks (chunk.wgsl); chunk 0 initialises the slots, later chunks add to them.
//
// `samples` (same module) writes per-row probabilities and cross-entropy instead of gradient sums.

/** Rows per tile (ProblemLayout.tile: what the workgroup memory holds, at most 256). */
override TILE: u32;
/** Outputs per block of accumulators: the forward pass's logits, the gradient sums' four named 4×4 blocks. */
const CLASS_BLOCK: u32 = 16u;

/** Vec4s per tile row of zdz. */
override KB: u32 = (OUTPUTS + 3u) / 4u;
/**
 * The tile's logits, then its dLoss/dz (or probabilities): KB vec4s per row (entries past OUTPUTS unused), so that
 * the gradient sums read four outputs per load.
 */
var<workgroup> zdz: array<vec4<f32>, TILE * KB>;

fn tileZ(r: u32, k: u32) -> f32 {
  return zdz[r * KB + k / 4u][k % 4u];
}

fn setTileZ(r: u32, k: u32, value: f32) {
  zdz[r * KB + k / 4u][k % 4u] = value;
}
/** Chunk-local row of each tile position, NONE if outside the step or the chunk. */
var<workgroup> rowOf: array<u32, TILE>;
/** Per row: cross-entropy, training loss, correct (0/1). */
var<workgroup> rowSums: array<f32, TILE * 3u>;

fn finishRow(r: u32, row: u32, probabilities: bool) {
  let result = rowResult(r, y[row], probabilities);
  rowSums[3u * r] = result.crossEntropy;
  rowSums[3u * r + 1u] = result.loss;
  rowSums[3u * r + 2u] = result.correct;
}

/** Adds output k's sums of vec4 column c (c = Q: the bias, in .x) to the slot. */
fn addColumn(slot: u32, first: bool, c: u32, k: u32, sums: vec4<f32>) {
  if (c == Q) {
    addPartial(slot + W + k, sums.x, first);
    return;
  }
  for (var e = 0u; e < 4u && 4u * c + e < D; e++) {
    addPartial(slot + k * D + 4u * c + e, sums[e], first);
  }
}

/**
 * Adds the tile's sums into the workgroup's slot; `first` overwrites instead (the slot's first tile of the step).
 * Column c < Q is features 4c..4c+3 (one vec4 load per row), c = Q the bias, c = Q + 1 the per-row sums.
 */
fn accumulateTile(lid: u32, slot: u32, first: bool) {
  for (var c = lid; c < Q + 2u; c += WG) {
    if (c == Q + 1u) {
      var s = vec3<f32>(0.0);
      for (var r = 0u; r < TILE; r++) {
        if (rowOf[r] != NONE) {
          s += vec3<f32>(rowSums[3u * r], rowSums[3u * r + 1u], rowSums[3u * r + 2u]);
        }
      }
      for (var q = 0u; q < 3u; q++) {
        addPartial(slot + P + q, s[q], first);
      }
      continue;
    }
    if (OUTPUTS == 1u) {
      // One output (logistic): a plain vec4 accumulator (registers, not arrays: common.wgsl).
      var sum = vec4<f32>(0.0);
      for (var r = 0u; r < TILE; r++) {
        let row = rowOf[r];
        if (row != NONE) {
          sum += zdz[r].x * select(vec4<f32>(1.0), x[row * Q + min(c, Q - 1u)], c < Q);
        }
      }
      addColumn(slot, first, c, 0u, sum);
      continue;
    }
    for (var k0 = 0u; k0 < OUTPUTS; k0 += CLASS_BLOCK) {
      // Named 4×4 blocks (column j of block b: output k0 + 4b + j; registers, not arrays: common.wgsl).
      var a0 = mat4x4<f32>();
      var a1 = mat4x4<f32>();
      var a2 = mat4x4<f32>();
      var a3 = mat4x4<f32>();
      for (var r = 0u; r < TILE; r++) {
        let row = rowOf[r];
        if (row == NONE) {
          continue;
        }
        var xv = vec4<f32>(1.0);
        if (c < Q) {
          xv = x[row * Q + c];
        }
        // Vec4s of zdz past OUTPUTS hold leftovers; they only reach outputs that addOutputs never writes.
        let dz = r * KB + k0 / 4u;
        a0 += outerBlock(xv, zdz[dz]);
        if (OUTPUTS > 4u && k0 + 4u < OUTPUTS) {
          a1 += outerBlock(xv, zdz[dz + 1u]);
        }
        if (OUTPUTS > 8u && k0 + 8u < OUTPUTS) {
          a2 += outerBlock(xv, zdz[dz + 2u]);
        }
        if (OUTPUTS > 12u && k0 + 12u < OUTPUTS) {
          a3 += outerBlock(xv, zdz[dz + 3u]);
        }
      }
      addOutputs(slot, first, c, k0, a0);
      if (OUTPUTS > 4u) {
        addOutputs(slot, first, c, k0 + 4u, a1);
      }
      if (OUTPUTS > 8u) {
        addOutputs(slot, first, c, k0 + 8u, a2);
      }
      if (OUTPUTS > 12u) {
        addOutputs(slot, first, c, k0 + 12u, a3);
      }
    }
  }
}

/** Column j is xv·d[j]: one row's contribution to the sums of four outputs. */
fn outerBlock(xv: vec4<f32>, d: vec4<f32>) -> mat4x4<f32> {
  return mat4x4<f32>(xv * d.x, xv * d.y, xv * d.z, xv * d.w);
}

/** Adds the sums of outputs k..k+3 (those below OUTPUTS; column j is output k + j) of vec4 column c to the slot. */
fn addOutputs(slot: u32, first: bool, c: u32, k: u32, sums: mat4x4<f32>) {
  for (var j = 0u; j < 4u && k + j < OUTPUTS; j++) {
    addColumn(slot, first, c, k + j, sums[j]);
  }
}

@compute @workgroup_size(WG)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let tiles = (header.batch + TILE - 1u) / TILE;
  let slot = wid.x * SLOT;
  for (var tile = wid.x; tile < tiles; tile += header.groups) {
    tileForward(lid, tile * TILE, false);
    workgroupBarrier();
    accumulateTile(lid, slot, chunk.first == 1u && tile == wid.x);
    workgroupBarrier();
  }
}

@group(2) @binding(0) var<storage, read_write> probabilities: array<f32>;
@group(2) @binding(1) var<storage, read_write> crossEntropy: array<f32>;

/** Per-row outputs of one chunk (identity order, one step of all rows): workgroup g takes chunk rows [g·TILE, (g+1)·TILE). */
@compute @workgroup_size(WG)
fn samples(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  tileForward(lid, chunk.start + wid.x * TILE, true);
  workgroupBarrier();
  for (var r = lid; r < TILE; r += WG) {
    let row = rowOf[r];
    if (row == NONE) {
      continue;
    }
    let out = chunk.start + row;
    for (var k = 0u; k < OUTPUTS; k++) {
      probabilities[out * OUTPUTS + k] = tileZ(r, k);
    }
    crossEntropy[out] = rowSums[3u * r];
  }
}
