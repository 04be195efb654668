enable subgroups;
// Subgroup operations run in control flow that is uniform per subgroup (each subgroup owns whole rows).
diagnostic(off, subgroup_uniformity);

// The tiled plan's forward pass over one tile (tiled.wgsl), one subgroup per row (used when the device has the
// `subgroups` feature).
// The lanes of a subgroup read consecutive vec4s of the row (coalesced loads on a GPU, whole-vector loads on
// SwiftShader), each keeps partial dot products in registers, and subgroupAdd combines them once per row and output.
// Lane 0 then finishes the row (loss, dz). Subgroups are assumed to be aligned blocks of local_invocation_index.

fn tileForward(lid: u32, base: u32, probabilities: bool) {
  let lanes = subgroupAdd(1u);
  let lane = subgroupExclusiveAdd(1u);
  let subgroups = max(WG / lanes, 1u);
  for (var r = subgroupBroadcastFirst(lid) / lanes; r < TILE; r += subgroups) {
    let row = chunkRow(base + r);
    if (lane == 0u) {
      rowOf[r] = row;
    }
    if (row == NONE) {
      continue;
    }
    if (OUTPUTS == 1u) {
      // One output (logistic): a plain accumulator that stays in registers.
      var dot1 = 0.0;
      for (var q = lane; q < Q; q += lanes) {
        dot1 += dot(weights[q], x[row * Q + q]);
      }
      let z = subgroupAdd(dot1);
      if (lane == 0u) {
        setTileZ(r, 0u, z + state[W]);
        finishRow(r, row, probabilities);
      }
      continue;
    }
    for (var k0 = 0u; k0 < OUTPUTS; k0 += CLASS_BLOCK) {
      let kn = min(CLASS_BLOCK, OUTPUTS - k0);
      // Explicitly zeroed: with a bare `var acc: array<…>;` SwiftShader kept the previous iteration's values.
      var acc = array<f32, CLASS_BLOCK>();
      for (var q = lane; q < Q; q += lanes) {
        let xv = x[row * Q + q];
        for (var k = 0u; k < kn; k++) {
          acc[k] += dot(weights[(k0 + k) * Q + q], xv);
        }
      }
      for (var k = 0u; k < kn; k++) {
        let z = subgroupAdd(acc[k]);
        if (lane == 0u) {
          setTileZ(r, k0 + k, z + state[W + k0 + k]);
        }
      }
    }
    if (lane == 0u) {
      finishRow(r, row, probabilities);
    }
  }
}
