import type { FeatureMatrix } from '../core/types.js';
import type { Dataset } from './dataset.js';
import { matrixLike } from './storage.js';

export interface Standardization {
  mean: number[];
  std: number[];
}

/**
 * Per-column mean and standard deviation (population). A constant column gets std 1, so it standardises to 0
 * instead of dividing by zero. Values are scaled by the column's largest magnitude first so 1e30 does not overflow.
 */
export function fitStandardization(data: Dataset): Standardization {
  const { rows, cols, x } = data;
  // Row by row with one accumulator per column: each column's sums run in row order (the same numbers as a pass down
  // the column), while the row-major matrix is read in order instead of with a stride of a whole row.
  const scale = new Float64Array(cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) scale[c] = Math.max(scale[c] as number, Math.abs(x[i] as number));
  }
  for (let c = 0; c < cols; c++) if (scale[c] === 0) scale[c] = 1;
  const m = new Float64Array(cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) m[c] = (m[c] as number) + (x[i] as number) / (scale[c] as number);
  }
  for (let c = 0; c < cols; c++) m[c] = (m[c] as number) / rows;
  const v = new Float64Array(cols);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, i++) v[c] = (v[c] as number) + ((x[i] as number) / (scale[c] as number) - (m[c] as number)) ** 2;
  }
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt((v[c] as number) / rows) * (scale[c] as number);
    mean.push((m[c] as number) * (scale[c] as number));
    std.push(s > 0 ? s : 1);
  }
  return { mean, std };
}

/** (x − mean) / std, column by column, as a new Dataset (in the storage of data.x). */
export function applyStandardization(data: Dataset, standardization: Standardization): Dataset {
  const x = matrixLike(data.x, data.x.length);
  writeStandardized(data, standardization, x);
  return { ...data, x };
}

/** (x − mean) / std written over data.x itself: for a matrix its owner gives up (no second copy of a large table). */
export function standardizeInPlace(data: Dataset, standardization: Standardization): Dataset {
  writeStandardized(data, standardization, data.x);
  return data;
}

function writeStandardized(data: Dataset, { mean, std }: Standardization, x: FeatureMatrix): void {
  for (let r = 0; r < data.rows; r++) {
    for (let c = 0; c < data.cols; c++) {
      const i = r * data.cols + c;
      x[i] = ((data.x[i] as number) - (mean[c] as number)) / (std[c] as number);
    }
  }
}
