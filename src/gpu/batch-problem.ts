import type { EpochOutcome, SampleOutputs } from '../core/backend.js';
import type { BatchMember, BatchRows, BatchSpec, BoundBatch, MemberEvaluation } from '../core/batch.js';
import { type EpochOrder, orderArray } from '../core/shuffle.js';
import type { Params, StepConfig } from '../core/types.js';
import { ORDERING, structBytes } from './abi.js';
import { BATCH_HEADER_FIELDS, batchStateWords, EPOCH_RESULT_LENGTH, EVAL_RESULT_HEAD, MEMBER_FIELDS } from './batch-abi.js';
import { type BatchHeader, decodeEpoch, decodeEvaluation, packHeader, packMembers, packRowInfo } from './batch-control.js';
import { type BatchBindings, BatchKernels } from './batch-kernels.js';
import { BatchLayout } from './batch-layout.js';
import { padRows } from './layout.js';
import type { GpuContext } from './problem.js';
import { mapped, ReadbackPacer, readAll } from './readback.js';

const NO_STEP: StepConfig = { optimizer: 'sgd', lr: 0, beta1: 0, beta2: 0, epsilon: 0 };

/**
 * M models over one set of rows on the GPU (src/core/batch.ts): the rows uploaded once, every member's θ and moments
 * in one state buffer, the kernels of batch-kernels.ts. Operations run one at a time, in call order, each reading
 * back only the numbers it returns.
 */
export class GpuBatch implements BoundBatch {
  readonly rows: number;
  private readonly layout: BatchLayout;
  private readonly device: GPUDevice;
  private readonly owned: GPUBuffer[] = [];
  private readonly buffers: Record<'header' | 'members' | 'indices' | 'state' | 'work' | 'partials' | 'results' | 'readback', GPUBuffer>;
  private readonly pacer: ReadbackPacer;
  /** Optimizer steps each member has taken (adam's t). */
  private readonly taken: number[];
  private kernels!: BatchKernels;
  private bindings!: BatchBindings;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  private constructor(
    private readonly ctx: GpuContext,
    readonly spec: BatchSpec,
    data: BatchRows,
  ) {
    this.device = ctx.device;
    this.rows = data.rows;
    this.pacer = new ReadbackPacer(ctx.paceReadback);
    const L = new BatchLayout(spec, data.rows, ctx.maxBindingBytes, ctx.tuning);
    this.layout = L;
    this.taken = spec.members.map(() => 0);
    const { STORAGE, COPY_DST, COPY_SRC, UNIFORM, MAP_READ } = GPUBufferUsage;
    const M = L.members;
    const readWords = M * Math.max(EVAL_RESULT_HEAD + L.params, EPOCH_RESULT_LENGTH + L.params);
    this.buffers = {
      header: this.own('xent batch header', structBytes(BATCH_HEADER_FIELDS), UNIFORM | COPY_DST),
      members: this.own('xent batch members', M * structBytes(MEMBER_FIELDS), STORAGE | COPY_DST),
      indices: this.own('xent batch indices', 4 * (M + data.rows), STORAGE | COPY_DST),
      state: this.own('xent batch state', 4 * batchStateWords(M, L.params), STORAGE | COPY_SRC | COPY_DST),
      work: this.own('xent batch work', 4 * L.workWords, STORAGE | COPY_SRC),
      partials: this.own('xent batch partials', 4 * L.partialWords, STORAGE),
      results: this.own('xent batch results', 4 * L.resultWords, STORAGE | COPY_SRC),
      readback: this.own('xent batch readback', 4 * readWords, MAP_READ | COPY_DST),
    };
    // Parameters and moments start at zero (the poisoned test buffers too).
    this.device.queue.writeBuffer(this.buffers.state, 0, new Float32Array(batchStateWords(M, L.params)));
  }

  static async create(ctx: GpuContext, data: BatchRows, spec: BatchSpec): Promise<GpuBatch> {
    if (data.rows < 1) throw new Error('cannot bind an empty data set');
    if (data.x.length !== data.rows * spec.shape.features)
      throw new Error(`x has ${data.x.length} values, expected ${data.rows}×${spec.shape.features}`);
    if (data.folds.length !== data.rows) throw new Error(`folds has ${data.folds.length} entries, expected ${data.rows}`);
    if (data.weights && data.weights.length !== data.rows)
      throw new Error(`weights has ${data.weights.length} entries, expected ${data.rows}`);
    for (const [m, member] of spec.members.entries())
      if (!Number.isInteger(member.fold) || member.fold < -1)
        throw new Error(`member ${m}: fold must be an integer ≥ -1, got ${member.fold}`);
    const batch = new GpuBatch(ctx, spec, data);
    try {
      await batch.build(data);
    } catch (e) {
      batch.dispose();
      throw e;
    }
    return batch;
  }

