import type { BoundProblem, EpochOutcome, EvaluationAndGradient, SampleOutputs } from '../core/backend.js';
import { type EpochOrder, orderArray } from '../core/shuffle.js';
import type { Evaluation, LabeledMatrix, ObjectiveSpec, Params, StepConfig } from '../core/types.js';
import { CHUNK_FIELDS, CHUNK_GROUP, MAIN_GROUP, packStruct, SAMPLES_GROUP, structBytes, TOTALS_LENGTH } from './abi.js';
import type { BufferTracker } from './buffers.js';
import { ControlBuffer, decodeTotals, type Pass } from './control.js';
import { type StepBindings, StepKernels, stepKernelSpecs } from './kernels.js';
import { type KernelTuning, ProblemLayout } from './layout.js';
import { mapped, ReadbackPacer, readAll } from './readback.js';
import type { ShaderSource } from './shaders.js';

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
  module(source: ShaderSource): GPUShaderModule;
}

const NO_STEP: StepConfig = { optimizer: 'sgd', lr: 0, beta1: 0, beta2: 0, epsilon: 0 };

/** Bytes of X written to the device per staged write (GpuProblem.upload). */
const UPLOAD_SLICE_BYTES = 32 * 2 ** 20;

/**
 * A data set on the GPU with its parameters and optimizer state (the buffers of abi.ts; the kernels of its plan in
 * kernels.ts). Every operation encodes its steps into one command buffer, submits once, and reads back only the few
 * numbers it returns. Operations run one at a time, in call order, so the one read-back buffer is never mapped twice.
 */
export class GpuProblem implements BoundProblem {
  readonly rows: number;
  private readonly layout: ProblemLayout;
  private readonly device: GPUDevice;
  private readonly owned: GPUBuffer[] = [];
  /** Header + order, the only per-epoch upload. */
  private readonly control: ControlBuffer;
  private readonly state: GPUBuffer;
  /** W again, rows zero-padded to a multiple of 4 (MAIN_GROUP `weights`). */
  private readonly paddedWeights: GPUBuffer;
  private readonly readback: GPUBuffer;
  private readonly readHost: Float32Array;
  private readonly pacer: ReadbackPacer;
  private readonly zeroMoments: Float32Array<ArrayBuffer>;
  private kernels!: StepKernels;
  private bindings!: StepBindings;
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
    this.control = new ControlBuffer(this.device, ctx.buffers, data.rows);
    this.owned.push(this.control.buffer);
    this.state = this.own('xent state', L.regions.length * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
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
      if (order instanceof Uint32Array || !this.layout.shufflesOnGpu) {
        this.writeHeader({ rows, batch, ordering: 'order', update: true, step }, orderArray(order, rows));
      } else {
        this.writeHeader({ rows, batch, ordering: 'keyed', key: order.key, update: true, step });
      }
      const encoder = this.device.createCommandEncoder({ label: 'xent epoch' });
      this.encodeSteps(encoder, steps, batch);
      const P = this.layout.params;
      encoder.copyBufferToBuffer(this.state, 0, this.readback, TOTALS_LENGTH * 4, P * 4);
      const totals = await this.readTotals(encoder, P, `epoch of batch ${batch}`);
      this.steps += steps;
      const { train, gradNorm, nonFinite } = decodeTotals(totals, steps);
      const finite = !nonFinite && [train.loss, train.objective, train.accuracy, gradNorm].every(Number.isFinite);
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
        await this.kernels.prepareSamples();
        const outputs = this.kernels.bindGroup(SAMPLES_GROUP, {
          probabilities: { buffer: probabilities },
          crossEntropy: { buffer: crossEntropy },
        });
        this.writeHeader({ rows: this.rows, batch: this.rows, ordering: 'identity', update: false, step: NO_STEP });
        const encoder = this.device.createCommandEncoder({ label: 'xent samples' });
        encoder.clearBuffer(this.state, L.regions.totals * 4, TOTALS_LENGTH * 4);
        await this.kernels.encodeSamples(
          encoder,
          this.bindings,
          L.chunks.map((chunk) => chunk.rows),
          outputs,
        );
        encoder.copyBufferToBuffer(probabilities, 0, readP, 0, probabilityBytes);
        encoder.copyBufferToBuffer(crossEntropy, 0, readCe, 0, this.rows * 4);
        this.device.queue.submit([encoder.finish()]);
        const [p, ce] = await Promise.all([readAll(readP), readAll(readCe)]);
        return { probabilities: p, crossEntropy: ce };
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
    const ctx = this.ctx;
    const specs = stepKernelSpecs(L, this.spec.loss, { subgroups: ctx.subgroups, workgroupSize: ctx.workgroupSize });
    this.kernels = await StepKernels.create(this.device, (source) => ctx.module(source), specs);
    const partials = this.own('xent partial sums', L.maxGroups * L.slot * 4, GPUBufferUsage.STORAGE);
    const main = this.kernels.bindGroup(MAIN_GROUP, {
      ...this.control.bindings,
      state: { buffer: this.state },
      partials: { buffer: partials },
      weights: { buffer: this.paddedWeights },
    });
    const xs: GPUBuffer[] = [];
    for (const [c, chunk] of L.chunks.entries()) xs.push(await this.upload(`xent x[${c}]`, L.padRows(data.x, chunk.start, chunk.rows)));
    const chunks = L.chunks.map((chunk, c) => {
      const x = xs[c] as GPUBuffer;
      const y = this.ownWith(`xent y[${c}]`, data.y.subarray(chunk.start, chunk.start + chunk.rows), GPUBufferUsage.STORAGE);
      const info = new Uint32Array(structBytes(CHUNK_FIELDS) / 4);
      packStruct(CHUNK_FIELDS, { start: chunk.start, rows: chunk.rows, first: c === 0 ? 1 : 0 }, new DataView(info.buffer));
      const chunkInfo = this.ownWith(`xent chunk[${c}]`, info, GPUBufferUsage.UNIFORM);
      return this.kernels.bindGroup(CHUNK_GROUP, { chunk: { buffer: chunkInfo }, x: { buffer: x }, y: { buffer: y } });
    });
    const stepGroup = specs.stepGroup;
    const step = stepGroup && this.kernels.bindGroup(stepGroup, { dz: { buffer: this.own('xent dz', L.dzBytes, GPUBufferUsage.STORAGE) } });
    this.bindings = { main, chunks, ...(step && { step }) };
  }

