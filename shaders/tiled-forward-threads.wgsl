// The tiled plan's forward pass over one tile (tiled.wgsl), one invocation per row (the fallback when the device has
// no subgroups). Invocation `lid` takes rows lid, lid+WG, … of the tile: it reads its row of X (a vec4 at a time)
// once per CLASS_BLOCK outputs, accumulates their logits, then finishes the row (loss, dz) itself, so no barrier is
// needed inside.

fn tileForward(lid: u32, base: u32, probabilities: bool) {
  for (var r = lid; r < TILE; r += WG) {
    let row = chunkRow(base + r);
    rowOf[r] = row;
    if (row == NONE) {
      continue;
    }
    if (OUTPUTS == 1u) {
      // One output (logistic): a plain accumulator that stays in registers.
      var z = state[W];
      for (var q = 0u; q < Q; q++) {
        z += dot(weights[q], x[row * Q + q]);
      }
      setTileZ(r, 0u, z);
      finishRow(r, row, probabilities);
      continue;
    }
    for (var k0 = 0u; k0 < OUTPUTS; k0 += CLASS_BLOCK) {
      let kn = min(CLASS_BLOCK, OUTPUTS - k0);
      // Explicitly zeroed: with a bare `var acc: array<…>;` SwiftShader kept the previous iteration's values.
      var acc = array<f32, CLASS_BLOCK>();
      for (var q = 0u; q < Q; q++) {
        let xv = x[row * Q + q];
        for (var k = 0u; k < kn; k++) {
          acc[k] += dot(weights[(k0 + k) * Q + q], xv);
        }
      }
      for (var k = 0u; k < kn; k++) {
        setTileZ(r, k0 + k, acc[k] + state[W + k0 + k]);
      }
    }
    finishRow(r, row, probabilities);
  }
}