  setParams(member: number, params: Params): void {
    const P = this.layout.params;
    this.checkMember(member);
    if (params.length !== P) throw new Error(`expected ${P} parameters, got ${params.length}`);
    const values = Float32Array.from(params);
    this.enqueue(async () => this.device.queue.writeBuffer(this.buffers.state, 4 * member * P, values));
  }

  getParams(): Promise<Params[]> {
    return this.enqueue(async () => {
      const { members: M, params: P } = this.layout;
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.buffers.state, 0, this.buffers.readback, 0, 4 * M * P);
      const values = await this.submitAndRead(encoder, M * P, 'params');
      return this.spec.members.map((_, m) => Float64Array.from(values.subarray(m * P, (m + 1) * P)));
    });
  }

  resetOptimizer(): void {
    this.checkLive();
    this.enqueue(async () => {
      const { members: M, params: P } = this.layout;
      this.taken.fill(0);
      this.device.queue.writeBuffer(this.buffers.state, 4 * M * P, new Float32Array(2 * M * P));
    });
  }

  evaluate(members: readonly number[]): Promise<MemberEvaluation[]> {
    for (const m of members) this.checkMember(m);
    return this.enqueue(async () => {
      if (members.length === 0) return [];
      const L = this.layout;
      const stride = EVAL_RESULT_HEAD + L.params;
      this.writeMembers(this.spec.members.map(() => NO_STEP));
      this.device.queue.writeBuffer(this.buffers.indices, 0, Uint32Array.from(members));
      // One submission per group of members whose dLoss/dz fit `work`; each writes its header first.
      for (let first = 0; first < members.length; first += L.membersPerPass) {
        const active = Math.min(L.membersPerPass, members.length - first);
        this.writeHeader({
          rows: this.rows,
          batch: this.rows,
          steps: 1,
          ordering: ORDERING.identity,
          activeCount: active,
          firstActive: first,
        });
        const encoder = this.device.createCommandEncoder({ label: 'xent batch evaluate' });
        this.kernels.encodeEvaluate(encoder, this.bindings, active);
        encoder.copyBufferToBuffer(this.buffers.results, 0, this.buffers.readback, 4 * first * stride, 4 * active * stride);
        if (first + active < members.length) this.device.queue.submit([encoder.finish()]);
        else {
          const values = await this.submitAndRead(encoder, members.length * stride, `evaluate ${members.length}`);
          return members.map((m, a) =>
            decodeEvaluation(this.spec.members[m] as BatchMember, values.subarray(a * stride, (a + 1) * stride)),
          );
        }
      }
      throw new Error('unreachable: the last group reads back');
    });
  }

  epoch(order: EpochOrder, batchSize: number, steps: readonly StepConfig[]): Promise<EpochOutcome[]> {
    const L = this.layout;
    const rows = order instanceof Uint32Array ? order.length : this.rows;
    if (rows < 1 || rows > this.rows) throw new Error(`order has ${rows} entries, expected 1..${this.rows}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
    if (steps.length !== L.members) throw new Error(`expected a step configuration per member (${L.members}), got ${steps.length}`);
    const batch = Math.min(batchSize, rows);
    L.epochWorkWords(batch);
    return this.enqueue(async () => {
      const { members: M, params: P } = L;
      this.writeMembers(steps);
      // As the single plans: the GPU tuning shuffles on the GPU, the CPU tuning uploads the order.
      const keyed = !(order instanceof Uint32Array) && L.tuning === 'gpu';
      if (!keyed) this.device.queue.writeBuffer(this.buffers.indices, 4 * M, Uint32Array.from(orderArray(order, rows)));
      this.writeHeader({
        rows,
        batch,
        steps: Math.ceil(rows / batch),
        ordering: keyed ? ORDERING.keyed : ORDERING.order,
        key: keyed ? order.key : 0,
      });
      await this.kernels.prepare(['epoch']);
      const encoder = this.device.createCommandEncoder({ label: 'xent batch epoch' });
      this.kernels.encodeEpoch(encoder, this.bindings);
      const head = M * EPOCH_RESULT_LENGTH;
      encoder.copyBufferToBuffer(this.buffers.results, 0, this.buffers.readback, 0, 4 * head);
      encoder.copyBufferToBuffer(this.buffers.state, 0, this.buffers.readback, 4 * head, 4 * M * P);
      const values = await this.submitAndRead(encoder, head + M * P, `epoch of batch ${batch}`);
      return this.spec.members.map((_, m) => {
        const { outcome, taken } = decodeEpoch(
          values.subarray(m * EPOCH_RESULT_LENGTH, (m + 1) * EPOCH_RESULT_LENGTH),
          values.subarray(head + m * P, head + (m + 1) * P),
        );
        this.taken[m] = (this.taken[m] as number) + taken;
        return outcome;
      });
    });
  }

  samples(member: number): Promise<SampleOutputs> {
    this.checkMember(member);
    return this.enqueue(async () => {
      const K = this.layout.outputs;
      const buffers = this.ctx.buffers;
      const readP = buffers.create(
        'xent batch probabilities readback',
        4 * this.rows * K,
        GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      );
      const readCe = buffers.create('xent batch cross-entropy readback', 4 * this.rows, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
      try {
        this.writeHeader({ rows: this.rows, batch: this.rows, steps: 1, ordering: ORDERING.identity, member });
        await this.kernels.prepare(['samples']);
        const encoder = this.device.createCommandEncoder({ label: 'xent batch samples' });
        this.kernels.encodeSamples(encoder, this.bindings);
        encoder.copyBufferToBuffer(this.buffers.work, 0, readP, 0, 4 * this.rows * K);
        encoder.copyBufferToBuffer(this.buffers.results, 0, readCe, 0, 4 * this.rows);
        this.device.queue.submit([encoder.finish()]);
        const [probabilities, crossEntropy] = await Promise.all([readAll(readP), readAll(readCe)]);
        return { probabilities, crossEntropy };
      } finally {
        buffers.destroy(readP);
        buffers.destroy(readCe);
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.owned) this.ctx.buffers.destroy(b);
    this.owned.length = 0;
  }

  private async build(data: BatchRows): Promise<void> {
    const L = this.layout;
    this.kernels = new BatchKernels(this.device, (source) => this.ctx.module(source), L, this.spec.loss);
    await this.kernels.prepare(this.kernels.evaluateEntries());
    const { STORAGE } = GPUBufferUsage;
    const rows = {
      x: this.ownWith('xent batch x', padRows(data.x, L.features, 0, data.rows), STORAGE),
      rowInfo: this.ownWith('xent batch row info', packRowInfo(data), STORAGE),
    };
    const { readback: _, ...main } = this.buffers;
    const resource = (buffers: Record<string, GPUBuffer>) =>
      Object.fromEntries(Object.entries(buffers).map(([name, buffer]) => [name, { buffer }]));
    this.bindings = this.kernels.bindGroups(resource(main), resource(rows));
  }

  /** Each member's λ, fold, step settings from `steps` and steps taken so far. */
  private writeMembers(steps: readonly StepConfig[]): void {
    this.device.queue.writeBuffer(this.buffers.members, 0, packMembers(this.spec.members, steps, this.taken));
  }

  private writeHeader(pass: Pick<BatchHeader, 'rows' | 'batch' | 'steps' | 'ordering'> & Partial<BatchHeader>): void {
    this.device.queue.writeBuffer(this.buffers.header, 0, packHeader(this.layout, pass));
  }

  /** `kind` names what was encoded, for the read-back pacing (readback.ts). */
  private async submitAndRead(encoder: GPUCommandEncoder, words: number, kind: string): Promise<Float32Array> {
    const readback = this.buffers.readback;
    this.device.queue.submit([encoder.finish()]);
    await this.pacer.wait(kind, () => mapped(readback, words * 4));
    const values = new Float32Array(readback.getMappedRange(0, words * 4).slice(0));
    readback.unmap();
    return values;
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

  private checkMember(m: number): void {
    if (!Number.isInteger(m) || m < 0 || m >= this.layout.members) throw new Error(`no member ${m} in a batch of ${this.layout.members}`);
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('this GPU batch was disposed');
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
