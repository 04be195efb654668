/**
 * Sizes of one bound problem on the GPU: the state buffer's regions (shaders/common.wgsl), the step kernel's tile,
 * how many workgroups write partial sums, and how X is cut into chunks that each fit one storage binding.
 */
import { type ObjectiveSpec, outputs, paramCount } from '../core/types.js';

/** Totals at the end of the state buffer: step, non-finite flag, Σ loss, Σ objective, Σ accuracy, Σ ‖g‖. */
export const TOTALS_LENGTH = 6;
/** Most workgroups the step kernel runs; each owns a slot of partial sums that update.wgsl adds up. */
const MAX_GROUPS = 1024;
/** Most slots of the fused row kernel (step-rows.wgsl) summing per invocation, one per invocation. */
const MAX_FUSED_SLOTS = 2048;
/** Fewest rows per slot of the fused kernel summing per invocation: amortises its one write of the slot. */
const MIN_FUSED_ROWS = 16;
/**
 * Invocations per workgroup of the fused kernel summing per invocation (`step`): a step of 1024 rows (64 slots) is 4
 * workgroups, which SwiftShader spreads over its cores (with 64, one workgroup ran on one core: 1.5x slower).
 */
export const FUSED_INVOCATION_WG = 16;
/** Invocations per workgroup of the fused kernel summing per workgroup (stepReduced; its workgroup memory holds WG slots). */
export const FUSED_REDUCED_WG = 32;
/** Fewest rows per invocation of stepReduced: short runs, so that a GPU has many invocations in flight. */
const MIN_REDUCED_ROWS = 4;
/** Most slots (workgroups) of stepReduced: update.wgsl sums them serially per parameter. */
const MAX_REDUCED_SLOTS = 1024;
/** Widest rows (in features) the fused kernel keeps in registers. */
const MAX_FUSED_FEATURES = 64;
/** Most classes the barrier-free softmax kernels keep in named vec4 accumulators at once. */
const MAX_CLASS_BLOCK = 12;
/**
 * Most runs of position quads of the barrier-free gradient kernel, each a slot of partial sums: few long runs on a
 * CPU adapter (2 cores), many short ones on a GPU (update.wgsl's per-parameter sums over the slots stay coalesced).
 */
const MAX_GRADIENT_RUNS: Record<KernelTuning, number> = { cpu: 8, gpu: 1024 };
/** Fewest position quads per run of the gradient kernel: amortises its one write of the slot. */
const MIN_GRADIENT_QUADS = 16;
/** Most rows per tile: enough to amortise the tile's two barriers and its read-modify-write of the slot. */
const MAX_TILE = 256;
/** Per tile row the step kernel keeps its row index and 3 per-row sums, besides the outputs' zdz in vec4s. */
const WORKGROUP_WORDS_PER_ROW_BEYOND_OUTPUTS = 4;

/**
 * Kernel shapes for a CPU adapter such as SwiftShader (few long-running invocations, no barriers: a barrier makes it
 * run a workgroup as coroutines) or for a GPU (many short-running invocations, sums combined per workgroup).
 */
export type KernelTuning = 'cpu' | 'gpu';

export interface Chunk {
  /** First row of the data set in this chunk. */
  start: number;
  rows: number;
}

export class ProblemLayout {
  readonly outputs: number;
  readonly features: number;
  /** Features rounded up to a multiple of 4: rows of X and of the padded weights are read as vec4s. */
  readonly paddedFeatures: number;
  /** Parameters: W (outputs × features) then b. */
  readonly params: number;
  /** Partial sums per workgroup: the gradient sums, then Σ CE, Σ loss, Σ correct. */
  readonly slot: number;
  readonly stateLength: number;
  /** Offset (in f32) of the gradient of J in the state buffer. */
  readonly gradOffset: number;
  /** Offset (in f32) of the totals in the state buffer. */
  readonly totalsOffset: number;
  readonly tile: number;
  /** Logistic with D ≤ 64: the fused row kernel trains, the tiled kernel only makes samples. */
  readonly fused: boolean;
  /**
   * Softmax: the barrier-free kernels forward-rows.wgsl (dLoss/dz of eight rows per invocation into a buffer) and
   * gradient-columns.wgsl (two vec4 columns and a run of rows per invocation) train; the tiled kernel only makes
   * samples. Not when that buffer (OUTPUTS + 3 floats per row) would exceed one storage binding: the tiled kernel trains.
   */
  readonly barrierFree: boolean;
  /** Classes per block of the barrier-free kernels' accumulators (blocks as even as possible, at most 12). */
  readonly classBlock: number;
  /** Bytes of the barrier-free kernels' dz buffer: OUTPUTS + 3 vec4s per quad of positions. */
  readonly dzBytes: number;
  /** Most slots of partial sums (groups()). */
  readonly maxGroups: number;
  /** Rows per slot of partial sums while there are fewer than maxGroups slots. */
  private readonly rowsPerGroup: number;
  readonly chunks: Chunk[];

