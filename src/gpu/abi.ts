/**
 * The contract between the host and the WGSL kernels, in one place: the uniform structs field by field, the ids the
 * kernels switch on, the regions of the state buffer and the bind groups. The WGSL side (shaders/common.wgsl,
 * shaders/chunk.wgsl, and the group-2 declarations of the kernels) writes the same things by hand, and
 * test/unit/abi.test.ts checks, without a GPU, that both sides agree.
 */
import { alignTo } from './buffers.js';

type ScalarType = 'u32' | 'f32';

/** Fields of `struct Header` (shaders/common.wgsl), in order: the per-pass uniform. */
export const HEADER_FIELDS = [
  ['rows', 'u32'],
  ['batch', 'u32'],
  ['groups', 'u32'],
  ['ordering', 'u32'],
  ['update', 'u32'],
  ['optimizer', 'u32'],
  ['t0', 'u32'],
  ['lr', 'f32'],
  ['beta1', 'f32'],
  ['beta2', 'f32'],
  ['epsilon', 'f32'],
  ['l2', 'f32'],
  ['key', 'u32'],
  ['shuffleHalf', 'u32'],
] as const satisfies readonly (readonly [string, ScalarType])[];

/** Fields of `struct Chunk` (shaders/chunk.wgsl): which rows of the data set one chunk of X holds. */
export const CHUNK_FIELDS = [
  ['start', 'u32'],
  ['rows', 'u32'],
  ['first', 'u32'],
] as const satisfies readonly (readonly [string, ScalarType])[];

type Fields = readonly (readonly [string, ScalarType])[];
export type StructValues<F extends Fields> = { [K in F[number][0]]: number };
export type HeaderValues = StructValues<typeof HEADER_FIELDS>;

/** Bytes of a uniform struct of 4-byte fields: a uniform's size is rounded up to 16. */
export function structBytes(fields: Fields): number {
  return alignTo(4 * fields.length, 16);
}

export const HEADER_STRUCT_BYTES = structBytes(HEADER_FIELDS);

/** Writes `values` into `view` at `offset` in the field order and types of `fields`. */
export function packStruct<F extends Fields>(fields: F, values: StructValues<F>, view: DataView, offset = 0): void {
  for (const [i, [name, type]] of fields.entries()) {
    const value = (values as Record<string, number>)[name] as number;
    if (type === 'u32') view.setUint32(offset + 4 * i, value, true);
    else view.setFloat32(offset + 4 * i, value, true);
  }
}

/** Header.optimizer: `const OPTIMIZER_SGD = 0u;` and so on in shaders/ids.wgsl. */
export const OPTIMIZER = { sgd: 0, momentum: 1, adam: 2 } as const;
/** Header.ordering, how a step finds the row at a position: order[i] (uploaded), i, or the keyed shuffle. */
export const ORDERING = { order: 0, identity: 1, keyed: 2 } as const;
/** The LOSS override. */
export const LOSS = { 'cross-entropy': 0, mse: 1 } as const;
/** The totals at the end of the state buffer, summed over a pass's steps (step and nonFinite hold u32 bits). */
export const TOTAL = { step: 0, nonFinite: 1, loss: 2, objective: 3, accuracy: 4, gradNorm: 5 } as const;
/** The sums of one step that follow the gradient sums in each slot of partial sums, and in the state buffer. */
export const STEP_SUM = { crossEntropy: 0, loss: 1, correct: 2 } as const;
export const TOTALS_LENGTH = Object.keys(TOTAL).length;
export const STEP_SUMS_LENGTH = Object.keys(STEP_SUM).length;

/** The id tables the kernels name as WGSL constants: `PREFIX_NAME` (OPTIMIZER_ADAM, TOTAL_GRAD_NORM, …). */
export const WGSL_IDS = { OPTIMIZER, ORDERING, LOSS, TOTAL, SUM: STEP_SUM } as const;

/** The id of `name` in `table`; a name the table lacks is an error, never a silent default. */
export function idOf<T extends Record<string, number>>(table: T, name: string, what: string): number {
  const id = (table as Record<string, number>)[name];
  if (id === undefined) throw new Error(`unknown ${what} "${name}"; expected one of ${Object.keys(table).join(', ')}`);
  return id;
}

/**
 * Offsets (in f32) of the state buffer's regions for P parameters: θ (W row-major, then b), adam's two moments, the
 * gradient of J, three squares per parameter (θ_old² if a weight, g², θ_new²), the step's sums, then the totals.
 */
