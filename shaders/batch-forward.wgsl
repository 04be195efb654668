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
    let slot = (t * A + a) * 8u;
    for (var j = 0u; j < 4u; j++) {
      partials[slot + j] = train[j];
      partials[slot + 4u + j] = validation[j];
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