  /** Clears the totals, then all steps of a pass (kernels.ts). */
  private encodeSteps(encoder: GPUCommandEncoder, steps: number, batch: number): void {
    encoder.clearBuffer(this.state, this.layout.regions.totals * 4, TOTALS_LENGTH * 4);
    this.kernels.encodeSteps(encoder, this.bindings, steps, batch, this.layout.groups(batch));
  }

  /** One full-batch step without an update: evaluation numbers and, if asked, the gradient of J. */
  private fullBatch(withGradient: boolean): Promise<{ evaluation: Evaluation; gradient: Float64Array }> {
    return this.enqueue(async () => {
      const L = this.layout;
      this.writeHeader({ rows: this.rows, batch: this.rows, ordering: 'identity', update: false, step: NO_STEP });
      const encoder = this.device.createCommandEncoder({ label: 'xent full batch' });
      this.encodeSteps(encoder, 1, this.rows);
      const words = withGradient ? L.params : 0;
      if (withGradient) encoder.copyBufferToBuffer(this.state, L.regions.gradient * 4, this.readback, TOTALS_LENGTH * 4, L.params * 4);
      const totals = await this.readTotals(encoder, words, 'full batch');
      return {
        evaluation: decodeTotals(totals, 1).train,
        gradient: Float64Array.from(totals.subarray(TOTALS_LENGTH, TOTALS_LENGTH + words)),
      };
    });
  }

  /** Copies the totals (and `extraWords` already copied after them) back; returns a view of readHost. */
  private readTotals(encoder: GPUCommandEncoder, extraWords: number, kind: string): Promise<Float32Array> {
    encoder.copyBufferToBuffer(this.state, this.layout.regions.totals * 4, this.readback, 0, TOTALS_LENGTH * 4);
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

  /** Uploads the Header of `pass` (with this problem's step count and l2), and `order` behind it if given. */
  private writeHeader(pass: Omit<Pass, 'groups' | 't0' | 'l2'>, order?: Uint32Array): void {
    this.control.write({ ...pass, groups: this.layout.groups(pass.batch), t0: this.steps, l2: this.spec.l2 }, order);
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

  /**
   * A storage buffer holding `data`, written a slice at a time and each slice waited for: the driver stages each
   * write, so a 1 GiB X would otherwise hold a second GiB while it uploads.
   */
  private async upload(label: string, data: Float32Array<ArrayBuffer>): Promise<GPUBuffer> {
    const buffer = this.own(label, data.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const slice = UPLOAD_SLICE_BYTES / 4;
    for (let at = 0; at < data.length; at += slice) {
      this.device.queue.writeBuffer(buffer, at * 4, data, at, Math.min(slice, data.length - at));
      await this.device.queue.onSubmittedWorkDone();
    }
    return buffer;
  }

  private ownWith(label: string, data: Float32Array | Uint32Array, usage: number): GPUBuffer {
    const b = this.ctx.buffers.createWith(label, data, usage);
    this.owned.push(b);
    return b;
  }
}
