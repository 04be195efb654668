// Shared by the batched kernels (batch-forward.wgsl, batch-gradient.wgsl, batch-epoch.wgsl): M members over the
// same rows, each with its own θ, λ, held-out fold and optimizer. The host's side: src/gpu/batch-abi.ts, checked
// against this file by test/unit/abi.test.ts.
//
// state (f32, P = OUTPUTS·(D+1) parameters per member, W = OUTPUTS·D weights):
//   [0, M·P) θ of member m at m·P (W row-major, then b) | [MOMENT1, +M·P) first moment | [MOMENT2, +M·P) second.
// work (f32): logits, then dLoss/dz, OUTPUTS per (row, member) pair r (tileZ); the epoch's row ids behind them.

// No defaults: a pipeline created without one of these fails at creation (src/gpu/batch-abi.ts batchOverrides).
override D: u32;
override Q: u32;
override OUTPUTS: u32;
override LOSS: u32;
override P: u32;
override W: u32;
override MEMBERS: u32;
override MOMENT1: u32;
override MOMENT2: u32;
/** Invocations per workgroup of the kernel (set per pipeline). */
override WG: u32;

/** Per active member of an evaluate pass in `results`: the sums, then ∇J from EVAL_WEIGHT_SQUARES + 1. */
const EVAL_TRAIN_CROSS_ENTROPY = 0u;
const EVAL_TRAIN_LOSS = 1u;
const EVAL_TRAIN_CORRECT = 2u;
const EVAL_TRAIN_WEIGHT = 3u;
const EVAL_VALIDATION_CROSS_ENTROPY = 4u;
const EVAL_VALIDATION_LOSS = 5u;
const EVAL_VALIDATION_CORRECT = 6u;
const EVAL_VALIDATION_WEIGHT = 7u;
const EVAL_WEIGHT_SQUARES = 8u;
/** Per member of an epoch in `results`. */
const EPOCH_LOSS = 0u;
const EPOCH_OBJECTIVE = 1u;
const EPOCH_ACCURACY = 2u;
const EPOCH_GRAD_NORM = 3u;
const EPOCH_TAKEN = 4u;
const EPOCH_NON_FINITE = 5u;

struct BatchHeader {
  rows: u32,
  batch: u32,
  steps: u32,
  /** Row at position i: ORDERING_ORDER order[i], ORDERING_IDENTITY i, ORDERING_KEYED shuffledRow(i, rows). */
  ordering: u32,
  key: u32,
  shuffleHalf: u32,
  /** Members of this evaluate pass: indices[firstActive .. firstActive + activeCount). */
  activeCount: u32,
  firstActive: u32,
  threads: u32,
  segments: u32,
  member: u32,
}

struct RowInfo {
  label: u32,
  fold: u32,
  /** s_n ≥ 0. */
  weight: f32,
}

struct Member {
  l2: f32,
  fold: u32,
  optimizer: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  t0: u32,
}

@group(0) @binding(0) var<uniform> header: BatchHeader;
@group(0) @binding(1) var<storage, read> members: array<Member>;
/** The active members of an evaluate pass in [0, MEMBERS), then the uploaded order (a WebGPU stage has 8 storage bindings). */
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;
@group(0) @binding(4) var<storage, read_write> work: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<storage, read_write> results: array<f32>;

@group(1) @binding(0) var<storage, read> x: array<vec4<f32>>;
@group(1) @binding(1) var<storage, read> rowInfo: array<RowInfo>;

/** The member at position a of this evaluate pass. */
fn activeMember(a: u32) -> u32 {
  return indices[header.firstActive + a];
}

/** Logit k of pair r in `work` (the accessors tiled-row.wgsl's rowResult works on). */
fn tileZ(r: u32, k: u32) -> f32 {
  return work[r * OUTPUTS + k];
}

fn setTileZ(r: u32, k: u32, value: f32) {
  work[r * OUTPUTS + k] = value;
}

