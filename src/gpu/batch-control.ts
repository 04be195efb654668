/**
 * What a batch sends to its kernels and what comes back (as control.ts for one problem): the BatchHeader, the
 * members and the rows' info packed by the tables of batch-abi.ts, and the decoding of an evaluate pass's and an
 * epoch's results.
 */
import type { EpochOutcome } from '../core/backend.js';
import type { BatchMember, BatchRows, MemberEvaluation } from '../core/batch.js';
import { shuffleHalfBits } from '../core/shuffle.js';
import type { Evaluation, StepConfig } from '../core/types.js';
import { idOf, OPTIMIZER, packStruct, type StructValues, structBytes } from './abi.js';
import { BATCH_HEADER_FIELDS, EPOCH_RESULT, EVAL_RESULT, EVAL_RESULT_HEAD, MEMBER_FIELDS, NO_FOLD, ROW_INFO_FIELDS } from './batch-abi.js';
import type { BatchLayout } from './batch-layout.js';

export type BatchHeader = StructValues<typeof BATCH_HEADER_FIELDS>;

/** A RowInfo of three 4-byte fields: an array stride of 12 bytes (no padding: the struct's alignment is 4). */
const ROW_INFO_BYTES = 4 * ROW_INFO_FIELDS.length;

/** The header of a pass; the layout's split and the shuffle's width filled in. */
export function packHeader(
  layout: BatchLayout,
  pass: Pick<BatchHeader, 'rows' | 'batch' | 'steps' | 'ordering'> & Partial<BatchHeader>,
): ArrayBuffer {
  const header: BatchHeader = {
    key: 0,
    activeCount: 0,
    firstActive: 0,
    member: 0,
    ...pass,
    shuffleHalf: shuffleHalfBits(pass.rows),
    threads: layout.threads,
    segments: layout.segments,
  };
  const bytes = new ArrayBuffer(structBytes(BATCH_HEADER_FIELDS));
  packStruct(BATCH_HEADER_FIELDS, header, new DataView(bytes));
  return bytes;
}

/** Each member's λ, fold, step settings from `steps`, and `taken[m]` steps taken so far. */
export function packMembers(members: readonly BatchMember[], steps: readonly StepConfig[], taken: readonly number[]): ArrayBuffer {
  const bytes = structBytes(MEMBER_FIELDS);
  const view = new DataView(new ArrayBuffer(bytes * members.length));
  for (const [m, member] of members.entries()) {
    const step = steps[m] as StepConfig;
    const values = {
      l2: member.l2,
      fold: member.fold === -1 ? NO_FOLD : member.fold,
      optimizer: idOf(OPTIMIZER, step.optimizer, 'optimizer'),
      lr: step.lr,
      beta1: step.beta1,
      beta2: step.beta2,
      epsilon: step.epsilon,
      t0: taken[m] as number,
    };
    packStruct(MEMBER_FIELDS, values, view, m * bytes);
  }
  return view.buffer;
}

/** Each row's label, fold id and weight (1 without weights). */
export function packRowInfo(data: BatchRows): Uint32Array {
  const info = new DataView(new ArrayBuffer(ROW_INFO_BYTES * data.rows));
  for (let n = 0; n < data.rows; n++) {
    const values = { label: data.y[n] as number, fold: data.folds[n] as number, weight: data.weights ? (data.weights[n] as number) : 1 };
    packStruct(ROW_INFO_FIELDS, values, info, n * ROW_INFO_BYTES);
  }
  return new Uint32Array(info.buffer);
}

/** A member's numbers from its slice of an evaluate pass's results (EVAL_RESULT, then ∇J). */
export function decodeEvaluation(member: BatchMember, r: Float32Array): MemberEvaluation {
  const penalty = (member.l2 / 2) * (r[EVAL_RESULT.weightSquares] as number);
  const evaluation = (ce: number, loss: number, correct: number, weight: number): Evaluation => {
    const n = r[weight] as number;
    return { loss: (r[ce] as number) / n, objective: (r[loss] as number) / n + penalty, accuracy: (r[correct] as number) / n };
  };
  const E = EVAL_RESULT;
  return {
    train: evaluation(E.trainCrossEntropy, E.trainLoss, E.trainCorrect, E.trainWeight),
    validation: member.fold === -1 ? null : evaluation(E.validationCrossEntropy, E.validationLoss, E.validationCorrect, E.validationWeight),
    gradient: Float64Array.from(r.subarray(EVAL_RESULT_HEAD)),
  };
}

/** A member's epoch from its results (EPOCH_RESULT) and parameters; `taken`: the steps it took. */
export function decodeEpoch(r: Float32Array, paramValues: Float32Array): { outcome: EpochOutcome; taken: number } {
  const taken = r[EPOCH_RESULT.taken] as number;
  const mean = (i: number) => (r[i] as number) / taken;
  const train = { loss: mean(EPOCH_RESULT.loss), objective: mean(EPOCH_RESULT.objective), accuracy: mean(EPOCH_RESULT.accuracy) };
  const gradNorm = mean(EPOCH_RESULT.gradNorm);
  const params = Float64Array.from(paramValues);
  // No step taken: no numbers (0/0), and nothing that could have become non-finite.
  const numbers = taken === 0 || [train.loss, train.objective, train.accuracy, gradNorm].every(Number.isFinite);
  const finite = r[EPOCH_RESULT.nonFinite] === 0 && numbers && params.every(Number.isFinite);
  return { outcome: { train, gradNorm, finite, params }, taken };
}
