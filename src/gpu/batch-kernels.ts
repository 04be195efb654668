/**
 * The kernels of a bound batch: the pipelines (batchKernelSpecs, plain data that test/unit/abi.test.ts checks against
 * the WGSL), their creation, and the encoding of an evaluate pass, an epoch and the per-sample outputs.
 */
import type { LossKind } from '../core/types.js';
import { createBindGroup, createBindGroupLayout } from './abi.js';
import { BATCH_MAIN_GROUP, BATCH_ROWS_GROUP, batchOverrides } from './batch-abi.js';
import { BATCH_WG, type BatchLayout } from './batch-layout.js';
import type { PipelineSpec } from './kernels.js';
import { batchEpochSource, batchForwardSource, batchGradientSource, type ShaderSource } from './shaders.js';

const GROUPS = [BATCH_MAIN_GROUP, BATCH_ROWS_GROUP];

export type BatchEntry = 'forward' | 'gradient' | 'finishSums' | 'finishGradient' | 'samples' | 'epoch';

/** Every pipeline of a batch of `layout`'s shape. */
export function batchKernelSpecs(layout: BatchLayout, loss: LossKind): Record<BatchEntry, PipelineSpec> {
  const shape = batchOverrides({ features: layout.features, outputs: layout.outputs, loss, members: layout.members });
  const WG = BATCH_WG[layout.tuning];
  const spec = (entry: BatchEntry, source: ShaderSource, entryPoint: string = entry): PipelineSpec => ({
    label: `xent batch ${entry}`,
    source,
    entryPoint,
    constants: { ...shape, WG },
    groups: GROUPS,
  });
  return {
    forward: spec('forward', batchForwardSource, layout.fused ? 'forwardLogistic' : 'forward'),
    samples: spec('samples', batchForwardSource),
    gradient: spec('gradient', batchGradientSource),
    finishSums: spec('finishSums', batchGradientSource),
    finishGradient: spec('finishGradient', batchGradientSource),
    epoch: spec('epoch', batchEpochSource),
  };
}

/** The bind groups of a pass: the buffers of BATCH_MAIN_GROUP and the rows. */
export interface BatchBindings {
  main: GPUBindGroup;
  rows: GPUBindGroup;
}

export class BatchKernels {
  /** Pipelines compiled so far, by entry. */
  private readonly pipelines = new Map<BatchEntry, GPUComputePipeline>();
  private readonly compiling = new Map<BatchEntry, Promise<GPUComputePipeline>>();
  private readonly groupLayouts: GPUBindGroupLayout[];
  private readonly pipelineLayout: GPUPipelineLayout;
  private readonly specs: Record<BatchEntry, PipelineSpec>;

  /**
   * Nothing is compiled until first used: a cross-validation by L-BFGS never runs the epoch or samples kernels, and
   * on SwiftShader a pipeline takes up to a second or more to compile.
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly module: (source: ShaderSource) => GPUShaderModule,
    private readonly layout: BatchLayout,
    loss: LossKind,
  ) {
    this.groupLayouts = GROUPS.map((g) => createBindGroupLayout(device, g));
    this.pipelineLayout = device.createPipelineLayout({ label: 'xent batch', bindGroupLayouts: this.groupLayouts });
    this.specs = batchKernelSpecs(layout, loss);
  }

  /** Compiles these entries' pipelines (each once, concurrently); call before encoding them. */
  async prepare(entries: readonly BatchEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) => {
        let pipeline = this.compiling.get(entry);
        if (!pipeline) {
          const p = this.specs[entry];
          pipeline = this.device.createComputePipelineAsync({
            label: p.label,
            layout: this.pipelineLayout,
            compute: { module: this.module(p.source), entryPoint: p.entryPoint, constants: p.constants },
          });
          this.compiling.set(entry, pipeline);
          pipeline.then(
            (ready) => this.pipelines.set(entry, ready),
            () => {}, // seen where prepare() is awaited
          );
        }
        return pipeline;
      }),
    );
  }

  /** The entries one evaluate pass encodes. */
  evaluateEntries(): BatchEntry[] {
    return this.evaluateKernels(0).map(([entry]) => entry);
  }

  bindGroups(main: Record<string, GPUBufferBinding>, rows: Record<string, GPUBufferBinding>): BatchBindings {
    return {
      main: createBindGroup(this.device, BATCH_MAIN_GROUP, this.groupLayouts[0] as GPUBindGroupLayout, main),
      rows: createBindGroup(this.device, BATCH_ROWS_GROUP, this.groupLayouts[1] as GPUBindGroupLayout, rows),
    };
  }

  /** One evaluate pass over `active` members (the header says which): forward, gradient (unless fused), the finish kernels. */
  encodeEvaluate(encoder: GPUCommandEncoder, bindings: BatchBindings, active: number): void {
    this.encode(encoder, bindings, this.evaluateKernels(active));
  }

  /** The kernels of an evaluate pass over `active` members, each with its invocations. */
  private evaluateKernels(active: number): [BatchEntry, number][] {
    const L = this.layout;
    const units = active * L.outputs * (L.paddedFeatures / 4 + 1);
    return [
      ['forward', L.threads],
      ...(L.fused ? [] : [['gradient', units * L.segments] as [BatchEntry, number]]),
      ['finishSums', active],
      ['finishGradient', active * L.params],
    ];
  }

  /** One epoch for every member: a workgroup each. */
  encodeEpoch(encoder: GPUCommandEncoder, bindings: BatchBindings): void {
    const pass = encoder.beginComputePass({ label: 'xent batch epoch' });
    this.bind(pass, bindings);
    pass.setPipeline(this.pipeline('epoch'));
    pass.dispatchWorkgroups(this.layout.members);
    pass.end();
  }

  encodeSamples(encoder: GPUCommandEncoder, bindings: BatchBindings): void {
    this.encode(encoder, bindings, [['samples', this.layout.rows]]);
  }

  /** The kernels in order in one compute pass, each with enough workgroups for its invocations. */
  private encode(encoder: GPUCommandEncoder, bindings: BatchBindings, kernels: [BatchEntry, number][]): void {
    const pass = encoder.beginComputePass();
    this.bind(pass, bindings);
    for (const [entry, invocations] of kernels) {
      pass.setPipeline(this.pipeline(entry));
      pass.dispatchWorkgroups(Math.ceil(invocations / BATCH_WG[this.layout.tuning]));
    }
    pass.end();
  }

  private pipeline(entry: BatchEntry): GPUComputePipeline {
    const pipeline = this.pipelines.get(entry);
    if (!pipeline) throw new Error(`the batch ${entry} kernel was encoded before prepare()`);
    return pipeline;
  }

  private bind(pass: GPUComputePassEncoder, bindings: BatchBindings): void {
    pass.setBindGroup(0, bindings.main);
    pass.setBindGroup(1, bindings.rows);
  }
}
