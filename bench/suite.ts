/**
 * The benchmark loop shared by the page and Node: the copy ceiling once, then for each workload its data, its read
 * ceiling and every contender at every batch size. A contender that fails is recorded and the run goes on.
 */
import type { Dataset } from '../src/data/dataset.js';
import { measureCopyCeiling, measureReadCeiling } from './ceiling.js';
import { type Environment, measurement, type RunResults } from './results.js';
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
  /** xent's device, also used for the ceiling kernels (it has the adapter's buffer limits). */
  device: GPUDevice;
  contenders: Contender[];
  log(message: string): void;
}

export async function runSuite(o: SuiteOptions): Promise<RunResults> {
  const standard = epochPlan(o.quick);
  o.log(`${o.environment}: copy ceiling`);
  const results: RunResults = {
    environment: o.environment,
    adapter: o.adapter,
    runtime: o.runtime,
    readCeilings: [],
    copyCeiling: await measureCopyCeiling(o.device),
    measurements: [],
    failures: [],
  };
  for (const w of workloads(o.quick)) {
    const label = workloadLabel(w);
    const data = generateDataset(w);
    o.log(`${o.environment}: ${label}: read ceiling`);
    const ceiling = await measureReadCeiling(o.device, featureBytes(w));
    results.readCeilings.push({ workload: label, ceiling });
    for (const batch of w.batches) {
      for (const c of o.contenders) {
        const plan = c.plan?.(w, batch, standard) ?? standard;
        o.log(`${o.environment}: ${label}, batch ${batch}: ${c.name} (${plan.warmup} + ${plan.timed} epochs)`);
        const started = performance.now();
        try {
          const timed = await c.time(data, w, batch, plan);
          o.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
          if (timed.epochMs.length !== plan.timed) throw new Error(`timed ${timed.epochMs.length} epochs, expected ${plan.timed}`);
          results.measurements.push(measurement(w, batch, c.name, plan, timed, ceiling));
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
