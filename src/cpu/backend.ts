import type { Backend, BoundProblem } from '../core/backend.js';
import type { BatchRows, BatchSpec, BoundBatch } from '../core/batch.js';
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';
import { CpuBatch } from './batch.js';
import type { PassHelper } from './parallel.js';
import { CpuProblem } from './problem.js';

/**
 * The float64 reference backend. With a helper (the CLI gives one: a worker thread), a bound problem's full-batch
 * passes over a matrix in shared memory are split between the two threads, with the same numbers as one.
 */
export function createCpuBackend(helper: PassHelper | null = null): Backend {
  return {
    name: 'cpu',
    adapter: null,
    async bind(data: LabeledMatrix, spec: ObjectiveSpec): Promise<BoundProblem> {
      return new CpuProblem(data, spec, helper?.bind(data, spec) ?? null);
    },
    async bindBatch(rows: BatchRows, spec: BatchSpec): Promise<BoundBatch> {
      return new CpuBatch(rows, spec);
    },
    dispose() {
      helper?.dispose();
    },
  };
}
