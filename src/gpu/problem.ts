import type { BoundProblem, EpochOutcome, EvaluationAndGradient, SampleOutputs } from '../core/backend.js';
import { type EpochOrder, orderArray, shuffleHalfBits } from '../core/shuffle.js';
import type { Evaluation, LabeledMatrix, ObjectiveSpec, Params, StepConfig } from '../core/types.js';
import type { BufferTracker } from './buffers.js';
import { FUSED_INVOCATION_WG, FUSED_REDUCED_WG, type KernelTuning, ProblemLayout, TOTALS_LENGTH } from './layout.js';
import { mapped, ReadbackPacer } from './readback.js';
import { barrierFreeSource, finishSource, stepRowsSource, stepSource, updateSource } from './shaders.js';

/** What a bound problem needs from its backend. */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly buffers: BufferTracker;
  readonly maxBindingBytes: number;
  /** Limit on one chunk of X, below maxBindingBytes only in tests. */
  readonly maxChunkBytes: number;
  readonly subgroups: boolean;
  readonly workgroupSize: number;
  readonly tuning: KernelTuning;
  /** Sleep through most of each expected wait before mapping (readback.ts): Node on a CPU adapter. */
  readonly paceReadback: boolean;
  module(code: string): GPUShaderModule;
}

/** The header sits in front of the order in one buffer; storage offsets must be multiples of 256. */
const HEADER_BYTES = 256;
/** Bytes of the Header struct of shaders/common.wgsl (14 words, rounded up to 16 for a uniform). */
const HEADER_STRUCT_BYTES = 64;
const OPTIMIZER_ID = { sgd: 0, momentum: 1, adam: 2 } as const;
/** Header.ordering of shaders/common.wgsl. */
const ORDERING_ID = { order: 0, identity: 1, keyed: 2 } as const;
/** Workgroup size of updateAndFinish (the fused kernel's GPU tuning, ≤ COMBINED_END_MAX_SLOTS slots of ≤ 68 sums). */
const FUSED_FINISH_WG = 16;
/** Most slots for which a step of the fused kernel summing per workgroup ends with updateAndFinish (stepEnd). */
const COMBINED_END_MAX_SLOTS = 64;
const NO_STEP: StepConfig = { optimizer: 'sgd', lr: 0, beta1: 0, beta2: 0, epsilon: 0 };

interface EndKernel {
  pipeline: GPUComputePipeline;
  workgroups: number;
}

interface Pass {
  rows: number;
  batch: number;
  ordering: keyof typeof ORDERING_ID;
  /** Key of the keyed shuffle (ordering 'keyed'). */
  key?: number;
  update: boolean;
  step: StepConfig;
}

/**
 * A data set on the GPU with its parameters and optimizer state (layout: shaders/common.wgsl). Every operation
 * encodes its steps into one command buffer, submits once, and reads back only the few numbers it returns.
 * Operations run one at a time, in call order, so the one read-back buffer is never mapped twice.
 */
