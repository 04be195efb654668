/**
 * The host/shader contract of the batched kernels (shaders/batch-*.wgsl), built like abi.ts: the uniform and member
 * structs field by field, the ids, the regions of the buffers and the bind groups. test/unit/abi.test.ts checks the
 * WGSL against these tables without a GPU.
 */
import { type BindGroupSpec, LOSS, OPTIMIZER, ORDERING } from './abi.js';

type ScalarType = 'u32' | 'f32';

/** Fields of `struct BatchHeader` (shaders/batch-common.wgsl): the per-pass uniform. */
export const BATCH_HEADER_FIELDS = [
  // Positions in this pass (the order's length, or N).
  ['rows', 'u32'],
  ['batch', 'u32'],
  ['steps', 'u32'],
  ['ordering', 'u32'],
  ['key', 'u32'],
  ['shuffleHalf', 'u32'],
  // Members in the active list of this pass (evaluate), the first of them at `firstActive`.
  ['activeCount', 'u32'],
  ['firstActive', 'u32'],
  // Invocations of the forward kernel (each owns a run of rows) and row segments of the gradient kernel.
  ['threads', 'u32'],
  ['segments', 'u32'],
  // The member whose per-row outputs `samples` writes.
  ['member', 'u32'],
] as const satisfies readonly (readonly [string, ScalarType])[];

/** Fields of `struct Member` (one per member in the `members` buffer): its λ, held-out fold and optimizer. */
export const MEMBER_FIELDS = [
  ['l2', 'f32'],
  // NO_FOLD: none held out.
  ['fold', 'u32'],
  ['optimizer', 'u32'],
  ['lr', 'f32'],
  ['beta1', 'f32'],
  ['beta2', 'f32'],
  ['epsilon', 'f32'],
  // Optimizer steps the member has taken before this pass (adam's t).
  ['t0', 'u32'],
] as const satisfies readonly (readonly [string, ScalarType])[];

/** Fields of `struct RowInfo` (one per row in the `rowInfo` buffer): its label, fold id and weight s_n. */
export const ROW_INFO_FIELDS = [
  ['label', 'u32'],
  ['fold', 'u32'],
  ['weight', 'f32'],
] as const satisfies readonly (readonly [string, ScalarType])[];

/** Member.fold of a member that holds out nothing (no row has this fold id). */
export const NO_FOLD = 0xffffffff;

/**
 * Per active member of an evaluate pass, in `results`: the training and validation sums, Σ W², then the P entries
 * of ∇J (EVAL_RESULT_HEAD words in front of the gradient).
 */
export const EVAL_RESULT = {
  trainCrossEntropy: 0,
  trainLoss: 1,
  trainCorrect: 2,
  trainWeight: 3,
  validationCrossEntropy: 4,
  validationLoss: 5,
  validationCorrect: 6,
  validationWeight: 7,
  weightSquares: 8,
} as const;
export const EVAL_RESULT_HEAD = Object.keys(EVAL_RESULT).length;

/** Per member of an epoch, in `results`: sums over the steps taken, the steps taken, and the non-finite flag. */
export const EPOCH_RESULT = { loss: 0, objective: 1, accuracy: 2, gradNorm: 3, taken: 4, nonFinite: 5 } as const;
export const EPOCH_RESULT_LENGTH = Object.keys(EPOCH_RESULT).length;

/** The id tables the batched kernels name as WGSL constants `PREFIX_NAME`. */
export const BATCH_WGSL_IDS = { OPTIMIZER, ORDERING, LOSS, EVAL: EVAL_RESULT, EPOCH: EPOCH_RESULT } as const;

/**
 * Pipeline overrides every batched module declares without a default: the model's shape, the member count and
 * the state's regions (θ of all members, then the first and second moments, P entries per member each).
 */
export function batchOverrides(shape: {
  features: number;
  outputs: number;
  loss: keyof typeof LOSS;
  members: number;
}): Record<string, number> {
  const D = shape.features;
  const W = shape.outputs * D;
  const P = W + shape.outputs;
  return {
    D,
    Q: Math.ceil(D / 4),
    OUTPUTS: shape.outputs,
    LOSS: LOSS[shape.loss],
    P,
    W,
    MEMBERS: shape.members,
    MOMENT1: shape.members * P,
    MOMENT2: 2 * shape.members * P,
  };
}

/** Words of the state buffer: θ and two moments per member. */
export function batchStateWords(members: number, params: number): number {
  return 3 * members * params;
}

/**
 * Group 0 of every batched kernel: the header, the members, the indices (the active list of an evaluate pass in
 * [0, M), the uploaded order behind it), the state, the per-row work buffer (logits, then dLoss/dz; the epoch's row
 * ids behind them), the partial sums and the results. With group 1 that is 8 storage bindings, WebGPU's default
 * maxStorageBuffersPerShaderStage.
 */
export const BATCH_MAIN_GROUP: BindGroupSpec = {
  label: 'xent batch main',
  group: 0,
  entries: [
    { binding: 0, name: 'header', type: 'uniform', wgsl: 'BatchHeader' },
    { binding: 1, name: 'members', type: 'read-only-storage', wgsl: 'array<Member>' },
    { binding: 2, name: 'indices', type: 'read-only-storage', wgsl: 'array<u32>' },
    { binding: 3, name: 'state', type: 'storage', wgsl: 'array<f32>' },
    { binding: 4, name: 'work', type: 'storage', wgsl: 'array<f32>' },
    { binding: 5, name: 'partials', type: 'storage', wgsl: 'array<f32>' },
    { binding: 6, name: 'results', type: 'storage', wgsl: 'array<f32>' },
  ],
};

/** Group 1: the rows (X zero-padded to Q vec4s per row; each row's label, fold id and weight). */
export const BATCH_ROWS_GROUP: BindGroupSpec = {
  label: 'xent batch rows',
  group: 1,
  entries: [
    { binding: 0, name: 'x', type: 'read-only-storage', wgsl: 'array<vec4<f32>>' },
    { binding: 1, name: 'rowInfo', type: 'read-only-storage', wgsl: 'array<RowInfo>' },
  ],
};
