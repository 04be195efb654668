/**
 * Sizes of one bound problem on the GPU: the state buffer's regions (shaders/common.wgsl), the step kernel's tile,
 * how many workgroups write partial sums, and how X is cut into chunks that each fit one storage binding.
 */
import { type ObjectiveSpec, outputs, paramCount } from '../core/types.js';

/** Totals at the end of the state buffer: step, non-finite flag, Σ loss, Σ objective, Σ accuracy, Σ ‖g‖. */
export const TOTALS_LENGTH = 6;
/** Most workgroups the step kernel runs; each owns a slot of partial sums that update.wgsl adds up. */
const MAX_GROUPS = 1024;
/** Most slots of the fused row kernel (step-rows.wgsl), one per invocation. */
const MAX_FUSED_SLOTS = 2048;
/** Fewest rows per slot of the fused kernel: amortises its one write of the slot. */
const MIN_FUSED_ROWS = 16;
/** Widest rows (in features) the fused kernel keeps in registers. */
const MAX_FUSED_FEATURES = 64;
/** Most rows per tile: enough to amortise the tile's two barriers and its read-modify-write of the slot. */
const MAX_TILE = 256;
/** Per tile row the step kernel keeps its row index and 3 per-row sums, besides the outputs' zdz in vec4s. */
const WORKGROUP_WORDS_PER_ROW_BEYOND_OUTPUTS = 4;

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
  /** Logistic with D ≤ 64: the fused row kernel (one invocation per slot) trains, the tiled kernel only makes samples. */
  readonly fused: boolean;
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
    this.rowsPerGroup = this.fused ? MIN_FUSED_ROWS : this.tile;
    const most = this.fused ? MAX_FUSED_SLOTS : MAX_GROUPS;
    this.maxGroups = Math.max(1, Math.min(most, Math.ceil(rows / this.rowsPerGroup), Math.floor(maxBindingBytes / (this.slot * 4))));
    this.chunks = chunkRows(rows, this.paddedFeatures, maxChunkBytes);
  }

  /**
   * Slots of partial sums for a batch: tiled, one workgroup per tile (at most maxGroups; they then take several
   * tiles); fused, one invocation per MIN_FUSED_ROWS rows (at most maxGroups; they then take more rows).
   */
  groups(batch: number): number {
    return Math.min(Math.ceil(batch / this.rowsPerGroup), this.maxGroups);
  }

  /** Workgroups of `workgroupSize` invocations that the step kernel dispatches for a batch. */
  stepWorkgroups(batch: number, workgroupSize: number): number {
    const groups = this.groups(batch);
    return this.fused ? Math.ceil(groups / workgroupSize) : groups;
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
