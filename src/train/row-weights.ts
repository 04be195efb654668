/**
 * The row weights s_n the Trainer binds: the class weight (balanced: N / (K · count_k), as scikit-learn's
 * compute_class_weight, over the training rows) times the table's sample weight. J is then
 * Σ s_n CE_n / Σ s_n + (λ/2)‖w‖², scikit-learn's optimum for C = 1 / (λ Σ s_n).
 */
import type { ClassWeight } from '../core/options.js';
import type { Dataset } from '../data/dataset.js';

/** Per class k: N / (K · count_k) over `y`, K counting the classes present (0 for a class with no row). */
export function balancedClassWeights(y: Uint32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const k of y) counts[k] = (counts[k] as number) + 1;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? y.length / (present * c) : 0));
}

/** The weights of `rows`: its sample weights (if any) times the class weights; undefined when every row weighs 1. */
export function rowWeights(rows: Dataset, classWeight: ClassWeight): Float64Array | undefined {
  if (classWeight === 'none') return rows.weights;
  const perClass = balancedClassWeights(rows.y, rows.classes.length);
  const sample = rows.weights;
  return Float64Array.from(rows.y, (k, r) => (perClass[k] as number) * (sample ? (sample[r] as number) : 1));
}

/** The rows with their weights attached; throws when they all weigh 0 (no mean is defined). */
export function weighRows(rows: Dataset, classWeight: ClassWeight, which: string): Dataset {
  const weights = rowWeights(rows, classWeight);
  if (!weights) return rows;
  if (!weights.some((s) => s > 0)) throw new Error(`every ${which} row of ${rows.name} has sample weight 0`);
  return { ...rows, weights };
}
