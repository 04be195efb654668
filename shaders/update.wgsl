// Gradient reduction and optimizer update (the formulas of src/core/step.ts), one invocation per parameter (or, for
// small problems, one workgroup looping over them: finish.wgsl's updateAndFinish).
//
// Invocation i sums entry i of every workgroup slot of `partials` in slot order (blocks of 32, then the block sums,
// so the float32 error grows with 32 + groups/32 rather than with groups; always the same order, so the same bits),
// forms g_i = sum/n + l2·θ_i (weights only; the bias is unpenalised), stores it, and, when the pass trains,
// updates θ_i and its moments, and its copy in the padded `weights`. The entries past P are the step's sums
// (SUM_*), passed on to finish.wgsl. No barriers and no shared memory.

override BLOCK: u32 = 32u;

@compute @workgroup_size(WG)
fn update(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x < SLOT) {
    updateEntry(gid.x);
  }
}

/** Entry i < SLOT: parameter i, or one of the step's sums past P. */
fn updateEntry(i: u32) {
  var total = 0.0;
  var block = 0.0;
  for (var g = 0u; g < header.groups; g++) {
    block += partials[g * SLOT + i];
    if (g % BLOCK == BLOCK - 1u) {
      total += block;
      block = 0.0;
    }
  }
  total += block;
  if (i >= P) {
    state[STEP_SUMS + i - P] = total;
    return;
  }
  let theta = state[i];
  let weight = i < W;
  var g = total / f32(stepRows());
  if (weight) {
    g += header.l2 * theta;
  }
  state[GRAD + i] = g;
  var next = theta;
  if (header.update == 1u) {
    if (header.optimizer == OPTIMIZER_SGD || header.optimizer == OPTIMIZER_MOMENTUM || header.optimizer == OPTIMIZER_ADAM) {
      let t = f32(header.t0 + stepIndex() + 1u);
      next = optimizerStep(header.optimizer, header.lr, header.beta1, header.beta2, header.epsilon, i, theta, g, t);
    } else {
      // An id the host never sends: the pass reports itself non-finite rather than train with some optimizer.
      state[TOTALS + TOTAL_NON_FINITE] = bitcast<f32>(1u);
    }
    state[i] = next;
    if (weight) {
      let feature = i % D;
      weights[(i / D) * Q + feature / 4u][feature % 4u] = next;
    }
  }
  state[NORMS + 3u * i] = select(0.0, theta * theta, weight);
  state[NORMS + 3u * i + 1u] = g * g;
  state[NORMS + 3u * i + 2u] = next * next;
}
