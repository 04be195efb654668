/**
 * What a pass sends to the kernels and what comes back: the control buffer (the Header of abi.ts, and behind it
 * the order when the host uploads one), and the totals the finish kernel leaves in the state buffer.
 */
import { shuffleHalfBits } from '../core/shuffle.js';
import type { Evaluation, StepConfig } from '../core/types.js';
import { HEADER_FIELDS, HEADER_STRUCT_BYTES, idOf, OPTIMIZER, ORDERING, packStruct, TOTAL } from './abi.js';
import type { BufferTracker } from './buffers.js';

/** The header sits in front of the order in one buffer; storage offsets must be multiples of 256. */
const HEADER_BYTES = 256;

export interface Pass {
  rows: number;
  batch: number;
  /** Slots of partial sums per step (ProblemLayout.groups). */
  groups: number;
  ordering: keyof typeof ORDERING;
  /** Key of the keyed shuffle (ordering 'keyed'). */
  key?: number;
  update: boolean;
  step: StepConfig;
  /** Optimizer steps taken before this pass. */
  t0: number;
  l2: number;
}

/** The Header and the uploaded order, in one buffer of a bound problem. */
export class ControlBuffer {
  readonly buffer: GPUBuffer;
  private readonly host: ArrayBuffer;

  constructor(
    private readonly device: GPUDevice,
    buffers: BufferTracker,
    private readonly rows: number,
  ) {
    this.host = new ArrayBuffer(HEADER_BYTES + 4 * Math.max(rows, 1));
    this.buffer = buffers.create(
      'xent control',
      this.host.byteLength,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    );
  }

  /** The `header` and `order` resources of MAIN_GROUP. */
  get bindings(): { header: GPUBufferBinding; order: GPUBufferBinding } {
    return {
      header: { buffer: this.buffer, offset: 0, size: HEADER_STRUCT_BYTES },
      order: { buffer: this.buffer, offset: HEADER_BYTES, size: 4 * Math.max(this.rows, 1) },
    };
  }

  /** Uploads the Header of `pass`, and `order` (ordering 'order') behind it. */
  write(pass: Pass, order?: Uint32Array): void {
    const { step } = pass;
    const header = {
      rows: pass.rows,
      batch: pass.batch,
      groups: pass.groups,
      ordering: idOf(ORDERING, pass.ordering, 'ordering'),
      update: pass.update ? 1 : 0,
      optimizer: idOf(OPTIMIZER, step.optimizer, 'optimizer'),
      t0: pass.t0,
      lr: step.lr,
      beta1: step.beta1,
      beta2: step.beta2,
      epsilon: step.epsilon,
      l2: pass.l2,
      key: pass.key ?? 0,
      shuffleHalf: shuffleHalfBits(pass.rows),
    };
    packStruct(HEADER_FIELDS, header, new DataView(this.host));
    if (order) new Uint32Array(this.host, HEADER_BYTES, order.length).set(order);
    this.device.queue.writeBuffer(this.buffer, 0, this.host, 0, order ? HEADER_BYTES + order.byteLength : HEADER_STRUCT_BYTES);
  }
}

/** A pass's totals (abi.ts TOTAL, as read back) as means over its `steps` steps. */
export function decodeTotals(totals: Float32Array, steps: number): { train: Evaluation; gradNorm: number; nonFinite: boolean } {
  const mean = (i: number) => (totals[i] as number) / steps;
  const nonFinite = new Uint32Array(totals.buffer, totals.byteOffset + 4 * TOTAL.nonFinite, 1)[0] !== 0;
  return {
    train: { loss: mean(TOTAL.loss), objective: mean(TOTAL.objective), accuracy: mean(TOTAL.accuracy) },
    gradNorm: mean(TOTAL.gradNorm),
    nonFinite,
  };
}
