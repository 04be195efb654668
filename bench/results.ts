/** What one benchmark run produces, in the page or in Node; run.ts prints it and writes bench/RESULTS.md from it. */
import type { CopyCeiling, ReadCeiling } from './ceiling.js';
import { median } from './stats.js';
import type { TimedEpochs } from './suite.js';
import { type EpochPlan, featureBytes, type Workload, workloadLabel } from './workloads.js';

export type Environment = 'chromium' | 'node';

/** The implementation every other one is compared with. */
export const XENT_GPU = 'xent GPU';

export interface Measurement {
  workload: string;
  kind: Workload['kind'];
  rows: number;
  batch: number;
  implementation: string;
  plan: EpochPlan;
  /** Each timed epoch, warm-up excluded. */
  epochMs: number[];
  medianMs: number;
  samplesPerSecond: number;
  /** Bytes of X (float32) read per epoch over the median epoch time. */
  gbps: number;
  /** gbps over the read ceiling measured for this workload's X. */
  ofReadCeiling: number;
  /** gbps over the copy ceiling (bytes copied per second): the measure on a real GPU. */
  ofCopyCeiling: number;
  /** Training loss of the last epoch, to show every implementation solved the same problem. */
  loss: number;
  note: string;
}

export interface Failure {
  workload: string;
  rows: number;
  batch: number;
  implementation: string;
  error: string;
}

export interface RunResults {
  environment: Environment;
  adapter: string;
  /** navigator.userAgent in the page, the Node version in Node. */
  runtime: string;
  /** SwiftShader or another software adapter (src/gpu/adapter.ts): the SwiftShader targets apply, not the GPU one. */
  cpuAdapter: boolean;
  readCeilings: { workload: string; ceiling: ReadCeiling }[];
  /** Median ms of a submit → mapAsync read-back of a few bytes: each epoch's floor on the device side. */
  roundTripMs: number;
  /** Median ms of expanding the keyed shuffle on the host, per workload: each epoch's floor there, except with the GPU tuning. */
  shuffles: { workload: string; ms: number }[];
  copyCeiling: CopyCeiling;
  measurements: Measurement[];
  failures: Failure[];
}

export function measurement(
  w: Workload,
  batch: number,
  implementation: string,
  plan: EpochPlan,
  { epochMs, loss, note }: TimedEpochs,
  readCeiling: ReadCeiling,
  copyCeiling: CopyCeiling,
): Measurement {
  const medianMs = median(epochMs);
  const gbps = featureBytes(w) / (medianMs * 1e6);
  return {
    workload: workloadLabel(w),
    kind: w.kind,
    rows: w.rows,
    batch,
    implementation,
    plan,
    epochMs,
    medianMs,
    samplesPerSecond: w.rows / (medianMs / 1000),
    gbps,
    ofReadCeiling: gbps / readCeiling.gbps,
    ofCopyCeiling: gbps / copyCeiling.gbps,
    loss,
    note: note ?? '',
  };
}

/** The xent GPU row of the same workload, batch and environment, if it ran. */
export function xentGpuFor(results: RunResults, m: Pick<Measurement, 'workload' | 'batch'>): Measurement | undefined {
  return results.measurements.find((o) => o.implementation === XENT_GPU && o.workload === m.workload && o.batch === m.batch);
}
