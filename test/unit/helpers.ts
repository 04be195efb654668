import { Random } from '../../src/core/random.js';
import type { ModelKind } from '../../src/core/types.js';
import type { Dataset } from '../../src/data/dataset.js';

/** A random labelled data set: features N(0, scale²), labels uniform over `classes`. */
export function randomDataset(seed: number, rows: number, cols: number, classes: number, scale = 1): Dataset {
  const rng = new Random(seed);
  const x = Float64Array.from({ length: rows * cols }, () => scale * rng.normal());
  const y = Uint32Array.from({ length: rows }, () => rng.int(classes));
  return {
    name: `random-${seed}`,
    features: Array.from({ length: cols }, (_, j) => `f${j}`),
    label: 'label',
    classes: Array.from({ length: classes }, (_, k) => String(k)),
    x,
    y,
    rows,
    cols,
  };
}

export function randomParams(seed: number, length: number, scale = 1): Float64Array {
  const rng = new Random(seed);
  return Float64Array.from({ length }, () => scale * rng.normal());
}

export const shapeOf = (d: Dataset, kind: ModelKind) => ({ kind, features: d.cols, classes: d.classes.length });
