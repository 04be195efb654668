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
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < cols; c++) {
    let scale = 0;
    for (let r = 0; r < rows; r++) scale = Math.max(scale, Math.abs(x[r * cols + c] as number));
    if (scale === 0) scale = 1;
    let m = 0;
    for (let r = 0; r < rows; r++) m += (x[r * cols + c] as number) / scale;
    m /= rows;
    let v = 0;
    for (let r = 0; r < rows; r++) v += ((x[r * cols + c] as number) / scale - m) ** 2;
    const s = Math.sqrt(v / rows) * scale;
    mean.push(m * scale);
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
