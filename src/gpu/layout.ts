/**
 * Sizes of one bound problem on the GPU: which kernel plan trains it, the state buffer's regions (abi.ts), the tiled
 * kernel's tile, how many slots of partial sums a step writes, and how X is cut into chunks that each fit one
 * storage binding.
 */
import { type FeatureMatrix, type ObjectiveSpec, outputs, paramCount } from '../core/types.js';
import { STEP_SUMS_LENGTH, type StateRegions, stateRegions } from './abi.js';

/**
 * Kernel shapes for a CPU adapter such as SwiftShader (few long-running invocations, no barriers: a barrier makes it
 * run a workgroup as coroutines) or for a GPU (many short-running invocations, sums combined per workgroup).
 */
export type KernelTuning = 'cpu' | 'gpu';

/**
 * The kernels that train a problem (the step; update.wgsl and finish.wgsl follow every plan; the tiled kernel makes
 * the per-sample outputs of all):
 * - `logistic-rows`: logistic with D ≤ 64, shaders/logistic-rows.wgsl `step`: each invocation sums a run of rows in
 *   registers into its own slot, no barrier (CPU tuning);
 * - `logistic-rows-reduced`: the same rows, `stepReduced`: each workgroup adds its invocations' sums into one slot
 *   (GPU tuning);
 * - `softmax-split`: softmax, shaders/softmax-split-forward.wgsl writes dLoss/dz to a buffer, then
 *   shaders/softmax-split-gradient.wgsl sums columns of X times it; no barrier;
 * - `tiled`: anything else (logistic with D > 64, softmax whose dz buffer exceeds one storage binding),
 *   shaders/tiled.wgsl: tiles of rows through workgroup memory.
 */
export type KernelPlan = 'logistic-rows' | 'logistic-rows-reduced' | 'softmax-split' | 'tiled';

/** Widest rows (in features) the logistic row kernels keep in registers. */
export const MAX_ROWS_FEATURES = 64;
/** Most classes per block of named accumulators in the softmax-split kernels. */
const MAX_CLASS_BLOCK = 12;
/** Invocations per workgroup of logistic-rows: a step of 1024 rows (64 slots) is 4 workgroups, spread over the cores. */
export const ROWS_INVOCATION_WG = 16;
/** Invocations per workgroup of logistic-rows-reduced (its workgroup memory holds WG slots). */
export const ROWS_REDUCED_WG = 32;

/** Per plan: fewest rows per slot of partial sums (amortising the slot's one write) and most slots. */
const SLOTS: Record<Exclude<KernelPlan, 'tiled'>, { rowsPerSlot: number; most: Record<KernelTuning, number> }> = {
  // One slot per invocation.
  'logistic-rows': { rowsPerSlot: 16, most: { cpu: 2048, gpu: 2048 } },
  // One slot per workgroup of ROWS_REDUCED_WG invocations of at least 4 rows each (short runs: many in flight).
  'logistic-rows-reduced': { rowsPerSlot: 4 * ROWS_REDUCED_WG, most: { cpu: 1024, gpu: 1024 } },
  // One slot per run of at least 16 quads of positions: few long runs on a CPU adapter (2 cores), many short ones on
  // a GPU (update.wgsl's per-parameter sums over the slots stay coalesced).
  'softmax-split': { rowsPerSlot: 4 * 16, most: { cpu: 8, gpu: 1024 } },
};
/** Most workgroups (slots) of the tiled kernel; each takes whole tiles. */
const MAX_TILED_SLOTS = 1024;
/** Most rows per tile: enough to amortise the tile's two barriers and its read-modify-write of the slot. */
const MAX_TILE = 256;
/** Per tile row the tiled kernel keeps its row index and 3 per-row sums, besides the outputs' zdz in vec4s. */
const WORKGROUP_WORDS_PER_ROW_BEYOND_OUTPUTS = 4;

export interface Chunk {
  /** First row of the data set in this chunk. */
  start: number;
  rows: number;
}

/** The plan for a problem of `outputs` on rows of `paddedFeatures`, whose softmax-split dz buffer takes `dzBytes`. */
export function choosePlan(
  outputs: number,
  paddedFeatures: number,
  dzBytes: number,
  maxBindingBytes: number,
  tuning: KernelTuning,
): KernelPlan {
  if (outputs === 1) {
    if (paddedFeatures > MAX_ROWS_FEATURES) return 'tiled';
    return tuning === 'gpu' ? 'logistic-rows-reduced' : 'logistic-rows';
  }
  return dzBytes <= maxBindingBytes ? 'softmax-split' : 'tiled';
}

