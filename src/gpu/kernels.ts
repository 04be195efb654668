/**
 * The kernels of one bound problem: which pipelines its plan (layout.ts KernelPlan) runs, with which shader module,
 * overrides, bind groups and workgroup counts (stepKernelSpecs, plain data that test/unit/abi.test.ts checks against
 * the WGSL), their creation, and the encoding of a pass's steps and of the per-sample outputs.
 */
import type { LossKind } from '../core/types.js';
import {
  abiOverrides,
  type BindGroupSpec,
  CHUNK_GROUP,
  createBindGroup,
  createBindGroupLayout,
  DZ_GROUP,
  MAIN_GROUP,
  SAMPLES_GROUP,
} from './abi.js';
import { type KernelPlan, type ProblemLayout, ROWS_INVOCATION_WG, ROWS_REDUCED_WG } from './layout.js';
import { finishSource, logisticRowsSource, type ShaderSource, softmaxSplitSource, tiledSource, updateSource } from './shaders.js';

/** Workgroup size of updateAndFinish (logistic-rows-reduced: ≤ COMBINED_END_MAX_SLOTS slots of ≤ 68 sums). */
const COMBINED_END_WG = 16;
/** Most slots for which a logistic-rows-reduced step ends with updateAndFinish, one dependent dispatch fewer. */
export const COMBINED_END_MAX_SLOTS = 64;

/** One compute pipeline, as data. */
export interface PipelineSpec {
  label: string;
  source: ShaderSource;
  entryPoint: string;
  constants: Record<string, number>;
  /** Its bind groups, at their indices. */
  groups: readonly BindGroupSpec[];
}

/** A pipeline and how many workgroups it dispatches for a batch. */
export interface DispatchSpec {
  pipeline: PipelineSpec;
  workgroups: (batch: number) => number;
}

export interface StepKernelSpecs {
  plan: KernelPlan;
  /** The step kernels, in order, each dispatched once per chunk of X. */
  step: DispatchSpec[];
  /** Group 2 of the step kernels, if they have one (bound to a buffer of ProblemLayout.dzBytes). */
  stepGroup?: BindGroupSpec;
  /** After the step kernels: update, then finish. */
  end: DispatchSpec[];
  /** Update and finish in one workgroup, instead of `end` for steps of at most COMBINED_END_MAX_SLOTS slots. */
  combinedEnd?: DispatchSpec;
  /** Per-sample outputs, dispatched once per chunk with workgroups(chunk rows). */
  samples: DispatchSpec;
}

export interface KernelOptions {
  subgroups: boolean;
  /** Invocations per workgroup of the tiled and softmax-split kernels. */
  workgroupSize: number;
}

const TRAIN_GROUPS = [MAIN_GROUP, CHUNK_GROUP];

/** The pipelines and dispatches of `layout`'s plan. */
export function stepKernelSpecs(layout: ProblemLayout, loss: LossKind, options: KernelOptions): StepKernelSpecs {
  const L = layout;
  const WG = options.workgroupSize;
  const shape = { ...abiOverrides({ features: L.features, outputs: L.outputs, loss }), WG };
  const spec = (label: string, source: ShaderSource, entryPoint: string, constants: Record<string, number>, groups = TRAIN_GROUPS) => ({
    label: `xent ${label}`,
    source,
    entryPoint,
    constants: { ...shape, ...constants },
    groups,
  });
  const tiled = tiledSource(options.subgroups);
  const slots = (batch: number) => L.groups(batch);
  const samples = {
    pipeline: spec('samples', tiled, 'samples', { TILE: L.tile }, [...TRAIN_GROUPS, SAMPLES_GROUP]),
    workgroups: (rows: number) => Math.ceil(rows / L.tile),
  };
  // logistic-rows spreads its update over workgroups of ROWS_INVOCATION_WG and finishes in one invocation: no
  // barrier anywhere in its steps. The others update then run the finish tree.
  const updateWg = L.plan === 'logistic-rows' ? ROWS_INVOCATION_WG : WG;
  const end = [
    { pipeline: spec('update', updateSource, 'update', { WG: updateWg }), workgroups: () => Math.ceil(L.slot / updateWg) },
    { pipeline: spec('finish', finishSource, L.plan === 'logistic-rows' ? 'finishSerial' : 'finish', {}), workgroups: () => 1 },
  ];
  const specs = { plan: L.plan, end, samples };
  switch (L.plan) {
    case 'logistic-rows':
      return {
        ...specs,
        step: [
          {
            pipeline: spec('step rows', logisticRowsSource, 'step', { WG: ROWS_INVOCATION_WG }),
            workgroups: (batch) => Math.ceil(slots(batch) / ROWS_INVOCATION_WG),
          },
        ],
      };
    case 'logistic-rows-reduced':
      return {
        ...specs,
        step: [{ pipeline: spec('step rows', logisticRowsSource, 'stepReduced', { WG: ROWS_REDUCED_WG }), workgroups: slots }],
        combinedEnd: {
          pipeline: spec('update and finish', finishSource, 'updateAndFinish', { FINISH_WG: COMBINED_END_WG }),
          workgroups: () => 1,
        },
      };
    case 'softmax-split': {
      const groups = [...TRAIN_GROUPS, DZ_GROUP];
      const constants = { CLASS_BLOCK: L.classBlock };
      return {
        ...specs,
        stepGroup: DZ_GROUP,
        step: [
          // One invocation per two quads of positions.
          {
            pipeline: spec('forward', softmaxSplitSource, 'forward', constants, groups),
            workgroups: (batch) => Math.ceil(Math.ceil(batch / 8) / WG),
          },
          // One invocation per run of quads and pair of vec4 columns (or the bias).
          {
            pipeline: spec('gradient', softmaxSplitSource, 'gradient', constants, groups),
            workgroups: (batch) => Math.ceil(((Math.ceil(L.paddedFeatures / 8) + 1) * slots(batch)) / WG),
          },
        ],
      };
    }
    case 'tiled':
      return { ...specs, step: [{ pipeline: spec('step', tiled, 'step', { TILE: L.tile }), workgroups: slots }] };
  }
}

