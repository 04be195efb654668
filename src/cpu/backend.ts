import type { Backend, BoundProblem } from '../core/backend.js';
import type { BatchRows, BatchSpec, BoundBatch } from '../core/batch.js';
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';
import { CpuBatch } from './batch.js';
import { CpuProblem } from './problem.js';

/** The float64 reference backend. */
export function createCpuBackend(): Backend {
  return {
    name: 'cpu',
    adapter: null,
    async bind(data: LabeledMatrix, spec: ObjectiveSpec): Promise<BoundProblem> {
      return new CpuProblem(data, spec);
    },
    async bindBatch(rows: BatchRows, spec: BatchSpec): Promise<BoundBatch> {
      return new CpuBatch(rows, spec);
    },
    dispose() {},
  };
}
