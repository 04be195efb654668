/** How the kernel checks compare a GPU number with its float64 reference (src/check/kernel-checks.ts explains the floors). */

/** Largest |a − b| / max(|b|, floor) (floor = 'max' → the largest |b|). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor: number | 'max'): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i] as number));
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const denominator = Math.max(Math.abs(b[i] as number), floor === 'max' ? scale : floor, Number.MIN_VALUE);
    const e = Math.abs((a[i] as number) - (b[i] as number)) / denominator;
    worst = Math.max(worst, Number.isNaN(e) ? Number.POSITIVE_INFINITY : e);
  }
  return worst;
}

export const LOSS_FLOOR = 1e-3;
