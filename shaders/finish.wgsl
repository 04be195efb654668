// Step totals: one workgroup turns the step's sums into its loss, objective, accuracy and ‖g‖, adds them to the
// pass totals, flags NaN/Inf, and advances the step counter the other kernels read.
//
// Invocation lid sums entries lid, lid+FINISH_WG, … of the per-parameter squares (θ_old², g², θ_new²); a
// workgroup tree combines the FINISH_WG partials. It runs once per step on 3·P numbers, off the per-row hot path.

override FINISH_WG: u32 = 64u;

var<workgroup> squares: array<vec3<f32>, FINISH_WG>;

@compute @workgroup_size(FINISH_WG)
fn finish(@builtin(local_invocation_index) lid: u32) {
  finishStep(lid);
}

/**
 * update.wgsl's work and then finish's in one workgroup, for problems with few parameters and slots (the
 * logistic-rows-reduced plan in mini-batches): one dependent dispatch per step instead of two.
 */
@compute @workgroup_size(FINISH_WG)
fn updateAndFinish(@builtin(local_invocation_index) lid: u32) {
  for (var i = lid; i < SLOT; i += FINISH_WG) {
    updateEntry(i);
  }
  // The per-parameter squares and step sums written above, visible to the whole workgroup.
  storageBarrier();
  finishStep(lid);
}

/**
 * One invocation does finish's work with no workgroup memory and no barrier, for few parameters on a CPU adapter
 * (SwiftShader runs a workgroup with a barrier as coroutines: for logistic-rows' 1024-row steps,
 * updateAndFinish took ~120 µs per step).
 */
@compute @workgroup_size(1)
fn finishSerial() {
  writeTotals(squaresFrom(0u, 1u));
}

/** Σ over parameters first, first + stride, … of (θ_old² if weight, g², θ_new²). */
fn squaresFrom(first: u32, stride: u32) -> vec3<f32> {
  var s = vec3<f32>(0.0);
  for (var i = first; i < P; i += stride) {
    s += vec3<f32>(state[NORMS + 3u * i], state[NORMS + 3u * i + 1u], state[NORMS + 3u * i + 2u]);
  }
  return s;
}

fn finishStep(lid: u32) {
  squares[lid] = squaresFrom(lid, FINISH_WG);
  workgroupBarrier();
  for (var stride = FINISH_WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      squares[lid] += squares[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    writeTotals(squares[0]);
  }
}

/** The step's loss, objective, accuracy and ‖g‖ from its sums and `sums` (Σ θ_old², Σ g², Σ θ_new²), added to the totals. */
fn writeTotals(sums: vec3<f32>) {
  let n = f32(stepRows());
  let loss = state[STEP_SUMS + SUM_CROSS_ENTROPY] / n;
  let objective = state[STEP_SUMS + SUM_LOSS] / n + 0.5 * header.l2 * sums.x;
  let accuracy = state[STEP_SUMS + SUM_CORRECT] / n;
  let gradNorm = sqrt(sums.y);
  let finite = isFinite(loss) && isFinite(objective) && isFinite(sums.z);
  state[TOTALS + TOTAL_STEP] = bitcast<f32>(stepIndex() + 1u);
  if (!finite) {
    state[TOTALS + TOTAL_NON_FINITE] = bitcast<f32>(1u);
  }
  state[TOTALS + TOTAL_LOSS] += loss;
  state[TOTALS + TOTAL_OBJECTIVE] += objective;
  state[TOTALS + TOTAL_ACCURACY] += accuracy;
  state[TOTALS + TOTAL_GRAD_NORM] += gradNorm;
}