export class GpuProblem implements BoundProblem {
  readonly rows: number;
  private readonly layout: ProblemLayout;
  private readonly device: GPUDevice;
  private readonly owned: GPUBuffer[] = [];
  /** Header + order, the only per-epoch upload. */
  private readonly control: GPUBuffer;
  private readonly controlHost: ArrayBuffer;
  private readonly state: GPUBuffer;
  /** W again, rows zero-padded to a multiple of 4 (binding 4 of shaders/common.wgsl). */
  private readonly paddedWeights: GPUBuffer;
  private readonly readback: GPUBuffer;
  private readonly readHost: Float32Array;
  private readonly pacer: ReadbackPacer;
  private readonly zeroMoments: Float32Array<ArrayBuffer>;
  private mainGroup!: GPUBindGroup;
  private chunkGroups: GPUBindGroup[] = [];
  private samplesLayout!: GPUBindGroupLayout;
  private samplesPipeline!: GPUComputePipeline;
  /** The kernels of one step, in order, each dispatched once per chunk of X, with their workgroup counts for a batch. */
  private stepKernels: { pipeline: GPUComputePipeline; workgroups: (batch: number) => number }[] = [];
  /** Group 2 of the barrier-free kernels: their dz buffer. */
  private dzGroup: GPUBindGroup | undefined;
  /** Update then finish, after the step kernels (stepEnd). */
  private separateEnd: EndKernel[] = [];
  /** Update and finish in one workgroup (the fused kernel's GPU tuning; stepEnd). */
  private combinedEnd: EndKernel[] | undefined;
  /** Optimizer steps taken (adam's t); kept here, each pass tells the kernels where it starts. */
  private steps = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(
    private readonly ctx: GpuContext,
    readonly spec: ObjectiveSpec,
    data: LabeledMatrix,
  ) {
    this.device = ctx.device;
    this.rows = data.rows;
    this.pacer = new ReadbackPacer(ctx.paceReadback);
    const limits = ctx.device.limits;
    this.layout = new ProblemLayout(
      spec,
      data.rows,
      ctx.maxBindingBytes,
      Math.min(ctx.maxBindingBytes, ctx.maxChunkBytes),
      limits.maxComputeWorkgroupStorageSize,
      ctx.tuning,
    );
    const L = this.layout;
    this.controlHost = new ArrayBuffer(HEADER_BYTES + 4 * Math.max(data.rows, 1));
    this.control = this.own(
      'xent control',
      this.controlHost.byteLength,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    );
    this.state = this.own('xent state', L.stateLength * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const readWords = L.params + TOTALS_LENGTH;
    this.readback = this.own('xent readback', readWords * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.readHost = new Float32Array(readWords);
    this.zeroMoments = new Float32Array(2 * L.params);
    this.paddedWeights = this.own(
      'xent padded weights',
      L.outputs * L.paddedFeatures * 4,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    );
    // Parameters and moments start at zero (the poisoned test buffers too).
    this.device.queue.writeBuffer(this.state, 0, new Float32Array(3 * L.params));
    this.device.queue.writeBuffer(this.paddedWeights, 0, new Float32Array(L.outputs * L.paddedFeatures));
  }

  static async create(ctx: GpuContext, data: LabeledMatrix, spec: ObjectiveSpec): Promise<GpuProblem> {
    if (data.rows < 1) throw new Error('cannot bind an empty data set');
    if (data.x.length !== data.rows * spec.shape.features)
      throw new Error(`x has ${data.x.length} values, expected ${data.rows}×${spec.shape.features}`);
    const problem = new GpuProblem(ctx, spec, data);
    try {
      await problem.build(data);
    } catch (e) {
      problem.dispose();
      throw e;
    }
    return problem;
  }

  setParams(params: Params): void {
    if (params.length !== this.layout.params) throw new Error(`expected ${this.layout.params} parameters, got ${params.length}`);
    this.checkLive();
    const values = Float32Array.from(params);
    const padded = this.layout.padWeights(params);
    this.enqueue(async () => {
      this.device.queue.writeBuffer(this.state, 0, values);
      this.device.queue.writeBuffer(this.paddedWeights, 0, padded);
    });
  }

  getParams(): Promise<Params> {
    return this.enqueue(async () => {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.state, 0, this.readback, 0, this.layout.params * 4);
      const values = await this.submitAndRead(encoder, this.layout.params, 'params');
      return Float64Array.from(values);
    });
  }

  resetOptimizer(): void {
    this.checkLive();
    this.enqueue(async () => {
      this.steps = 0;
      this.device.queue.writeBuffer(this.state, this.layout.params * 4, this.zeroMoments);
    });
  }

  async evaluate(): Promise<Evaluation> {
    return (await this.fullBatch(false)).evaluation;
  }

  async objectiveAndGradient(): Promise<EvaluationAndGradient> {
    const { evaluation, gradient } = await this.fullBatch(true);
    return { ...evaluation, gradient };
  }

  epoch(order: EpochOrder, batchSize: number, step: StepConfig): Promise<EpochOutcome> {
    const rows = order instanceof Uint32Array ? order.length : this.rows;
    if (rows < 1 || rows > this.rows) throw new Error(`order has ${rows} entries, expected 1..${this.rows}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    return this.enqueue(async () => {
      const batch = Math.min(batchSize, rows);
      const steps = Math.ceil(rows / batch);
      // The GPU tuning shuffles on the GPU (shaders/shuffle.wgsl); the CPU tuning uploads the order: per-row hashing
      // (~40 integer instructions) would add to an instruction-bound CPU adapter's work (bench/NOTES.md).
      if (order instanceof Uint32Array || this.layout.tuning === 'cpu') {
        new Uint32Array(this.controlHost, HEADER_BYTES, rows).set(orderArray(order, rows));
        this.writeHeader({ rows, batch, ordering: 'order', update: true, step }, HEADER_BYTES + rows * 4);
      } else {
        this.writeHeader({ rows, batch, ordering: 'keyed', key: order.key, update: true, step }, HEADER_STRUCT_BYTES);
      }
      const encoder = this.device.createCommandEncoder({ label: 'xent epoch' });
      this.encodeSteps(encoder, steps, batch);
      const P = this.layout.params;
      encoder.copyBufferToBuffer(this.state, 0, this.readback, TOTALS_LENGTH * 4, P * 4);
      const totals = await this.readTotals(encoder, P, `epoch of batch ${batch}`);
      this.steps += steps;
      const flag = new Uint32Array(totals.buffer, totals.byteOffset + 4, 1)[0];
      const train = {
        loss: (totals[2] as number) / steps,
        objective: (totals[3] as number) / steps,
        accuracy: (totals[4] as number) / steps,
      };
      const gradNorm = (totals[5] as number) / steps;
      const finite = flag === 0 && [train.loss, train.objective, train.accuracy, gradNorm].every(Number.isFinite);
      return { train, gradNorm, finite, params: Float64Array.from(totals.subarray(TOTALS_LENGTH, TOTALS_LENGTH + P)) };
    });
  }

  samples(): Promise<SampleOutputs> {
    return this.enqueue(async () => {
      const L = this.layout;
      const probabilityBytes = this.rows * L.outputs * 4;
      if (probabilityBytes > this.ctx.maxBindingBytes)
        throw new Error(`per-sample probabilities need ${probabilityBytes} bytes, over the binding limit`);
      const buffers = this.ctx.buffers;
      const probabilities = buffers.create('xent probabilities', probabilityBytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
      const crossEntropy = buffers.create('xent cross-entropy', this.rows * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
      const readP = buffers.create('xent probabilities readback', probabilityBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
      const readCe = buffers.create('xent cross-entropy readback', this.rows * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
      try {
        const outputs = this.device.createBindGroup({
          layout: this.samplesLayout,
          entries: [
            { binding: 0, resource: { buffer: probabilities } },
            { binding: 1, resource: { buffer: crossEntropy } },
          ],
        });
        this.writeHeader({ rows: this.rows, batch: this.rows, ordering: 'identity', update: false, step: NO_STEP }, HEADER_STRUCT_BYTES);
        const encoder = this.device.createCommandEncoder({ label: 'xent samples' });
        encoder.clearBuffer(this.state, L.totalsOffset * 4, TOTALS_LENGTH * 4);
        const pass = encoder.beginComputePass();
        pass.setPipeline(this.samplesPipeline);
        pass.setBindGroup(0, this.mainGroup);
        pass.setBindGroup(2, outputs);
        L.chunks.forEach((chunk, c) => {
          pass.setBindGroup(1, this.chunkGroups[c] as GPUBindGroup);
          pass.dispatchWorkgroups(Math.ceil(chunk.rows / L.tile));
        });
        pass.end();
        encoder.copyBufferToBuffer(probabilities, 0, readP, 0, probabilityBytes);
        encoder.copyBufferToBuffer(crossEntropy, 0, readCe, 0, this.rows * 4);
        this.device.queue.submit([encoder.finish()]);
        await Promise.all([mapped(readP), mapped(readCe)]);
        const result = {
          probabilities: Float64Array.from(new Float32Array(readP.getMappedRange())),
          crossEntropy: Float64Array.from(new Float32Array(readCe.getMappedRange())),
        };
        readP.unmap();
        readCe.unmap();
        return result;
      } finally {
        for (const b of [probabilities, crossEntropy, readP, readCe]) buffers.destroy(b);
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.owned) this.ctx.buffers.destroy(b);
    this.owned.length = 0;
  }

  private async build(data: LabeledMatrix): Promise<void> {
    const L = this.layout;
    const device = this.device;
    const ctx = this.ctx;
    const partials = this.own('xent partial sums', L.maxGroups * L.slot * 4, GPUBufferUsage.STORAGE);
    const compute = GPUShaderStage.COMPUTE;
    const mainLayout = device.createBindGroupLayout({
      label: 'xent main',
      entries: [
        { binding: 0, visibility: compute, buffer: { type: 'uniform' } },
        { binding: 1, visibility: compute, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: compute, buffer: { type: 'storage' } },
        { binding: 3, visibility: compute, buffer: { type: 'storage' } },
        { binding: 4, visibility: compute, buffer: { type: 'storage' } },
      ],
    });
    const chunkLayout = device.createBindGroupLayout({
      label: 'xent chunk',
      entries: [
        { binding: 0, visibility: compute, buffer: { type: 'uniform' } },
        { binding: 1, visibility: compute, buffer: { type: 'read-only-storage' } },
        { binding: 2, visibility: compute, buffer: { type: 'read-only-storage' } },
      ],
    });
    this.samplesLayout = device.createBindGroupLayout({
      label: 'xent sample outputs',
      entries: [
        { binding: 0, visibility: compute, buffer: { type: 'storage' } },
        { binding: 1, visibility: compute, buffer: { type: 'storage' } },
      ],
    });
    this.mainGroup = device.createBindGroup({
      layout: mainLayout,
      entries: [
        { binding: 0, resource: { buffer: this.control, offset: 0, size: HEADER_STRUCT_BYTES } },
        { binding: 1, resource: { buffer: this.control, offset: HEADER_BYTES, size: 4 * Math.max(this.rows, 1) } },
        { binding: 2, resource: { buffer: this.state } },
        { binding: 3, resource: { buffer: partials } },
        { binding: 4, resource: { buffer: this.paddedWeights } },
      ],
    });
    const D = L.features;
    this.chunkGroups = L.chunks.map((chunk, c) => {
      const x = this.ownWith(`xent x[${c}]`, L.padRows(data.x, chunk.start, chunk.rows), GPUBufferUsage.STORAGE);
      const y = this.ownWith(`xent y[${c}]`, data.y.subarray(chunk.start, chunk.start + chunk.rows), GPUBufferUsage.STORAGE);
      const info = this.ownWith(`xent chunk[${c}]`, new Uint32Array([chunk.start, chunk.rows, c === 0 ? 1 : 0, 0]), GPUBufferUsage.UNIFORM);
      return device.createBindGroup({
        layout: chunkLayout,
        entries: [
          { binding: 0, resource: { buffer: info } },
          { binding: 1, resource: { buffer: x } },
          { binding: 2, resource: { buffer: y } },
        ],
      });
    });
    const trainLayout = device.createPipelineLayout({ bindGroupLayouts: [mainLayout, chunkLayout] });
    const samplesPipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [mainLayout, chunkLayout, this.samplesLayout] });
    const shape = { D, OUTPUTS: L.outputs, LOSS: this.spec.loss === 'mse' ? 1 : 0, WG: ctx.workgroupSize };
    const stepModule = ctx.module(stepSource(ctx.subgroups));
    const pipeline = (
      label: string,
      module: GPUShaderModule,
      entryPoint: string,
      layout: GPUPipelineLayout,
      constants: Record<string, number>,
    ) => device.createComputePipelineAsync({ label, layout, compute: { module, entryPoint, constants } });
    const workgroupSize = ctx.workgroupSize;
    const stepWorkgroups = (batch: number) => L.stepWorkgroups(batch);
    let stepKernels: [Promise<GPUComputePipeline>, (batch: number) => number][];
    if (L.barrierFree) {
      const dz = this.own('xent dz', L.dzBytes, GPUBufferUsage.STORAGE);
      const dzLayout = device.createBindGroupLayout({
        label: 'xent dz',
        entries: [{ binding: 0, visibility: compute, buffer: { type: 'storage' } }],
      });
      this.dzGroup = device.createBindGroup({ layout: dzLayout, entries: [{ binding: 0, resource: { buffer: dz } }] });
      const dzPipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [mainLayout, chunkLayout, dzLayout] });
      const module = ctx.module(barrierFreeSource);
      const constants = { ...shape, CB: L.classBlock };
      stepKernels = [
        [pipeline('xent forward', module, 'forward', dzPipelineLayout, constants), (batch) => L.forwardWorkgroups(batch, workgroupSize)],
        [pipeline('xent gradient', module, 'gradient', dzPipelineLayout, constants), (batch) => L.gradientWorkgroups(batch, workgroupSize)],
      ];
    } else if (L.fused && L.tuning === 'gpu') {
      const constants = { ...shape, WG: FUSED_REDUCED_WG };
      stepKernels = [[pipeline('xent step rows', ctx.module(stepRowsSource), 'stepReduced', trainLayout, constants), stepWorkgroups]];
    } else if (L.fused) {
      const constants = { ...shape, WG: FUSED_INVOCATION_WG };
      stepKernels = [[pipeline('xent step rows', ctx.module(stepRowsSource), 'step', trainLayout, constants), stepWorkgroups]];
    } else {
      stepKernels = [[pipeline('xent step', stepModule, 'step', trainLayout, { ...shape, TILE: L.tile }), stepWorkgroups]];
    }
    const finishModule = ctx.module(finishSource);
    // The fused kernel on a CPU adapter: no barrier anywhere in the step (finishSerial; update in workgroups of 16
    // spread over the cores). Otherwise update then the finish tree, and on a GPU with few slots both in one workgroup.
    const serialEnd = L.fused && L.tuning === 'cpu';
    const updateWg = serialEnd ? FUSED_INVOCATION_WG : ctx.workgroupSize;
    const combined =
      L.fused && L.tuning === 'gpu'
        ? pipeline('xent update and finish', finishModule, 'updateAndFinish', trainLayout, { ...shape, FINISH_WG: FUSED_FINISH_WG })
        : undefined;
    // Every pipeline is requested before any is awaited, so they compile concurrently.
    const [update, finish, samples] = await Promise.all([
      pipeline('xent update', ctx.module(updateSource), 'update', trainLayout, { ...shape, WG: updateWg }),
      pipeline('xent finish', finishModule, serialEnd ? 'finishSerial' : 'finish', trainLayout, shape),
      pipeline('xent samples', stepModule, 'samples', samplesPipelineLayout, { ...shape, TILE: L.tile }),
    ]);
    this.samplesPipeline = samples;
    this.stepKernels = await Promise.all(stepKernels.map(async ([kernel, workgroups]) => ({ pipeline: await kernel, workgroups })));
    this.separateEnd = [
      { pipeline: update, workgroups: Math.ceil(L.slot / updateWg) },
      { pipeline: finish, workgroups: 1 },
    ];
    if (combined) this.combinedEnd = [{ pipeline: await combined, workgroups: 1 }];
  }

  /**
   * What runs after the step kernels: update then finish, or, for the fused kernel's GPU tuning with up to
   * COMBINED_END_MAX_SLOTS slots (mini-batches), both in one small workgroup: one dependent dispatch fewer per step.
   */
  private stepEnd(batch: number): EndKernel[] {
    if (this.combinedEnd && this.layout.groups(batch) <= COMBINED_END_MAX_SLOTS) return this.combinedEnd;
    return this.separateEnd;
  }

  /** All steps of a pass in one compute pass: per step, the step kernel (once per chunk), then stepEnd. */
  private encodeSteps(encoder: GPUCommandEncoder, steps: number, batch: number): void {
    const L = this.layout;
    const kernels = this.stepKernels.map(({ pipeline, workgroups }) => ({ pipeline, workgroups: workgroups(batch) }));
    const ends = this.stepEnd(batch);
    encoder.clearBuffer(this.state, L.totalsOffset * 4, TOTALS_LENGTH * 4);
    const pass = encoder.beginComputePass();
    pass.setBindGroup(0, this.mainGroup);
    pass.setBindGroup(1, this.chunkGroups[0] as GPUBindGroup);
    if (this.dzGroup) pass.setBindGroup(2, this.dzGroup);
    const chunked = this.chunkGroups.length > 1;
    for (let s = 0; s < steps; s++) {
      for (let c = 0; c < this.chunkGroups.length; c++) {
        if (chunked) pass.setBindGroup(1, this.chunkGroups[c] as GPUBindGroup);
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

  /** One full-batch step without an update: evaluation numbers and, if asked, the gradient of J. */
  private fullBatch(withGradient: boolean): Promise<{ evaluation: Evaluation; gradient: Float64Array }> {
    return this.enqueue(async () => {
      const L = this.layout;
      this.writeHeader({ rows: this.rows, batch: this.rows, ordering: 'identity', update: false, step: NO_STEP }, HEADER_STRUCT_BYTES);
      const encoder = this.device.createCommandEncoder({ label: 'xent full batch' });
      this.encodeSteps(encoder, 1, this.rows);
      const words = withGradient ? L.params : 0;
      if (withGradient) encoder.copyBufferToBuffer(this.state, L.gradOffset * 4, this.readback, TOTALS_LENGTH * 4, L.params * 4);
      const totals = await this.readTotals(encoder, words, 'full batch');
      const evaluation = { loss: totals[2] as number, objective: totals[3] as number, accuracy: totals[4] as number };
      return { evaluation, gradient: Float64Array.from(totals.subarray(TOTALS_LENGTH, TOTALS_LENGTH + words)) };
    });
  }

  /** Copies the totals (and `extraWords` already copied after them) back; returns a view of readHost. */
  private readTotals(encoder: GPUCommandEncoder, extraWords: number, kind: string): Promise<Float32Array> {
    encoder.copyBufferToBuffer(this.state, this.layout.totalsOffset * 4, this.readback, 0, TOTALS_LENGTH * 4);
    return this.submitAndRead(encoder, TOTALS_LENGTH + extraWords, kind);
  }

  /** `kind` names what was encoded, for the read-back pacing (readback.ts). */
  private async submitAndRead(encoder: GPUCommandEncoder, words: number, kind: string): Promise<Float32Array> {
    this.device.queue.submit([encoder.finish()]);
    await this.pacer.wait(kind, () => mapped(this.readback, words * 4));
    const view = this.readHost.subarray(0, words);
    view.set(new Float32Array(this.readback.getMappedRange(0, words * 4)));
    this.readback.unmap();
    return view;
  }

  private writeHeader(pass: Pass, bytes: number): void {
    const h = new DataView(this.controlHost);
    const words = [
      pass.rows,
      pass.batch,
      this.layout.groups(pass.batch),
      ORDERING_ID[pass.ordering],
      pass.update ? 1 : 0,
      OPTIMIZER_ID[pass.step.optimizer],
      this.steps,
    ];
    const floats = [pass.step.lr, pass.step.beta1, pass.step.beta2, pass.step.epsilon, this.spec.l2];
    const shuffle = [pass.key ?? 0, shuffleHalfBits(pass.rows)];
    for (const [i, w] of words.entries()) h.setUint32(4 * i, w, true);
    for (const [i, f] of floats.entries()) h.setFloat32(4 * (words.length + i), f, true);
    for (const [i, w] of shuffle.entries()) h.setUint32(4 * (words.length + floats.length + i), w >>> 0, true);
    this.device.queue.writeBuffer(this.control, 0, this.controlHost, 0, bytes);
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    this.checkLive();
    const run = this.queue.then(() => {
      this.checkLive();
      return op();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('this GPU problem was disposed');
  }

  private own(label: string, size: number, usage: number): GPUBuffer {
    const b = this.ctx.buffers.create(label, size, usage);
    this.owned.push(b);
    return b;
  }

  private ownWith(label: string, data: Float32Array | Uint32Array, usage: number): GPUBuffer {
    const b = this.ctx.buffers.createWith(label, data, usage);
    this.owned.push(b);
    return b;
  }
}
