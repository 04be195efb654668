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
  private constructor(
    private readonly device: GPUDevice,
    private readonly layout: BatchLayout,
    private readonly groupLayouts: GPUBindGroupLayout[],
    private readonly pipelines: Record<BatchEntry, GPUComputePipeline>,
  ) {}

  static async create(
    device: GPUDevice,
    module: (source: ShaderSource) => GPUShaderModule,
    layout: BatchLayout,
    loss: LossKind,
  ): Promise<BatchKernels> {
    const groupLayouts = GROUPS.map((g) => createBindGroupLayout(device, g));
    const pipelineLayout = device.createPipelineLayout({ label: 'xent batch', bindGroupLayouts: groupLayouts });
    const specs = Object.entries(batchKernelSpecs(layout, loss)) as [BatchEntry, PipelineSpec][];
    // Every pipeline is requested before any is awaited, so they compile concurrently.
    const created = await Promise.all(
      specs.map(([, p]) =>
        device.createComputePipelineAsync({
          label: p.label,
          layout: pipelineLayout,
          compute: { module: module(p.source), entryPoint: p.entryPoint, constants: p.constants },
        }),
      ),
    );
    const pipelines = Object.fromEntries(specs.map(([entry], i) => [entry, created[i]])) as Record<BatchEntry, GPUComputePipeline>;
    return new BatchKernels(device, layout, groupLayouts, pipelines);
  }

  bindGroups(main: Record<string, GPUBufferBinding>, rows: Record<string, GPUBufferBinding>): BatchBindings {
    return {
      main: createBindGroup(this.device, BATCH_MAIN_GROUP, this.groupLayouts[0] as GPUBindGroupLayout, main),
      rows: createBindGroup(this.device, BATCH_ROWS_GROUP, this.groupLayouts[1] as GPUBindGroupLayout, rows),
    };
  }

  /** One evaluate pass over `active` members (the header says which): forward, gradient (unless fused), the finish kernels. */
  encodeEvaluate(encoder: GPUCommandEncoder, bindings: BatchBindings, active: number): void {
    const L = this.layout;
    const units = active * L.outputs * (L.paddedFeatures / 4 + 1);
    this.encode(encoder, bindings, [
      ['forward', L.threads],
      ...(L.fused ? [] : [['gradient', units * L.segments] as [BatchEntry, number]]),
      ['finishSums', active],
      ['finishGradient', active * L.params],
    ]);
  }

  /** One epoch for every member: a workgroup each. */
  encodeEpoch(encoder: GPUCommandEncoder, bindings: BatchBindings): void {
    const pass = encoder.beginComputePass({ label: 'xent batch epoch' });
    this.bind(pass, bindings);
    pass.setPipeline(this.pipelines.epoch);
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
      pass.setPipeline(this.pipelines[entry]);
      pass.dispatchWorkgroups(Math.ceil(invocations / BATCH_WG[this.layout.tuning]));
    }
    pass.end();
  }

  private bind(pass: GPUComputePassEncoder, bindings: BatchBindings): void {
    pass.setBindGroup(0, bindings.main);
    pass.setBindGroup(1, bindings.rows);
  }
}
