// Phase 1 of a batched full-batch pass (src/gpu/batch-kernels.ts): invocation t owns a contiguous run of rows and,
// member by member, computes each row's logits, its numbers and s·dLoss/dz (0 on the member's held-out rows) into
// `work`, summing (s·CE, s·loss, s·correct, s) of the member's training and validation rows in registers. The run is
// read from memory by the first member and from cache by the others. Each invocation writes its own 8 sums per
// member to `partials` (no barrier, no workgroup memory: on a CPU adapter a barrier tree costs more than the sums).

/** Rows of invocation t of `threads`: a contiguous run, the runs as even as possible. */
fn runOfRows(t: u32, threads: u32) -> vec2<u32> {
  let run = (header.rows + threads - 1u) / threads;
  let begin = min(t * run, header.rows);
  return vec2<u32>(begin, min(begin + run, header.rows));
}

@compute @workgroup_size(WG)
fn forward(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
  if (t >= header.threads) {
    return;
  }
  let run = runOfRows(t, header.threads);
  let A = header.activeCount;
  for (var a = 0u; a < A; a++) {
    let m = activeMember(a);
    let fold = members[m].fold;
    var train = vec4<f32>(0.0);
    var validation = vec4<f32>(0.0);
    let lw = logisticWeights(m * P);
    for (var row = run.x; row < run.y; row++) {
      let trains = rowInfo[row].fold != fold;
      let sums = anyMemberRow(lw, m * P, row, row * A + a, trains);
      if (trains) {
        train += sums;
      } else {
        validation += sums;
      }
    }
    storeMemberSums(t, a, train, validation);
  }
}

/**
 * `forward` and `gradient` in one for logistic members with D ≤ 64 (registerLogistic()): per member, invocation t
 * keeps the weights and the gradient sums in 4×4 blocks of registers over its run (as logistic-rows.wgsl), so no
 * dLoss/dz goes through memory and X's row is read once per member; its gradient sums go where the gradient kernel's
 * segment t would put them (header.segments = header.threads), for finishGradient.
 */
@compute @workgroup_size(WG)
fn forwardLogistic(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
  if (t >= header.threads) {
    return;
  }
  let run = runOfRows(t, header.threads);
  let A = header.activeCount;
  for (var a = 0u; a < A; a++) {
    let m = activeMember(a);
    let fold = members[m].fold;
    let lw = logisticWeights(m * P);
    var train = vec4<f32>(0.0);
    var validation = vec4<f32>(0.0);
    var g = RowBlocks();
    var bias = 0.0;
    for (var row = run.x; row < run.y; row++) {
      let info = rowInfo[row];
      let xb = rowBlocks(row);
      let trains = info.fold != fold;
      let out = logisticSums(logisticZ(lw, xb), info, trains);
      g.x0 += out.dz * xb.x0;
      if (Q > 4u) {
        g.x1 += out.dz * xb.x1;
      }
      if (Q > 8u) {
        g.x2 += out.dz * xb.x2;
      }
      if (Q > 12u) {
        g.x3 += out.dz * xb.x3;
      }
      bias += out.dz;
      if (trains) {
        train += out.sums;
      } else {
        validation += out.sums;
      }
    }
    storeMemberSums(t, a, train, validation);
    // Unit (a, column) of segment t, as gradientPartials() lays them out (OUTPUTS = 1).
    let out = gradientPartials() + 4u * (t * gradientUnits() + a * (Q + 1u));
    for (var c = 0u; c < Q; c++) {
      let v = blockColumn(g, c);
      for (var e = 0u; e < 4u; e++) {
        partials[out + 4u * c + e] = v[e];
      }
    }
    partials[out + 4u * Q] = bias;
    for (var e = 1u; e < 4u; e++) {
      partials[out + 4u * Q + e] = 0.0;
    }
  }
}

/** Invocation t's 8 sums of active member a (its training rows', then its validation rows') into `partials`. */
fn storeMemberSums(t: u32, a: u32, train: vec4<f32>, validation: vec4<f32>) {
  let slot = (t * header.activeCount + a) * 8u;
  for (var j = 0u; j < 4u; j++) {
    partials[slot + j] = train[j];
    partials[slot + 4u + j] = validation[j];
  }
}

/** Column c < 16 of the blocks. */
fn blockColumn(g: RowBlocks, c: u32) -> vec4<f32> {
  switch c / 4u {
    case 0u: {
      return g.x0[c % 4u];
    }
    case 1u: {
      return g.x1[c % 4u];
    }
    case 2u: {
      return g.x2[c % 4u];
    }
    default: {
      return g.x3[c % 4u];
    }
  }
}

/** Per-row outputs of member header.member: probabilities left in `work` (row-major), cross-entropy in `results`. */
@compute @workgroup_size(WG)
fn samples(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.x;
  if (row >= header.rows) {
    return;
  }
  writeLogits(header.member * P, row, row);
  results[row] = rowResult(row, rowInfo[row].label, true).crossEntropy;
}
