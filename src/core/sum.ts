/** Pairwise (tree) sum: error grows as O(log n), not O(n) like a serial loop. */
export function pairwiseSum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start;
  if (n <= 8) {
    let s = 0;
    for (let i = start; i < end; i++) s += values[i] as number;
    return s;
  }
  const mid = start + (n >> 1);
  return pairwiseSum(values, start, mid) + pairwiseSum(values, mid, end);
}
