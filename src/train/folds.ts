import { Random } from '../core/random.js';

/**
 * Stratified, seeded k-fold assignment (in the spirit of scikit-learn's StratifiedKFold(shuffle=True)): each class's
 * rows, shuffled with the seed, are dealt round-robin over the folds, the deal running on from one class to the next,
 * so every fold holds each class's rows to within one and the folds' sizes differ by at most one row.
 * Returns the fold (0..folds-1) of each row.
 */
export function stratifiedFolds(y: Uint32Array, classes: number, folds: number, seed: number): Uint32Array {
  if (!(Number.isInteger(folds) && folds >= 2)) throw new Error(`folds must be an integer of at least 2, got ${folds}`);
  if (folds > y.length) throw new Error(`${folds} folds need at least ${folds} rows; there are ${y.length}`);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let r = 0; r < y.length; r++) byClass[y[r] as number]?.push(r);
  const random = new Random(seed ^ 0xf01d);
  const out = new Uint32Array(y.length);
  let dealt = 0;
  for (const rows of byClass) {
    for (const r of random.shuffle(rows)) out[r] = dealt++ % folds;
  }
  return out;
}

/** Folds given row by row (ids 0..k−1, every one used, k ≥ 2): checked, with their count. */
export function givenFolds(ids: ArrayLike<number>, rows: number): { foldOf: Uint32Array; folds: number } {
  if (ids.length !== rows) throw new Error(`fold ids: ${ids.length} given for ${rows} rows`);
  const foldOf = Uint32Array.from(ids);
  for (let r = 0; r < rows; r++) {
    if (foldOf[r] !== ids[r]) throw new Error(`fold ids: row ${r + 1} has ${ids[r]}, not a fold number (0, 1, …)`);
  }
  const folds = Math.max(...foldOf) + 1;
  const used = new Set(foldOf);
  if (folds < 2 || used.size !== folds) throw new Error(`fold ids must use every fold 0..${folds - 1} (at least 2)`);
  return { foldOf, folds };
}
