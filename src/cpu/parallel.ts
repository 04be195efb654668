/**
 * A second thread for the CPU backend's full-batch passes (in the CLI: a worker thread, src/node/cpu-pass-pool.ts).
 * The pairwise reduction over rows (problem.ts) splits them in halves at the top, so the far half summed on another
 * thread and added as one thread adds it gives the same numbers, bit for bit: the float64 reference stays exact.
 */
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';

/** Weighted sums over a set of rows; the gradient is of the summed training loss (no l2, not yet divided). */
export interface RowSums {
  /** Σ s_n: the divisor of every mean (the row count when the rows are unweighted). */
  weight: number;
  crossEntropy: number;
  loss: number;
  correct: number;
  gradient: Float64Array;
}

/** Where a bound problem's far half of the rows is summed. */
export interface PassHelper {
  /** The rows of `data` for a problem of `spec`, bound on the other thread; null when data.x cannot be shared. */
  bind(data: LabeledMatrix, spec: ObjectiveSpec): HelperRows | null;
  dispose(): void;
}

export interface HelperRows {
  /** Σ over rows [start, end), in order, at `params`, as CpuProblem.rangeSums gives it. */
  sums(params: Float64Array, start: number, end: number): Promise<RowSums>;
  dispose(): void;
}

/** a + b as the pairwise reduction adds its two halves (into a). */
export function addSums(a: RowSums, b: RowSums): RowSums {
  for (let i = 0; i < a.gradient.length; i++) a.gradient[i] = (a.gradient[i] as number) + (b.gradient[i] as number);
  return {
    weight: a.weight + b.weight,
    crossEntropy: a.crossEntropy + b.crossEntropy,
    loss: a.loss + b.loss,
    correct: a.correct + b.correct,
    gradient: a.gradient,
  };
}
