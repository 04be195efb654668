// Shared by every kernel module (src/gpu/shaders.ts puts it in front of each): the model's shape and the state
// buffer's regions as pipeline overrides, the Header uniform, the ids the kernels switch on, and the group-0
// bindings. src/gpu/abi.ts is the host's side of all of these; test/unit/abi.test.ts checks that they agree.
//
// state (f32, P = OUTPUTS·(D+1) parameters, W = OUTPUTS·D weights):
//   [0, P) params θ (W row-major, then b) | [P, 2P) first moment | [2P, 3P) second moment | [3P, 4P) gradient of J
//   | [4P, 7P) per-parameter (θ_old² if weight, g², θ_new²) | [7P, 7P+3) the step's sums (SUM_*)
//   | [7P+3, 7P+9) totals (TOTAL_*; the step and the non-finite flag as u32 bits).
//
// Registers, not arrays: SwiftShader (a CPU adapter) keeps a private array in memory, so each update of an
// accumulator in one would cost a load and a store, and a dynamically indexed matrix or vector likewise. The hot
// loops therefore keep their accumulators in named variables (a0, a1, … or mat4x4 blocks), written out one by one
// and indexed only by constants, with blocks past the shape skipped by conditions on overrides the compiler folds.

// No defaults: a pipeline created without one of these fails at creation (src/gpu/abi.ts abiOverrides).
override D: u32;
/** vec4s per row of X and of the padded weights (rows are zero-padded to a multiple of 4 features). */
override Q: u32;
override OUTPUTS: u32;
/** LOSS_CROSS_ENTROPY or LOSS_MSE. */
override LOSS: u32;
override P: u32;
override W: u32;
/** Entries of one slot of partial sums: the P gradient sums, then the step's sums (SUM_*). */
override SLOT: u32;
override MOMENT1: u32;
override MOMENT2: u32;
override GRAD: u32;
override NORMS: u32;
override STEP_SUMS: u32;
override TOTALS: u32;
/** Invocations per workgroup of the kernel (set per pipeline). */
override WG: u32;

/** Offsets within the step's sums (STEP_SUMS in state, P in a slot; also the per-row sums after the classes in dz). */
const SUM_CROSS_ENTROPY = 0u;
const SUM_LOSS = 1u;
const SUM_CORRECT = 2u;
/** Offsets within the totals (TOTALS in state). */
const TOTAL_STEP = 0u;
const TOTAL_NON_FINITE = 1u;
const TOTAL_LOSS = 2u;
const TOTAL_OBJECTIVE = 3u;
const TOTAL_ACCURACY = 4u;
const TOTAL_GRAD_NORM = 5u;

struct Header {
  /** Positions in this pass (the order's length, or N). */
  rows: u32,
  batch: u32,
  /** Slots of `partials` the step writes (ProblemLayout.groups). */
  groups: u32,
  /** Row at position i: ORDERING_ORDER order[i] (uploaded), ORDERING_IDENTITY i, ORDERING_KEYED shuffledRow(i, rows). */
  ordering: u32,
  /** 1: apply the optimizer after the gradient. */
  update: u32,
  /** OPTIMIZER_*. */
  optimizer: u32,
  /** Optimizer steps taken before this pass. */
  t0: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  l2: f32,
  /** Key and Feistel half width of the keyed shuffle (ORDERING_KEYED). */
  key: u32,
  shuffleHalf: u32,
}

@group(0) @binding(0) var<uniform> header: Header;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read_write> state: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
/** W again, each row zero-padded to Q vec4s so the row kernels read four features per load; update.wgsl keeps it equal. */
@group(0) @binding(4) var<storage, read_write> weights: array<vec4<f32>>;

/** Index of the current step within the pass; the finish kernel advances it. */
fn stepIndex() -> u32 {
  return bitcast<u32>(state[TOTALS + TOTAL_STEP]);
}

/** Rows in the current step (the last batch may be short). */
fn stepRows() -> u32 {
  let start = min(stepIndex() * header.batch, header.rows);
  return min(header.batch, header.rows - start);
}