/** Vec4 partial sums of the gradient kernel (or forwardLogistic) per segment: one per (member, output, column or bias). */
fn gradientUnits() -> u32 {
  return header.activeCount * OUTPUTS * (Q + 1u);
}

/** Where the gradient kernel's partial sums start: behind the forward kernel's 8 sums per invocation and member. */
fn gradientPartials() -> u32 {
  return header.threads * header.activeCount * 8u;
}

/** The data set's row at position i of the pass. */
fn rowAt(i: u32) -> u32 {
  if (header.ordering == ORDERING_ORDER) {
    return indices[MEMBERS + i];
  }
  if (header.ordering == ORDERING_KEYED) {
    return shuffledRow(i, header.rows);
  }
  return i;
}

/** The lanes below D of a row's last vec4. */
fn lastMask() -> vec4<bool> {
  let used = D - 4u * (Q - 1u);
  return vec4<bool>(true, used > 1u, used > 2u, used > 3u);
}

/** Writes the logits of `row` under the member whose θ starts at `base` into pair r of `work`. */
fn writeLogits(base: u32, row: u32, r: u32) {
  for (var k = 0u; k < OUTPUTS; k++) {
    var z = state[base + W + k];
    for (var c = 0u; c < Q; c++) {
      z += dot(weightVec(base + k * D, c), x[row * Q + c]);
    }
    setTileZ(r, k, z);
  }
}

/** Vec4 c of W's row at `w` (zero from D on). */
fn weightVec(w: u32, c: u32) -> vec4<f32> {
  if (c >= Q) {
    return vec4<f32>(0.0);
  }
  let v = vec4<f32>(state[w + 4u * c], state[w + 4u * c + 1u], state[w + 4u * c + 2u], state[w + 4u * c + 3u]);
  if (c + 1u < Q) {
    return v;
  }
  // The last vec4's lanes past D hold the next row's weights or the biases.
  return select(vec4<f32>(0.0), v, lastMask());
}

/**
 * A logistic member's weights in registers (D ≤ 64: four 4×4 blocks of vec4 columns, blocks past Q zero), loaded
 * once per member and run of rows: per-lane loads of θ for every row cost more than the row's arithmetic on a CPU
 * adapter (shaders/common.wgsl on registers).
 */
struct LogisticWeights {
  b0: mat4x4<f32>,
  b1: mat4x4<f32>,
  b2: mat4x4<f32>,
  b3: mat4x4<f32>,
  bias: f32,
}

/** Whether the logistic register path applies (folded by the compiler: overrides only). */
fn registerLogistic() -> bool {
  return OUTPUTS == 1u && Q <= 16u;
}

fn weightBlock(w: u32, b: u32) -> mat4x4<f32> {
  return mat4x4<f32>(weightVec(w, 4u * b), weightVec(w, 4u * b + 1u), weightVec(w, 4u * b + 2u), weightVec(w, 4u * b + 3u));
}

fn logisticWeights(base: u32) -> LogisticWeights {
  var lw = LogisticWeights();
  if (registerLogistic()) {
    lw.b0 = weightBlock(base, 0u);
    if (Q > 4u) {
      lw.b1 = weightBlock(base, 1u);
    }
    if (Q > 8u) {
      lw.b2 = weightBlock(base, 2u);
    }
    if (Q > 12u) {
      lw.b3 = weightBlock(base, 3u);
    }
    lw.bias = state[base + W];
  }
  return lw;
}

/** X's row as four 4×4 blocks of vec4 columns (columns past Q zero; blocks past Q left zero). */
struct RowBlocks {
  x0: mat4x4<f32>,
  x1: mat4x4<f32>,
  x2: mat4x4<f32>,
  x3: mat4x4<f32>,
}

fn xVec(row: u32, c: u32) -> vec4<f32> {
  if (c < Q) {
    return x[row * Q + c];
  }
  return vec4<f32>(0.0);
}

