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

/** What `<xent-likelihood>` shows: the identity −ln L = Σ CE on the float64 CPU path, and the GPU's float32 numbers beside it. */
export interface LikelihoodReport {
  rows: number;
  cpu: LikelihoodSide;
  gpu: LikelihoodSide | null;
  /** max_n |CE_n(GPU) − CE_n(CPU)|, when a GPU side exists. */
  largestSampleDifference: number | null;
}

async function side(
  backend: Backend,
  data: Dataset,
  shape: ModelShape,
  params: Params,
): Promise<LikelihoodSide & { crossEntropy: Float64Array }> {
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
    return { backend: backend.name, sumCrossEntropy: pairwiseSum(crossEntropy), logLikelihood: pairwiseSum(logTrue), crossEntropy };
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
  const { crossEntropy: cpuSamples, ...cpuSide } = await side(cpu, data, shape, params);
  if (!gpu) return { rows: data.rows, cpu: cpuSide, gpu: null, largestSampleDifference: null };
  const { crossEntropy: gpuSamples, ...gpuSide } = await side(gpu, data, shape, params);
  const largest = gpuSamples.reduce((m, ce, r) => Math.max(m, Math.abs(ce - (cpuSamples[r] as number))), 0);
  return { rows: data.rows, cpu: cpuSide, gpu: gpuSide, largestSampleDifference: largest };
}
