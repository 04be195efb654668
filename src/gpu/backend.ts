import type { Backend, BoundProblem } from '../core/backend.js';
import type { BatchRows, BatchSpec, BoundBatch } from '../core/batch.js';
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';
import { isCpuAdapter } from './adapter.js';
import { BatchAsProblem } from './batch-as-problem.js';
import { GpuBatch } from './batch-problem.js';
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
  const problems = new Set<{ dispose(): void }>();
  /** Disposing the backend disposes what it bound; disposing one forgets it. */
  const track = <T extends { dispose(): void }>(bound: T): T => {
    problems.add(bound);
    const dispose = bound.dispose.bind(bound);
    bound.dispose = () => {
      problems.delete(bound);
      dispose();
    };
    return bound;
  };
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
      if (!data.weights) return track(await GpuProblem.create(ctx, data, spec));
      // Weighted rows train as a batch of one member holding out nothing (the single plans weigh every row 1).
      const rows = { ...data, folds: new Uint32Array(data.rows) };
      const batch = await GpuBatch.create(ctx, rows, { shape: spec.shape, loss: spec.loss, members: [{ l2: spec.l2, fold: -1 }] });
      return track(new BatchAsProblem(batch, spec));
    },
    async bindBatch(rows: BatchRows, spec: BatchSpec): Promise<BoundBatch> {
      return track(await GpuBatch.create(ctx, rows, spec));
    },
    dispose() {
      for (const p of [...problems]) p.dispose();
    },
  };
}
