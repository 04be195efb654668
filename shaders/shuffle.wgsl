// The keyed shuffle of src/core/shuffle.ts, the same u32 arithmetic: position i of a pass of n rows → row
// shuffledRow(i, n), a pseudo-random bijection of [0, n) chosen by header.key (4-round Feistel network on
// 2·header.shuffleHalf bits, cycle-walking until the result is below n). The GPU tuning shuffles with it instead of
// reading an uploaded order (src/gpu/problem.ts).

/** lowbias32 (the same steps as src/core/shuffle.ts). */
fn shuffleHash(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

fn feistel(x: u32, half: u32, key: u32) -> u32 {
  let mask = (1u << half) - 1u;
  var left = x >> half;
  var right = x & mask;
  for (var r = 1u; r <= 4u; r++) {
    let next = left ^ (shuffleHash(right ^ shuffleHash(key ^ (r * 0x9e3779b9u))) & mask);
    left = right;
    right = next;
  }
  return (left << half) | right;
}

fn shuffledRow(i: u32, n: u32) -> u32 {
  var x = feistel(i, header.shuffleHalf, header.key);
  while (x >= n) {
    x = feistel(x, header.shuffleHalf, header.key);
  }
  return x;
}
