import type { Backend } from '../core/backend.js';
import { pairwiseSum } from '../core/sum.js';
import type { ModelShape, Params } from '../core/types.js';
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

async function side(
  backend: Backend,
  data: Dataset,
  shape: ModelShape,
  params: Params,
): Promise<LikelihoodSide & { crossEntropy: Float64Array; logTrue: Float64Array }> {
  const problem = await backend.bind(data, { shape, loss: 'cross-entropy', l2: 0 });
  try {
    problem.setParams(params);
    const { probabilities, crossEntropy } = await problem.samples();
    const outputs = probabilities.length / data.rows;
    const logTrue = Float64Array.from(data.y, (y, r) => {
      const p =
        outputs === 1
          ? y === 1
            ? (probabilities[r] as number)
            : 1 - (probabilities[r] as number)
          : (probabilities[r * outputs + y] as number);
      return Math.log(p);
    });
    return {
      backend: backend.name,
      sumCrossEntropy: pairwiseSum(crossEntropy),
      logLikelihood: pairwiseSum(logTrue),
      crossEntropy,
      logTrue,
    };
  } finally {
    problem.dispose();
  }
}

/** Evaluates `params` (in the units of `data`) on the CPU and, when given, on the GPU. */
export async function likelihoodReport(
  data: Dataset,
  shape: ModelShape,
  params: Params,
  cpu: Backend,
  gpu: Backend | null,
): Promise<LikelihoodReport> {
  const { crossEntropy: cpuSamples, logTrue, ...cpuSide } = await side(cpu, data, shape, params);
  const samples = firstRowsOfEachClass(data).map((row) => ({
    row,
    label: data.classes[data.y[row] as number] as string,
    probability: Math.exp(logTrue[row] as number),
    crossEntropy: cpuSamples[row] as number,
  }));
  if (!gpu) return { rows: data.rows, cpu: cpuSide, gpu: null, largestSampleDifference: null, samples };
  const { crossEntropy: gpuSamples, logTrue: _, ...gpuSide } = await side(gpu, data, shape, params);
  const largest = gpuSamples.reduce((m, ce, r) => Math.max(m, Math.abs(ce - (cpuSamples[r] as number))), 0);
  return { rows: data.rows, cpu: cpuSide, gpu: gpuSide, largestSampleDifference: largest, samples };
}

function firstRowsOfEachClass(data: Dataset): number[] {
  const taken = new Map<number, number[]>();
  data.y.forEach((y, row) => {
    const rows = taken.get(y) ?? [];
    if (rows.length < SAMPLES_PER_CLASS) taken.set(y, [...rows, row]);
  });
  return [...taken.keys()].sort((a, b) => a - b).flatMap((y) => taken.get(y) ?? []);
}
