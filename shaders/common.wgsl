// Shared by every training kernel (prepended to step.wgsl, update.wgsl and finish.wgsl by src/gpu/shaders.ts):
// the model's shape as pipeline overrides, the group-0 bindings, and the layout of the `state` buffer.
// Binding 4 of group 0 is the weight matrix again, zero-padded to OUTPUTS × Q vec4s so the row kernels read W four
// features per load; update.wgsl keeps it equal to the weights in `state`.
//
// state (f32, P = OUTPUTS·(D+1) parameters, W = OUTPUTS·D weights):
//   [0, P) params θ (W row-major, then b) | [P, 2P) first moment | [2P, 3P) second moment | [3P, 4P) gradient of J
//   | [4P, 7P) per-parameter (θ_old² if weight, g², θ_new²) | [7P, 7P+3) the step's Σ CE, Σ loss, Σ correct
//   | [7P+3, 7P+9) totals: step (u32 bits), non-finite flag (u32 bits), Σ loss, Σ objective, Σ accuracy, Σ ‖g‖.

override D: u32;
/** vec4s per row of X and of the padded weights (rows are zero-padded to a multiple of 4 features). */
override Q: u32 = (D + 3u) / 4u;
override OUTPUTS: u32;
/** 0: cross-entropy, 1: mean squared error. */
override LOSS: u32 = 0u;
override WG: u32 = 64u;
override P: u32 = OUTPUTS * (D + 1u);
override W: u32 = OUTPUTS * D;
override MOMENT1: u32 = P;
override MOMENT2: u32 = 2u * P;
override GRAD: u32 = 3u * P;
override NORMS: u32 = 4u * P;
override STEP_SUMS: u32 = 7u * P;
override TOTALS: u32 = 7u * P + 3u;
/** Entries of one workgroup's partial sums: the P gradient sums, then Σ CE, Σ loss, Σ correct. */
override SLOT: u32 = P + 3u;

struct Header {
  /** Positions in this pass (the order's length, or N). */
  rows: u32,
  batch: u32,
  /** Workgroups of the step kernel; each writes one SLOT of `partials`. */
  groups: u32,
  /** Row at position i: 0 order[i] (uploaded), 1 i (identity), 2 shuffledRow(i, rows) (shuffle.wgsl). */
  ordering: u32,
  /** 1: apply the optimizer after the gradient. */
  update: u32,
  /** 0 sgd, 1 momentum, 2 adam. */
  optimizer: u32,
  /** Optimizer steps taken before this pass. */
  t0: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  l2: f32,
  /** Key and Feistel half width of the keyed shuffle (ordering 2). */
  key: u32,
  shuffleHalf: u32,
}

@group(0) @binding(0) var<uniform> header: Header;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read_write> state: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;

/** Index of the current step within the pass; the finish kernel advances it. */
fn stepIndex() -> u32 {
  return bitcast<u32>(state[TOTALS]);
}

/** Rows in the current step (the last batch may be short). */
fn stepRows() -> u32 {
  let start = min(stepIndex() * header.batch, header.rows);
  return min(header.batch, header.rows - start);
}

/** Neither NaN nor ±Inf, by the exponent bits (comparisons with NaN may be folded away by a compiler). */
fn isFinite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}