fn rowBlock(row: u32, b: u32) -> mat4x4<f32> {
  return mat4x4<f32>(xVec(row, 4u * b), xVec(row, 4u * b + 1u), xVec(row, 4u * b + 2u), xVec(row, 4u * b + 3u));
}

fn rowBlocks(row: u32) -> RowBlocks {
  var xb = RowBlocks();
  xb.x0 = rowBlock(row, 0u);
  if (Q > 4u) {
    xb.x1 = rowBlock(row, 1u);
  }
  if (Q > 8u) {
    xb.x2 = rowBlock(row, 2u);
  }
  if (Q > 12u) {
    xb.x3 = rowBlock(row, 3u);
  }
  return xb;
}

fn dotBlock(a: mat4x4<f32>, b: mat4x4<f32>) -> f32 {
  return dot(a[0], b[0]) + dot(a[1], b[1]) + dot(a[2], b[2]) + dot(a[3], b[3]);
}

/** The logit of a row under weights in registers. */
fn logisticZ(lw: LogisticWeights, xb: RowBlocks) -> f32 {
  var z = lw.bias + dotBlock(lw.b0, xb.x0);
  if (Q > 4u) {
    z += dotBlock(lw.b1, xb.x1);
  }
  if (Q > 8u) {
    z += dotBlock(lw.b2, xb.x2);
  }
  if (Q > 12u) {
    z += dotBlock(lw.b3, xb.x3);
  }
  return z;
}

/** A logistic row's (s·CE, s·loss, s·correct, s), and s·dLoss/dz (0 unless the row trains the member). */
struct LogisticSums {
  sums: vec4<f32>,
  dz: f32,
}

fn logisticSums(z: f32, info: RowInfo, trains: bool) -> LogisticSums {
  let result = logisticRow(z, info.label);
  let s = info.weight;
  var out: LogisticSums;
  out.sums = select(vec4<f32>(0.0), s * vec4<f32>(result.result.crossEntropy, result.result.loss, result.result.correct, 1.0), s > 0.0);
  out.dz = select(0.0, s * result.dz, trains);
  return out;
}

/** memberRow for a logistic member whose weights are in `lw` (registerLogistic()). */
fn logisticMemberRow(lw: LogisticWeights, row: u32, r: u32, trains: bool) -> vec4<f32> {
  let out = logisticSums(logisticZ(lw, rowBlocks(row)), rowInfo[row], trains);
  setTileZ(r, 0u, out.dz);
  return out.sums;
}

/** The numbers of `row` (memberRow) on whichever path applies, `lw` loaded by logisticWeights(base). */
fn anyMemberRow(lw: LogisticWeights, base: u32, row: u32, r: u32, trains: bool) -> vec4<f32> {
  if (registerLogistic()) {
    return logisticMemberRow(lw, row, r, trains);
  }
  return memberRow(base, row, r, trains);
}

/**
 * The numbers of `row` for the member whose θ starts at `base`, with pair r of `work` left holding s·dLoss/dz when
 * the row trains it (`trains`) and 0 otherwise: (s·CE, s·loss, s·correct, s).
 */
fn memberRow(base: u32, row: u32, r: u32, trains: bool) -> vec4<f32> {
  writeLogits(base, row, r);
  let result = rowResult(r, rowInfo[row].label, false);
  let s = rowInfo[row].weight;
  let scale = select(0.0, s, trains);
  for (var k = 0u; k < OUTPUTS; k++) {
    setTileZ(r, k, scale * tileZ(r, k));
  }
  // A row of weight 0 adds nothing, not 0·∞.
  return select(vec4<f32>(0.0), s * vec4<f32>(result.crossEntropy, result.loss, result.correct, 1.0), s > 0.0);
}

/** Feature f of `row` (f < D). */
fn feature(row: u32, f: u32) -> f32 {
  return x[row * Q + f / 4u][f % 4u];
}