export class ProblemLayout {
  readonly outputs: number;
  readonly features: number;
  /** Features rounded up to a multiple of 4: rows of X and of the padded weights are read as vec4s. */
  readonly paddedFeatures: number;
  /** Parameters: W (outputs × features) then b. */
  readonly params: number;
  /** Partial sums per slot: the gradient sums, then the step's sums (abi.ts STEP_SUM). */
  readonly slot: number;
  readonly regions: StateRegions;
  readonly tile: number;
  readonly plan: KernelPlan;
  /** The kernels compute the keyed shuffle (GPU tuning); otherwise the host expands it and uploads the order. */
  readonly shufflesOnGpu: boolean;
  /** Classes per block of the softmax-split kernels' accumulators (blocks as even as possible, at most 12). */
  readonly classBlock: number;
  /** Bytes of the softmax-split dz buffer: OUTPUTS + 3 vec4s per quad of positions. */
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
    readonly tuning: KernelTuning = 'cpu',
  ) {
    this.outputs = outputs(spec.shape);
    this.features = spec.shape.features;
    this.paddedFeatures = Math.ceil(this.features / 4) * 4;
    this.params = paramCount(spec.shape);
    this.slot = this.params + STEP_SUMS_LENGTH;
    this.regions = stateRegions(this.params);
    // Each of the three workgroup arrays may be padded to 16 bytes.
    const wordsPerRow = 4 * Math.ceil(this.outputs / 4) + WORKGROUP_WORDS_PER_ROW_BEYOND_OUTPUTS;
    this.tile = Math.min(MAX_TILE, Math.floor((maxWorkgroupBytes - 48) / 4 / wordsPerRow));
    if (this.tile < 1) throw new Error(`${this.outputs} outputs do not fit the adapter's workgroup memory`);
    const need = (what: string, bytes: number) => {
      if (bytes > maxBindingBytes) throw new Error(`${what} needs ${bytes} bytes, over the storage binding limit of ${maxBindingBytes}`);
    };
    need('the parameter state', this.regions.length * 4);
    need('the shuffled order', rows * 4);
    need('one workgroup slot of partial sums', this.slot * 4);
    this.classBlock = Math.ceil(this.outputs / Math.ceil(this.outputs / MAX_CLASS_BLOCK));
    this.dzBytes = (this.outputs + 3) * Math.ceil(rows / 4) * 16;
    this.plan = choosePlan(this.outputs, this.paddedFeatures, this.dzBytes, maxBindingBytes, tuning);
    this.shufflesOnGpu = tuning === 'gpu';
    const slots =
      this.plan === 'tiled'
        ? { rowsPerSlot: this.tile, most: MAX_TILED_SLOTS }
        : { rowsPerSlot: SLOTS[this.plan].rowsPerSlot, most: SLOTS[this.plan].most[tuning] };
    this.rowsPerGroup = slots.rowsPerSlot;
    this.maxGroups = Math.max(1, Math.min(slots.most, Math.ceil(rows / this.rowsPerGroup), Math.floor(maxBindingBytes / (this.slot * 4))));
    this.chunks = chunkRows(rows, this.paddedFeatures, maxChunkBytes);
  }

  /**
   * Slots of partial sums for a batch: one per rowsPerGroup rows (tiled: a tile; logistic-rows: an invocation's
   * run; logistic-rows-reduced: a workgroup's runs; softmax-split: a run of quads of positions), at most maxGroups,
   * which then take more rows.
   */
  groups(batch: number): number {
    return Math.min(Math.ceil(batch / this.rowsPerGroup), this.maxGroups);
  }

  /** W (outputs × features, row-major) with each row zero-padded to paddedFeatures. */
  padWeights(params: ArrayLike<number>): Float32Array<ArrayBuffer> {
    const padded = new Float32Array(this.outputs * this.paddedFeatures);
    for (let k = 0; k < this.outputs; k++) {
      for (let j = 0; j < this.features; j++) padded[k * this.paddedFeatures + j] = params[k * this.features + j] as number;
    }
    return padded;
  }

  /** padRows below, for this layout's features. */
  padRows(x: FeatureMatrix, start: number, rows: number): Float32Array<ArrayBuffer> {
    return padRows(x, this.features, start, rows);
  }
}

/**
 * Rows [start, start + rows) of x (rows × features) as float32 rows zero-padded to a multiple of 4 features: a view
 * into a float32 x that needs no padding (a large table is uploaded without a copy), else a new array.
 */
export function padRows(x: FeatureMatrix, features: number, start: number, rows: number): Float32Array<ArrayBuffer> {
  const D = features;
  const paddedFeatures = Math.ceil(D / 4) * 4;
  if (x instanceof Float32Array && D === paddedFeatures) return x.subarray(start * D, (start + rows) * D);
  const padded = new Float32Array(rows * paddedFeatures);
  if (D === paddedFeatures) padded.set(x.subarray(start * D, (start + rows) * D));
  else for (let r = 0; r < rows; r++) padded.set(x.subarray((start + r) * D, (start + r + 1) * D), r * paddedFeatures);
  return padded;
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
