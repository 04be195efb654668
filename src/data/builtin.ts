import type { TrainOptions } from '../core/options.js';
import { Random } from '../core/random.js';
import irisCsv from './builtin/iris.csv?raw';
import { parseCsv } from './csv.js';
import type { Dataset } from './dataset.js';
import { playgroundDataset, playgroundKinds } from './playground.js';

export interface BuiltinDataset {
  name: string;
  description: string;
  /** The label column. */
  label: string;
  /** Settings that show what the data set is for (e.g. the MSE stall's confidently wrong start). */
  options?: Partial<TrainOptions>;
  load(): Dataset;
}

/** Data sets that ship with xent: generated from a fixed seed, or small public ones with their licence. */
export const builtinDatasets: BuiltinDataset[] = [
  {
    name: 'blobs2',
    description: 'Two overlapping Gaussian blobs in 2-D, 400 points (generated, seed 7): the logistic picture.',
    label: 'label',
    load: () =>
      blobs(
        'builtin:blobs2',
        7,
        200,
        [
          [-1, -0.5],
          [1, 0.75],
        ],
        0.9,
      ),
  },
  {
    name: 'blobs3',
    description: 'Three Gaussian blobs in 2-D, 450 points (generated, seed 11): softmax with K = 3.',
    label: 'label',
    load: () =>
      blobs(
        'builtin:blobs3',
        11,
        150,
        [
          [-1.5, -1],
          [1.5, -1],
          [0, 1.5],
        ],
        0.8,
      ),
  },
  {
    name: 'iris',
    description: "Fisher's Iris (1936): 150 flowers, 4 measurements, 3 species. UCI ML Repository, CC BY 4.0.",
    label: 'species',
    load: () => parseCsv(irisCsv, { file: 'builtin:iris', label: 'species' }),
  },
  {
    name: 'mse-stall',
    description:
      'Separable 2-D data trained from a confidently wrong start (w₁ = −6): cross-entropy recovers at once, ' +
      'while the MSE gradient 2(p−y)·p(1−p) is almost zero and MSE stalls.',
    label: 'label',
    options: { init: [-6, 0, 0], optimizer: 'sgd', lr: 0.5, epochs: 60, standardize: true },
    load: () =>
      blobs(
        'builtin:mse-stall',
        3,
        200,
        [
          [-1.2, 0],
          [1.2, 0],
        ],
        0.5,
      ),
  },
  // TensorFlow Playground's four 2-D pictures (500 points, noise 0.1, seed 1): a linear model separates gauss only;
  // circle and xor need feature crosses.
  ...playgroundKinds.map(
    (kind): BuiltinDataset => ({
      name: kind,
      description: `TensorFlow Playground's ${kind} in 2-D, 500 points, noise 0.1 (generated, seed 1).`,
      label: 'label',
      load: () => playgroundDataset(kind, { size: 500, noise: 0.1, seed: 1 }),
    }),
  ),
];

export function builtinDataset(name: string): BuiltinDataset {
  const found = builtinDatasets.find((d) => d.name === name);
  if (!found) throw new Error(`no built-in data set "${name}"; try: ${builtinDatasets.map((d) => d.name).join(', ')}`);
  return found;
}

export function loadBuiltin(name: string): Dataset {
  return builtinDataset(name).load();
}

/** `perClass` points around each centre with isotropic noise `spread`; classes are "0", "1", … */
function blobs(name: string, seed: number, perClass: number, centres: number[][], spread: number): Dataset {
  const rng = new Random(seed);
  const rows = perClass * centres.length;
  const x = new Float64Array(rows * 2);
  const y = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = r % centres.length;
    const c = centres[k] as number[];
    x[2 * r] = (c[0] as number) + spread * rng.normal();
    x[2 * r + 1] = (c[1] as number) + spread * rng.normal();
    y[r] = k;
  }
  return { name, features: ['x1', 'x2'], label: 'label', classes: centres.map((_, k) => String(k)), x, y, rows, cols: 2 };
}
