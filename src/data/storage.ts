/**
 * How the feature matrix is stored. A small matrix stays float64, so the CPU path trains on the values exactly as
 * written in the file; past one size limit the matrix (and the column store that feeds it) is float32, which is what
 * the GPU computes in anyway and halves the memory a large table needs. The CPU path still does float64 arithmetic on
 * float32 values.
 */
import type { FeatureMatrix } from '../core/types.js';

/** A matrix that would take more than this as float64 is stored float32 (the only place the limit is set). */
export const FLOAT32_ABOVE_BYTES = 256 * 2 ** 20;

/** Whether `cells` values are stored float32 under `limit` (bytes of the float64 matrix). */
export function isLarge(cells: number, limit = FLOAT32_ABOVE_BYTES): boolean {
  return cells * 8 > limit;
}

/** The row count at which a table of `columns` stored columns passes the limit and its stores switch to float32. */
export function rowsBeforeFloat32(columns: number, limit = FLOAT32_ABOVE_BYTES): number {
  return columns > 0 ? Math.floor(limit / (8 * columns)) + 1 : Number.POSITIVE_INFINITY;
}

/** A zeroed matrix of `cells` values: float32 when `float32`, else float64. */
export function featureMatrix(cells: number, float32: boolean): FeatureMatrix {
  const bytes = cells * (float32 ? 4 : 8);
  // A SharedArrayBuffer is the same memory to worker threads (the CLI's CPU passes); everything else reads it as an
  // ordinary typed array, so it stands typed as one.
  const buffer = sharing ? (new SharedArrayBuffer(bytes) as unknown as ArrayBuffer) : new ArrayBuffer(bytes);
  return float32 ? new Float32Array(buffer) : new Float64Array(buffer);
}

let sharing = false;

/**
 * From now on, feature matrices are allocated in shared memory (where SharedArrayBuffer exists), so worker threads
 * can read them without a copy: the CLI turns this on for the CPU backend (cpu/parallel.ts).
 */
export function shareFeatureMatrices(on: boolean): void {
  sharing = on && typeof SharedArrayBuffer !== 'undefined';
}

/** A zeroed matrix of `cells` values in the storage of `like`. */
export function matrixLike(like: FeatureMatrix, cells: number): FeatureMatrix {
  return featureMatrix(cells, like instanceof Float32Array);
}

/** "features stored as float32: 4,194,304 × 64 = 1.0 GiB" (or float64). */
export function describeStorage({ x, rows, cols }: { x: FeatureMatrix; rows: number; cols: number }): string {
  const bytes = x.byteLength;
  const size = bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const kind = x instanceof Float32Array ? 'float32' : 'float64';
  return `features stored as ${kind}: ${rows.toLocaleString('en-US')} × ${cols.toLocaleString('en-US')} = ${size}`;
}