  constructor(
    spec: ObjectiveSpec,
    readonly rows: number,
    maxBindingBytes: number,
    maxChunkBytes: number,
    maxWorkgroupBytes: number,
    /** CPU: the fused kernel sums per invocation (`step`); GPU: per workgroup (`stepReduced`), and more gradient runs. */
    readonly tuning: KernelTuning = 'cpu',
  ) {
    this.outputs = outputs(spec.shape);
    this.features = spec.shape.features;
    this.paddedFeatures = Math.ceil(this.features / 4) * 4;
    this.params = paramCount(spec.shape);
    this.slot = this.params + 3;
    this.gradOffset = 3 * this.params;
    this.totalsOffset = 7 * this.params + 3;
    this.stateLength = this.totalsOffset + TOTALS_LENGTH;
    // Each of the three workgroup arrays may be padded to 16 bytes.
    const wordsPerRow = 4 * Math.ceil(this.outputs / 4) + WORKGROUP_WORDS_PER_ROW_BEYOND_OUTPUTS;
    this.tile = Math.min(MAX_TILE, Math.floor((maxWorkgroupBytes - 48) / 4 / wordsPerRow));
    if (this.tile < 1) throw new Error(`${this.outputs} outputs do not fit the adapter's workgroup memory`);
    const need = (what: string, bytes: number) => {
      if (bytes > maxBindingBytes) throw new Error(`${what} needs ${bytes} bytes, over the storage binding limit of ${maxBindingBytes}`);
    };
    need('the parameter state', this.stateLength * 4);
    need('the shuffled order', rows * 4);
    need('one workgroup slot of partial sums', this.slot * 4);
    this.fused = this.outputs === 1 && this.paddedFeatures <= MAX_FUSED_FEATURES;
    this.classBlock = Math.ceil(this.outputs / Math.ceil(this.outputs / MAX_CLASS_BLOCK));
    this.dzBytes = (this.outputs + 3) * Math.ceil(rows / 4) * 16;
    this.barrierFree = this.outputs > 1 && this.dzBytes <= maxBindingBytes;
    const reduced = this.fused && tuning === 'gpu';
    this.rowsPerGroup = reduced
      ? MIN_REDUCED_ROWS * FUSED_REDUCED_WG
      : this.fused
        ? MIN_FUSED_ROWS
        : this.barrierFree
          ? 4 * MIN_GRADIENT_QUADS
          : this.tile;
    const most = reduced ? MAX_REDUCED_SLOTS : this.fused ? MAX_FUSED_SLOTS : this.barrierFree ? MAX_GRADIENT_RUNS[tuning] : MAX_GROUPS;
    this.maxGroups = Math.max(1, Math.min(most, Math.ceil(rows / this.rowsPerGroup), Math.floor(maxBindingBytes / (this.slot * 4))));
    this.chunks = chunkRows(rows, this.paddedFeatures, maxChunkBytes);
  }

  /**
   * Slots of partial sums for a batch: tiled, one workgroup per tile (at most maxGroups; they then take several
   * tiles); fused, one invocation per MIN_FUSED_ROWS rows, or one workgroup per MIN_REDUCED_ROWS rows per
   * invocation (at most maxGroups; they then take more rows); barrier-free, one run of the gradient kernel per
   * MIN_GRADIENT_QUADS quads of positions (at most maxGroups; they then take more quads).
   */
  groups(batch: number): number {
    return Math.min(Math.ceil(batch / this.rowsPerGroup), this.maxGroups);
  }

  /** Workgroups that the step kernel dispatches for a batch (the fused kernel's sizes are fixed here, the tiled one's is one per slot). */
  stepWorkgroups(batch: number): number {
    const groups = this.groups(batch);
    if (this.fused) return this.tuning === 'cpu' ? Math.ceil(groups / FUSED_INVOCATION_WG) : groups;
    return groups;
  }

  /** Workgroups of the barrier-free forward kernel: one invocation per two quads of positions. */
  forwardWorkgroups(batch: number, workgroupSize: number): number {
    return Math.ceil(Math.ceil(batch / 8) / workgroupSize);
  }

  /** Workgroups of the barrier-free gradient kernel: one invocation per run and pair of vec4 columns (or the bias). */
  gradientWorkgroups(batch: number, workgroupSize: number): number {
    return Math.ceil(((Math.ceil(this.paddedFeatures / 8) + 1) * this.groups(batch)) / workgroupSize);
  }

  /** W (outputs × features, row-major) with each row zero-padded to paddedFeatures. */
  padWeights(params: ArrayLike<number>): Float32Array<ArrayBuffer> {
    const padded = new Float32Array(this.outputs * this.paddedFeatures);
    for (let k = 0; k < this.outputs; k++) {
      for (let j = 0; j < this.features; j++) padded[k * this.paddedFeatures + j] = params[k * this.features + j] as number;
    }
    return padded;
  }

  /** Rows [start, start + rows) of x (rows × features, float64) as float32 rows zero-padded to paddedFeatures. */
  padRows(x: Float64Array, start: number, rows: number): Float32Array<ArrayBuffer> {
    const D = this.features;
    const padded = new Float32Array(rows * this.paddedFeatures);
    if (D === this.paddedFeatures) padded.set(x.subarray(start * D, (start + rows) * D));
    else for (let r = 0; r < rows; r++) padded.set(x.subarray((start + r) * D, (start + r + 1) * D), r * this.paddedFeatures);
    return padded;
  }
}

/** Rows per chunk: as many as one binding holds, a multiple of 64 when that many fit. */
function chunkRows(rows: number, features: number, maxBindingBytes: number): Chunk[] {
  let perChunk = Math.floor(maxBindingBytes / (4 * features));
  if (perChunk < 1) throw new Error(`one row of ${features} features exceeds the storage binding limit of ${maxBindingBytes} bytes`);
  if (perChunk >= 64) perChunk -= perChunk % 64;
  const chunks: Chunk[] = [];
  for (let start = 0; start < rows || chunks.length === 0; start += perChunk)
    chunks.push({ start, rows: Math.min(perChunk, rows - start) });
  return chunks;
}
