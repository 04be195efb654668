import { Random } from '../core/random.js';
import type { Dataset } from '../data/dataset.js';
import { matrixLike } from '../data/storage.js';

/** The rows of `data` at `indices`, in that order. */
export function takeRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const x = matrixLike(data.x, indices.length * data.cols);
  const y = new Uint32Array(indices.length);
  const weights = data.weights && new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i] as number;
    x.set(data.x.subarray(r * data.cols, (r + 1) * data.cols), i * data.cols);
    y[i] = data.y[r] as number;
    if (weights) weights[i] = data.weights?.[r] as number;
  }
  return { ...data, x, y, rows: indices.length, ...(weights && { weights }) };
}

/** A seeded shuffled split: the last ⌊fraction·N⌋ rows of a permutation are held out. */
export function validationSplit(data: Dataset, fraction: number, seed: number): { train: Dataset; validation: Dataset | null } {
  const held = Math.floor(data.rows * fraction);
  if (held === 0) return { train: data, validation: null };
  if (held >= data.rows) throw new Error(`validation split ${fraction} leaves no training rows`);
  const order = new Random(seed ^ 0x5eed).permutation(data.rows);
  return { train: takeRows(data, order.subarray(0, data.rows - held)), validation: takeRows(data, order.subarray(data.rows - held)) };
}
