/**
 * A keyed shuffle: a pseudo-random permutation of 0..n−1 computed index by index from a 32-bit key, so a GPU can
 * shuffle rows itself instead of receiving n indices every epoch (the host's Fisher–Yates shuffle and the upload
 * of its result cost more than a whole epoch of kernels on a fast GPU: bench/NOTES.md). A 4-round Feistel network
 * on 2·half bits (the smallest even width with 2^(2·half) ≥ n) is a bijection of [0, 2^(2·half)); cycle-walking
 * (applying it again while the result is ≥ n) restricts it to a bijection of [0, n), with under 4 rounds of
 * walking on average. shaders/shuffle.wgsl computes the same numbers with the same u32 arithmetic.
 */

/** An epoch's order of the rows: explicit, or the keyed shuffle of all rows. */
export type EpochOrder = Uint32Array | KeyedShuffle;

export interface KeyedShuffle {
  /** 32-bit key: a different key, a different permutation. */
  readonly key: number;
}

const ROUNDS = 4;

/** lowbias32, an integer hash with good avalanche (same steps as shaders/shuffle.wgsl). */
function hash(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Bits of each Feistel half for a permutation of n ≥ 1 items. */
export function shuffleHalfBits(n: number): number {
  let half = 1;
  while (2 ** (2 * half) < n) half++;
  return half;
}

function roundKeys(key: number): Uint32Array {
  return Uint32Array.from({ length: ROUNDS }, (_, r) => hash((key ^ Math.imul(r + 1, 0x9e3779b9)) >>> 0));
}

/** The Feistel network on 2·half bits (half ≤ 16), integer operations only: this runs once per row and epoch. */
function feistel(x: number, half: number, mask: number, keys: Uint32Array): number {
  let left = x >>> half;
  let right = x & mask;
  for (let r = 0; r < ROUNDS; r++) {
    const next = left ^ (hash(right ^ (keys[r] as number)) & mask);
    left = right;
    right = next;
  }
  return ((left << half) | right) >>> 0;
}

/** The keyed shuffle of 0..n−1 as an array: position i holds row keyedPermutation(n, key)[i]. */
export function keyedPermutation(n: number, key: number): Uint32Array {
  const half = shuffleHalfBits(n);
  const mask = 2 ** half - 1;
  const keys = roundKeys(key);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let x = feistel(i, half, mask, keys);
    while (x >= n) x = feistel(x, half, mask, keys);
    out[i] = x;
  }
  return out;
}

/** The order as an array of row indices (`rows` for a keyed shuffle). */
export function orderArray(order: EpochOrder, rows: number): Uint32Array {
  return order instanceof Uint32Array ? order : keyedPermutation(rows, order.key);
}
