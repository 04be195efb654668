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

/**
 * ‖v‖₂ by a loop (`Math.hypot(...v)` passes every entry as an argument and throws on wide models).
 * The plain sum of squares keeps L-BFGS's numbers bit for bit; only when it overflows is it rescaled.
 */
export function euclideanNorm(values: ArrayLike<number>): number {
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] as number) * (values[i] as number);
  if (squares !== Number.POSITIVE_INFINITY) return Math.sqrt(squares);
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i] as number));
  if (largest === Number.POSITIVE_INFINITY) return largest;
  let scaled = 0;
  for (let i = 0; i < values.length; i++) scaled += ((values[i] as number) / largest) ** 2;
  return largest * Math.sqrt(scaled);
}
