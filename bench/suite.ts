/**
 * The benchmark loop shared by the page and Node: the copy ceiling once, then for each workload its data, its read
 * ceiling and every contender at every batch size. A contender that fails is recorded and the run goes on.
 */
import { keyedPermutation } from '../src/core/shuffle.js';
import type { Dataset } from '../src/data/dataset.js';
import { isCpuAdapter } from '../src/gpu/adapter.js';
import { measureCopyCeiling, measureReadCeiling, measureRoundTrip } from './ceiling.js';
import { type Environment, measurement, type RunResults } from './results.js';
import { median } from './stats.js';
import { type EpochPlan, epochPlan, featureBytes, generateDataset, type Workload, workloadLabel, workloads } from './workloads.js';

export interface TimedEpochs {
  epochMs: number[];
  loss: number;
  /** How it ran, where that matters (TF.js wasm: threads and SIMD). */
  note?: string;
}

export interface Contender {
  name: string;
  /** Epochs to run; a slow contender may time fewer on a big workload (the table says so). */
  plan?(w: Workload, batch: number, standard: EpochPlan): EpochPlan;
  time(data: Dataset, w: Workload, batch: number, plan: EpochPlan): Promise<TimedEpochs>;
}

export interface SuiteOptions {
  environment: Environment;
  adapter: string;
  runtime: string;
  quick: boolean;
  /** Also the workloads sized for a real GPU. */
  large?: boolean;
  /** xent's device, also used for the ceiling kernels (it has the adapter's buffer limits). */
  device: GPUDevice;
  contenders: Contender[];
  log(message: string): void;
}

/** Median ms of expanding the keyed shuffle of `rows` on the host (each epoch, except with the GPU tuning), over 5 keys. */
function timeShuffle(rows: number): number {
  const times = Array.from({ length: 5 }, (_, key) => {
    const start = performance.now();
    keyedPermutation(rows, key);
    return performance.now() - start;
  });
  return median(times);
}

export async function runSuite(o: SuiteOptions): Promise<RunResults> {
  const standard = epochPlan(o.quick);
  o.log(`${o.environment}: copy ceiling`);
  const results: RunResults = {
    environment: o.environment,
    adapter: o.adapter,
    runtime: o.runtime,
    cpuAdapter: isCpuAdapter(o.device),
    readCeilings: [],
    roundTripMs: await measureRoundTrip(o.device),
    shuffles: [],
    copyCeiling: await measureCopyCeiling(o.device),
    measurements: [],
    failures: [],
  };
  for (const w of workloads(o.quick, o.large ?? false)) {
    const label = workloadLabel(w);
    const data = generateDataset(w);
    o.log(`${o.environment}: ${label}: read ceiling`);
    const ceiling = await measureReadCeiling(o.device, featureBytes(w));
    results.readCeilings.push({ workload: label, ceiling });
    results.shuffles.push({ workload: label, ms: timeShuffle(w.rows) });
    for (const batch of w.batches) {
      for (const c of o.contenders) {
        const plan = c.plan?.(w, batch, standard) ?? standard;
        o.log(`${o.environment}: ${label}, batch ${batch}: ${c.name} (${plan.warmup} + ${plan.timed} epochs)`);
        const started = performance.now();
        try {
          const timed = await c.time(data, w, batch, plan);
          o.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
          if (timed.epochMs.length !== plan.timed) throw new Error(`timed ${timed.epochMs.length} epochs, expected ${plan.timed}`);
          results.measurements.push(measurement(w, batch, c.name, plan, timed, ceiling, results.copyCeiling));
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          o.log(`  failed: ${error}`);
          results.failures.push({ workload: label, rows: w.rows, batch, implementation: c.name, error });
        }
      }
    }
  }
  return results;
}
