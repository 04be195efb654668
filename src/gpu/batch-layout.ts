/**
 * Sizes of one bound batch on the GPU (src/gpu/batch-problem.ts): how many invocations the forward kernel runs and
 * how many row segments the gradient kernel reduces over (per tuning, as layout.ts), how many members one evaluate
 * pass takes (their dLoss/dz must fit one binding of `work`), and the words of each buffer.
 */
import type { BatchSpec } from '../core/batch.js';
import { outputs, paramCount } from '../core/types.js';
import { EPOCH_RESULT_LENGTH, EVAL_RESULT_HEAD } from './batch-abi.js';
import type { KernelTuning } from './layout.js';

/**
 * Per tuning: fewest rows per forward invocation and most invocations; fewest rows per gradient segment and most
 * segments. A CPU adapter runs few long invocations (2 cores here); a GPU many short ones.
 */
const SPLIT: Record<KernelTuning, { rowsPerThread: number; threads: number; rowsPerSegment: number; segments: number }> = {
  cpu: { rowsPerThread: 256, threads: 128, rowsPerSegment: 2048, segments: 16 },
  gpu: { rowsPerThread: 8, threads: 8192, rowsPerSegment: 256, segments: 256 },
};

/**
 * Invocations per workgroup of every batched kernel: on a CPU adapter small workgroups spread the forward kernel's
 * few long invocations over the cores (as layout.ts ROWS_INVOCATION_WG); the epoch kernel's workgroup is one member.
 */
export const BATCH_WG: Record<KernelTuning, number> = { cpu: 16, gpu: 64 };
/** Most workgroups of one dispatch (WebGPU's default maxComputeWorkgroupsPerDimension). */
const MAX_WORKGROUPS = 65535;

export class BatchLayout {
  readonly outputs: number;
  readonly features: number;
  readonly paddedFeatures: number;
  readonly params: number;
  readonly members: number;
  /** Invocations of the forward kernel and row segments of the gradient kernel. */
  readonly threads: number;
  readonly segments: number;
  /**
   * Logistic with D ≤ 64: the forward kernel also sums the gradient in registers (forwardLogistic; one segment per
   * invocation), with no dLoss/dz through memory and no gradient kernel.
   */
  readonly fused: boolean;
  /** Members per evaluate pass: their logits / dLoss/dz (OUTPUTS per row and member) fit `work`. */
  readonly membersPerPass: number;
  readonly workWords: number;
  readonly partialWords: number;
  readonly resultWords: number;

  constructor(
    spec: BatchSpec,
    readonly rows: number,
    private readonly maxBindingBytes: number,
    readonly tuning: KernelTuning,
  ) {
    this.outputs = outputs(spec.shape);
    this.features = spec.shape.features;
    this.paddedFeatures = Math.ceil(this.features / 4) * 4;
    this.params = paramCount(spec.shape);
    this.members = spec.members.length;
    if (this.members < 1) throw new Error('a batch needs at least one member');
    const split = SPLIT[tuning];
    this.threads = Math.max(1, Math.min(split.threads, Math.ceil(rows / split.rowsPerThread)));
    const maxWords = Math.floor(maxBindingBytes / 4);
    const need = (what: string, words: number) => {
      if (words > maxWords)
        throw new Error(`batched problems: ${what} needs ${4 * words} bytes, over the storage binding limit of ${maxBindingBytes}`);
    };
    need('X (not cut into chunks for batches)', rows * this.paddedFeatures);
    need('the members’ parameters and moments', 3 * this.members * this.params);
    // Room for every member's logits and the epoch's row ids when that fits, else as many members as fit.
    this.workWords = Math.min(maxWords, this.members * rows * (this.outputs + 1));
    this.membersPerPass = Math.min(this.members, Math.floor(this.workWords / (rows * this.outputs)));
    if (this.membersPerPass < 1) need('one member’s logits for every row', rows * this.outputs);
    const A = this.membersPerPass;
    // The gradient kernel runs an invocation per segment and (member, output, vec4 column or bias).
    const units = A * this.outputs * (this.paddedFeatures / 4 + 1);
    const mostSegments = Math.floor((MAX_WORKGROUPS * BATCH_WG[tuning]) / units);
    if (mostSegments < 1) throw new Error(`batched problems: ${units} gradient sums per pass exceed one dispatch`);
    this.fused = this.outputs === 1 && this.paddedFeatures <= 64;
    this.segments = this.fused ? this.threads : Math.max(1, Math.min(split.segments, mostSegments, Math.ceil(rows / split.rowsPerSegment)));
    this.partialWords = this.threads * A * 8 + this.segments * A * this.outputs * (this.paddedFeatures / 4 + 1) * 4;
    need('the partial sums of one pass', this.partialWords);
    this.resultWords = Math.max(A * (EVAL_RESULT_HEAD + this.params), this.members * EPOCH_RESULT_LENGTH, rows);
  }

  /** Words of `work` an epoch of `batch`-row steps needs: every member's dz and row ids per position. */
  epochWorkWords(batch: number): number {
    const words = this.members * batch * (this.outputs + 1);
    if (words > this.workWords)
      throw new Error(
        `batched problems: an epoch of ${this.members} members in batches of ${batch} needs ${4 * words} bytes of work space, over the storage binding limit of ${this.maxBindingBytes}`,
      );
    return words;
  }
}