export function stateRegions(params: number) {
  const stepSums = 7 * params;
  const totals = stepSums + STEP_SUMS_LENGTH;
  return {
    params: 0,
    moment1: params,
    moment2: 2 * params,
    gradient: 3 * params,
    norms: 4 * params,
    stepSums,
    totals,
    length: totals + TOTALS_LENGTH,
  };
}

export type StateRegions = ReturnType<typeof stateRegions>;

/**
 * The pipeline overrides every kernel module declares without a default (shaders/common.wgsl), so a pipeline created
 * without one fails: the model's shape and the offsets of the state buffer's regions.
 */
export function abiOverrides(shape: { features: number; outputs: number; loss: keyof typeof LOSS }): Record<string, number> {
  const D = shape.features;
  const W = shape.outputs * D;
  const P = W + shape.outputs;
  const regions = stateRegions(P);
  return {
    D,
    Q: Math.ceil(D / 4),
    OUTPUTS: shape.outputs,
    LOSS: idOf(LOSS, shape.loss, 'loss'),
    P,
    W,
    SLOT: P + STEP_SUMS_LENGTH,
    MOMENT1: regions.moment1,
    MOMENT2: regions.moment2,
    GRAD: regions.gradient,
    NORMS: regions.norms,
    STEP_SUMS: regions.stepSums,
    TOTALS: regions.totals,
  };
}

export type BindingType = GPUBufferBindingType;

export interface BindingSpec {
  binding: number;
  /** The variable's name in WGSL. */
  name: string;
  type: BindingType;
  /** The variable's WGSL store type. */
  wgsl: string;
}

export interface BindGroupSpec {
  label: string;
  /** The group index the kernels declare it at. */
  group: number;
  entries: readonly BindingSpec[];
}

/** Group 0, shared by every kernel: the header, the uploaded order, the state, the partial sums, the padded weights. */
export const MAIN_GROUP: BindGroupSpec = {
  label: 'xent main',
  group: 0,
  entries: [
    { binding: 0, name: 'header', type: 'uniform', wgsl: 'Header' },
    { binding: 1, name: 'order', type: 'read-only-storage', wgsl: 'array<u32>' },
    { binding: 2, name: 'state', type: 'storage', wgsl: 'array<f32>' },
    { binding: 3, name: 'partials', type: 'storage', wgsl: 'array<f32>' },
    // W again, each row zero-padded to Q vec4s, so the row kernels read four features per load.
    { binding: 4, name: 'weights', type: 'storage', wgsl: 'array<vec4<f32>>' },
  ],
};

/** Group 1: one chunk of X and y (shaders/chunk.wgsl), one bind group per chunk. */
export const CHUNK_GROUP: BindGroupSpec = {
  label: 'xent chunk',
  group: 1,
  entries: [
    { binding: 0, name: 'chunk', type: 'uniform', wgsl: 'Chunk' },
    { binding: 1, name: 'x', type: 'read-only-storage', wgsl: 'array<vec4<f32>>' },
    { binding: 2, name: 'y', type: 'read-only-storage', wgsl: 'array<u32>' },
  ],
};

/** Group 2 of `samples` (shaders/tiled.wgsl): per-row outputs. */
export const SAMPLES_GROUP: BindGroupSpec = {
  label: 'xent sample outputs',
  group: 2,
  entries: [
    { binding: 0, name: 'probabilities', type: 'storage', wgsl: 'array<f32>' },
    { binding: 1, name: 'crossEntropy', type: 'storage', wgsl: 'array<f32>' },
  ],
};

/** Group 2 of the softmax-split plan: dLoss/dz from its forward kernel to its gradient kernel. */
export const DZ_GROUP: BindGroupSpec = {
  label: 'xent dz',
  group: 2,
  entries: [{ binding: 0, name: 'dz', type: 'storage', wgsl: 'array<vec4<f32>>' }],
};

export function createBindGroupLayout(device: GPUDevice, spec: BindGroupSpec): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    label: spec.label,
    entries: spec.entries.map(({ binding, type }) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
  });
}

/** A bind group of `layout` (made from `spec`) with one resource per entry, by WGSL name. */
export function createBindGroup(
  device: GPUDevice,
  spec: BindGroupSpec,
  layout: GPUBindGroupLayout,
  resources: Record<string, GPUBufferBinding>,
): GPUBindGroup {
  return device.createBindGroup({
    label: spec.label,
    layout,
    entries: spec.entries.map(({ binding, name }) => {
      const resource = resources[name];
      if (!resource) throw new Error(`bind group "${spec.label}" has no buffer for ${name}`);
      return { binding, resource };
    }),
  });
}
