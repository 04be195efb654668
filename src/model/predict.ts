import { sigmoid, softmaxInto } from '../core/losses.js';
import type { XentModel } from './format.js';

export interface Prediction {
  /** Per row: one probability per class (logistic rows are [1 − p, p]). */
  probabilities: number[][];
  /** Per row: the most probable class value. */
  classes: string[];
}

/** Applies a model file to raw feature rows (in the order of model.features), float64. */
export function predict(model: XentModel, rows: number[][]): Prediction {
  const D = model.features.length;
  const W = model.kind === 'logistic' ? [model.weights as number[]] : (model.weights as number[][]);
  const b = typeof model.bias === 'number' ? [model.bias] : model.bias;
  const probabilities = rows.map((row, r) => {
    if (row.length !== D) throw new Error(`row ${r + 1}: expected ${D} features (${model.features.join(', ')}), got ${row.length}`);
    const x = model.standardize
      ? row.map((v, j) => (v - (model.standardize?.mean[j] as number)) / (model.standardize?.std[j] as number))
      : row;
    const z = W.map((w, k) => w.reduce((s, wj, j) => s + wj * (x[j] as number), b[k] as number));
    if (model.kind === 'logistic') {
      const p = sigmoid(z[0] as number);
      return [1 - p, p];
    }
    return Array.from(softmaxInto(z, new Float64Array(z.length)));
  });
  const classes = probabilities.map((p) => model.classes[p.indexOf(Math.max(...p))] as string);
  return { probabilities, classes };
}
