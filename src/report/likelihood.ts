import type { Backend, SampleOutputs } from '../core/backend.js';
import { pairwiseSum } from '../core/sum.js';
import type { LabeledMatrix, ModelShape, Params } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';

/** The seed identity on one backend: Σ CE_n and ln L = Σ ln p(y_n | x_n), both from that backend's per-sample outputs. */
export interface LikelihoodSide {
  backend: string;
  sumCrossEntropy: number;
  /** ln L, accumulated in log space (L itself underflows for a few thousand rows). */
  logLikelihood: number;
}

/** One row's share of the identity: its true label, the probability the model gives it, and its CE term. */
export interface SampleContribution {
  row: number;
  label: string;
  /** p(y_n | x_n): the factor this row contributes to L. */
  probability: number;
  /** CE_n = −ln p(y_n | x_n), from the backend's stable per-sample kernel (not from the rounded probability). */
  crossEntropy: number;
}

/** What `<xent-likelihood>` shows: the identity −ln L = Σ CE on the float64 CPU path, and the GPU's float32 numbers beside it. */
export interface LikelihoodReport {
  rows: number;
  cpu: LikelihoodSide;
  gpu: LikelihoodSide | null;
  /** max_n |CE_n(GPU) − CE_n(CPU)|, when a GPU side exists. */
  largestSampleDifference: number | null;
  /** A handful of rows, the first ones of each class, with their factor of L and their CE term (CPU path). */
  samples: SampleContribution[];
}

/** Rows per class shown in the panel. */
const SAMPLES_PER_CLASS = 2;

/** Per-sample outputs of `params` (in the units of `data`) on `backend`. */
export async function samplesOn(backend: Backend, data: Dataset, shape: ModelShape, params: Params): Promise<SampleOutputs> {
  const problem = await backend.bind(data, { shape, loss: 'cross-entropy', l2: 0 });
  try {
    problem.setParams(params);
    return await problem.samples();
  } finally {
    problem.dispose();
  }
}

/** ln p(y_n | x_n) of every row, from a backend's probabilities: the terms of ln L. */
export function logTrueClass(data: Pick<LabeledMatrix, 'y' | 'rows'>, { probabilities }: SampleOutputs): Float64Array {
  const outputs = probabilities.length / data.rows;
  return Float64Array.from(data.y, (y, r) => {
    const p =
      outputs === 1
        ? y === 1
          ? (probabilities[r] as number)
          : 1 - (probabilities[r] as number)
        : (probabilities[r * outputs + y] as number);
    return Math.log(p);
  });
}

function side(backend: string, samples: SampleOutputs, logTrue: Float64Array): LikelihoodSide {
  return { backend, sumCrossEntropy: pairwiseSum(samples.crossEntropy), logLikelihood: pairwiseSum(logTrue) };
}

/** The identity on the CPU's float64 outputs for `data` and, when given, beside it the GPU's float32 ones. */
export function likelihoodReport(data: Dataset, cpu: SampleOutputs, gpu: SampleOutputs | null): LikelihoodReport {
  const logTrue = logTrueClass(data, cpu);
  const samples = firstRowsOfEachClass(data).map((row) => ({
    row,
    label: data.classes[data.y[row] as number] as string,
    probability: Math.exp(logTrue[row] as number),
    crossEntropy: cpu.crossEntropy[row] as number,
  }));
  const cpuSide = side('cpu', cpu, logTrue);
  if (!gpu) return { rows: data.rows, cpu: cpuSide, gpu: null, largestSampleDifference: null, samples };
  const largest = gpu.crossEntropy.reduce((m, ce, r) => Math.max(m, Math.abs(ce - (cpu.crossEntropy[r] as number))), 0);
  return { rows: data.rows, cpu: cpuSide, gpu: side('gpu', gpu, logTrueClass(data, gpu)), largestSampleDifference: largest, samples };
}

function firstRowsOfEachClass(data: Dataset): number[] {
  const taken = new Map<number, number[]>();
  data.y.forEach((y, row) => {
    const rows = taken.get(y) ?? [];
    if (rows.length < SAMPLES_PER_CLASS) taken.set(y, [...rows, row]);
  });
  return [...taken.keys()].sort((a, b) => a - b).flatMap((y) => taken.get(y) ?? []);
}
