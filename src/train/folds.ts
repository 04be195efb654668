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