interface Dispatch {
  pipeline: GPUComputePipeline;
  workgroups: (batch: number) => number;
}

/** The bind groups a pass of the step kernels needs. */
export interface StepBindings {
  main: GPUBindGroup;
  /** One per chunk of X. */
  chunks: readonly GPUBindGroup[];
  /** Group 2 of the step kernels (StepKernelSpecs.stepGroup). */
  step?: GPUBindGroup;
}

/** The created pipelines of one problem's plan, and the bind group layouts they share. */
export class StepKernels {
  /** The per-sample kernel, compiled on first use: training never needs it (on SwiftShader it took 1.4 s to compile). */
  private samplesKernel: Promise<Dispatch> | null = null;

  private constructor(
    private readonly device: GPUDevice,
    private readonly layouts: Map<BindGroupSpec, GPUBindGroupLayout>,
    private readonly create: (spec: DispatchSpec) => Promise<Dispatch>,
    private readonly step: Dispatch[],
    private readonly end: Dispatch[],
    private readonly combinedEnd: Dispatch | undefined,
    private readonly samplesSpec: DispatchSpec,
  ) {}

  static async create(device: GPUDevice, module: (source: ShaderSource) => GPUShaderModule, specs: StepKernelSpecs): Promise<StepKernels> {
    const layouts = new Map<BindGroupSpec, GPUBindGroupLayout>();
    const layoutOf = (group: BindGroupSpec) => {
      let layout = layouts.get(group);
      if (!layout) {
        layout = createBindGroupLayout(device, group);
        layouts.set(group, layout);
      }
      return layout;
    };
    const create = async ({ pipeline: p, workgroups }: DispatchSpec): Promise<Dispatch> => ({
      pipeline: await device.createComputePipelineAsync({
        label: p.label,
        layout: device.createPipelineLayout({ label: p.label, bindGroupLayouts: p.groups.map(layoutOf) }),
        compute: { module: module(p.source), entryPoint: p.entryPoint, constants: p.constants },
      }),
      workgroups,
    });
    // Every pipeline is requested before any is awaited, so they compile concurrently.
    const [step, end, combinedEnd] = await Promise.all([
      Promise.all(specs.step.map(create)),
      Promise.all(specs.end.map(create)),
      specs.combinedEnd && create(specs.combinedEnd),
    ]);
    return new StepKernels(device, layouts, create, step, end, combinedEnd, specs.samples);
  }

  /** Compiles the per-sample kernel (once): call before binding SAMPLES_GROUP or encoding samples. */
  async prepareSamples(): Promise<void> {
    this.samplesKernel ??= this.create(this.samplesSpec);
    await this.samplesKernel;
  }

  /** A bind group for `group` (one of the kernels' groups) with a buffer per WGSL name. */
  bindGroup(group: BindGroupSpec, resources: Record<string, GPUBufferBinding>): GPUBindGroup {
    const layout = this.layouts.get(group);
    if (!layout) throw new Error(`no kernel of this problem binds ${group.label}`);
    return createBindGroup(this.device, group, layout, resources);
  }

  /**
   * All steps of a pass in one compute pass: per step, the step kernels (once per chunk), then update and finish,
   * or both in one small workgroup when the plan has that and the step has at most COMBINED_END_MAX_SLOTS slots.
   */
  encodeSteps(encoder: GPUCommandEncoder, bindings: StepBindings, steps: number, batch: number, slots: number): void {
    const kernels = this.step.map(({ pipeline, workgroups }) => ({ pipeline, workgroups: workgroups(batch) }));
    const ends = (this.combinedEnd && slots <= COMBINED_END_MAX_SLOTS ? [this.combinedEnd] : this.end).map(({ pipeline, workgroups }) => ({
      pipeline,
      workgroups: workgroups(batch),
    }));
    const pass = encoder.beginComputePass();
    pass.setBindGroup(0, bindings.main);
    pass.setBindGroup(1, bindings.chunks[0] as GPUBindGroup);
    if (bindings.step) pass.setBindGroup(2, bindings.step);
    const chunked = bindings.chunks.length > 1;
    for (let s = 0; s < steps; s++) {
      for (const chunk of bindings.chunks) {
        if (chunked) pass.setBindGroup(1, chunk);
        for (const kernel of kernels) {
          pass.setPipeline(kernel.pipeline);
          pass.dispatchWorkgroups(kernel.workgroups);
        }
      }
      for (const end of ends) {
        pass.setPipeline(end.pipeline);
        pass.dispatchWorkgroups(end.workgroups);
      }
    }
    pass.end();
  }

  /** Per-sample outputs of every chunk into the buffers of `outputs` (SAMPLES_GROUP); after prepareSamples(). */
  async encodeSamples(
    encoder: GPUCommandEncoder,
    bindings: StepBindings,
    chunkRows: readonly number[],
    outputs: GPUBindGroup,
  ): Promise<void> {
    const samples = await (this.samplesKernel as Promise<Dispatch>);
    const pass = encoder.beginComputePass();
    pass.setPipeline(samples.pipeline);
    pass.setBindGroup(0, bindings.main);
    pass.setBindGroup(2, outputs);
    bindings.chunks.forEach((chunk, c) => {
      pass.setBindGroup(1, chunk);
      pass.dispatchWorkgroups(samples.workgroups(chunkRows[c] as number));
    });
    pass.end();
  }
}
