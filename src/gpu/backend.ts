import type { Backend, BoundProblem } from '../core/backend.js';
import type { BoundBatch } from '../core/batch.js';
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';
import { isCpuAdapter } from './adapter.js';
import { BufferTracker } from './buffers.js';
import type { KernelTuning } from './layout.js';
import { type GpuContext, GpuProblem } from './problem.js';
import { pacesReadback } from './readback.js';

export interface GpuBackendOptions {
  /** Largest chunk of X (and y) per storage binding, in bytes (default: the device's limit). Tests lower it to force chunking. */
  maxChunkBytes?: number;
  /**
   * Largest storage binding of any buffer, in bytes (default: the device's limit). Tests lower it to reach what
   * happens past the limit (X in chunks, softmax on the tiled plan when the softmax-split dz buffer does not fit).
   */
  maxBindingBytes?: number;
  /** Use subgroup operations when the device has the `subgroups` feature (default true). */
  subgroups?: boolean;
  /** Fill every buffer the kernels write with NaN when created, so a missed write shows up (tests). */
  poison?: boolean;
  /** Invocations per workgroup of the row kernels (default 64). */
  workgroupSize?: number;
  /**
   * Kernel shapes for a CPU adapter (few long-running invocations, no barriers) or a GPU (many short-running ones;
   * src/gpu/layout.ts KernelTuning and KernelPlan). Default: from the adapter (SwiftShader or another fallback adapter: 'cpu').
   */
  tuning?: KernelTuning;
}

export interface GpuBackend extends Backend {
  /** Whether the kernels use subgroup operations on this device. */
  readonly subgroups: boolean;
  /** Buffers created and not yet destroyed, over every problem bound here (tests check for leaks). */
  liveBuffers(): number;
}

/** The WebGPU backend (kernels in shaders/). The device belongs to the caller; dispose() frees what bind() made. */
export function createGpuBackend(device: GPUDevice, adapterDescription?: string, options: GpuBackendOptions = {}): GpuBackend {
  const buffers = new BufferTracker(device, options.poison ?? false);
  const modules = new Map<string, GPUShaderModule>();
  const problems = new Set<BoundProblem>();
  const ctx: GpuContext = {
    device,
    buffers,
    maxBindingBytes: Math.min(
      device.limits.maxStorageBufferBindingSize,
      device.limits.maxBufferSize,
      options.maxBindingBytes ?? Number.POSITIVE_INFINITY,
    ),
    maxChunkBytes: options.maxChunkBytes ?? Number.POSITIVE_INFINITY,
    subgroups: (options.subgroups ?? true) && device.features.has('subgroups'),
    workgroupSize: options.workgroupSize ?? 64,
    tuning: options.tuning ?? (isCpuAdapter(device) ? 'cpu' : 'gpu'),
    paceReadback: pacesReadback(device),
    module({ label, code }) {
      let module = modules.get(code);
      if (!module) {
        module = device.createShaderModule({ label, code });
        modules.set(code, module);
      }
      return module;
    },
  };
  return {
    name: 'gpu',
    adapter: adapterDescription ?? null,
    subgroups: ctx.subgroups,
    liveBuffers: () => buffers.liveBuffers,
    async bind(data: LabeledMatrix, spec: ObjectiveSpec): Promise<BoundProblem> {
      const problem = await GpuProblem.create(ctx, data, spec);
      problems.add(problem);
      const dispose = problem.dispose.bind(problem);
      problem.dispose = () => {
        problems.delete(problem);
        dispose();
      };
      return problem;
    },
    async bindBatch(): Promise<BoundBatch> {
      throw new Error('batched problems: not built yet');
    },
    dispose() {
      for (const p of [...problems]) p.dispose();
    },
  };
}
