// A whole epoch of mini-batch steps in one dispatch (src/gpu/batch-kernels.ts): workgroup m trains member m over
// the pass's header.steps steps, with barriers between the phases instead of one dispatch per phase and step.
// Per step: (a) the invocations split the batch's positions and write each row's s·dLoss/dz (0 on the member's
// held-out rows) and row id to the member's part of `work`, and their (s·CE, s·loss, s·correct, s) to workgroup
// memory; barrier; every invocation sums those WG sums itself (the same order: the same Σ s everywhere); (b) when
// Σ s > 0, invocation j owns parameters j, j + WG, …: it sums dz·x over the batch, forms g = sum/Σ s + λ·θ (weights
// only) and applies the member's update (the formulas of src/core/step.ts, as shaders/update.wgsl), with its share
// of Σ θ_old², Σ g², Σ θ_new²; barrier; invocation 0 adds the step's numbers to the member's totals. A step whose
// batch has no training row of the member (Σ s = 0) changes nothing and is not counted.

var<workgroup> rowSums: array<vec4<f32>, WG>;
var<workgroup> squareSums: array<vec4<f32>, WG>;

/** Index in `work` of the row id of position pos of member m's batch (behind every member's dz). */
fn rowIdSlot(m: u32, pos: u32) -> u32 {
  return (MEMBERS * OUTPUTS + m) * header.batch + pos;
}

@compute @workgroup_size(WG)
fn epoch(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let m = wid.x;
  let member = members[m];
  let base = m * P;
  var taken = 0u;
  var totals = vec4<f32>(0.0);
  var nonFinite = false;
  for (var step = 0u; step < header.steps; step++) {
    let start = step * header.batch;
    let n = min(header.batch, header.rows - start);
    // (a) the rows.
    var sums = vec4<f32>(0.0);
    let lw = logisticWeights(base);
    for (var pos = lid; pos < n; pos += WG) {
      let row = rowAt(start + pos);
      let trains = rowInfo[row].fold != member.fold;
      let rowSum = anyMemberRow(lw, base, row, m * header.batch + pos, trains);
      if (trains) {
        sums += rowSum;
      }
      work[rowIdSlot(m, pos)] = bitcast<f32>(row);
    }
    rowSums[lid] = sums;
    storageBarrier();
    workgroupBarrier();
    var batchSums = vec4<f32>(0.0);
    for (var u = 0u; u < WG; u++) {
      batchSums += rowSums[u];
    }
    // (b) the parameters.
    var squares = vec4<f32>(0.0);
    let weight = batchSums.w;
    if (weight > 0.0) {
      let stepNumber = f32(member.t0 + taken + 1u);
      for (var i = lid; i < P; i += WG) {
        let isWeight = i < W;
        let k = select(i - W, i / D, isWeight);
        var total = 0.0;
        for (var pos = 0u; pos < n; pos++) {
          let d = tileZ(m * header.batch + pos, k);
          total += select(d, d * feature(bitcast<u32>(work[rowIdSlot(m, pos)]), i % D), isWeight);
        }
        let theta = state[base + i];
        var g = total / weight;
        if (isWeight) {
          g += member.l2 * theta;
        }
        let next = optimizerStep(member.optimizer, member.lr, member.beta1, member.beta2, member.epsilon, base + i, theta, g, stepNumber);
        state[base + i] = next;
        squares += vec4<f32>(select(0.0, theta * theta, isWeight), g * g, next * next, 0.0);
      }
    }
    squareSums[lid] = squares;
    storageBarrier();
    workgroupBarrier();
    if (weight > 0.0) {
      taken++;
      if (lid == 0u) {
        var stepSquares = vec4<f32>(0.0);
        for (var u = 0u; u < WG; u++) {
          stepSquares += squareSums[u];
        }
        let loss = batchSums.x / weight;
        let objective = batchSums.y / weight + 0.5 * member.l2 * stepSquares.x;
        totals += vec4<f32>(loss, objective, batchSums.z / weight, sqrt(stepSquares.y));
        nonFinite = nonFinite || !(isFinite(loss) && isFinite(objective) && isFinite(stepSquares.z));
      }
    }
  }
  if (lid == 0u) {
    let out = m * (EPOCH_NON_FINITE + 1u);
    results[out + EPOCH_LOSS] = totals.x;
    results[out + EPOCH_OBJECTIVE] = totals.y;
    results[out + EPOCH_ACCURACY] = totals.z;
    results[out + EPOCH_GRAD_NORM] = totals.w;
    results[out + EPOCH_TAKEN] = f32(taken);
    results[out + EPOCH_NON_FINITE] = select(0.0, 1.0, nonFinite);
  }
}
