import type { EpochOutcome, SampleOutputs } from '../core/backend.js';
import type { BatchRows, BatchSpec, BoundBatch, MemberEvaluation } from '../core/batch.js';
import type { EpochOrder } from '../core/shuffle.js';
import type { Params, StepConfig } from '../core/types.js';
import { CpuProblem } from './problem.js';

/** A member as two single-model problems over the same rows: its training rows and its held-out rows. */
interface CpuMember {
  readonly train: CpuProblem;
  readonly validation: CpuProblem | null;
}

/**
 * The float64 reference batch, plainly member by member: member m is a CpuProblem whose row weights are
 * s_n·[fold_n ≠ f_m] (and, when it holds a fold out, one with s_n·[fold_n = f_m]), so every number is the single
 * model's, by construction.
 */
export class CpuBatch implements BoundBatch {
  readonly rows: number;
  private readonly members: CpuMember[];

  constructor(
    data: BatchRows,
    readonly spec: BatchSpec,
  ) {
    this.rows = data.rows;
    this.members = spec.members.map(({ l2, fold }) => {
      const objective = { shape: spec.shape, loss: spec.loss, l2 };
      const rows = (held: boolean) => ({ ...data, weights: foldWeights(data, fold, held) });
      return { train: new CpuProblem(rows(false), objective), validation: fold >= 0 ? new CpuProblem(rows(true), objective) : null };
    });
  }

  setParams(member: number, params: Params): void {
    this.member(member).train.setParams(params);
  }

  getParams(): Promise<Params[]> {
    return Promise.all(this.members.map((m) => m.train.getParams()));
  }

  resetOptimizer(): void {
    for (const m of this.members) m.train.resetOptimizer();
  }

  async evaluate(members: readonly number[]): Promise<MemberEvaluation[]> {
    const out: MemberEvaluation[] = [];
    for (const index of members) {
      const { train, validation } = this.member(index);
      const { gradient, ...numbers } = await train.objectiveAndGradient();
      validation?.setParams(await train.getParams());
      out.push({ train: numbers, validation: validation ? await validation.evaluate() : null, gradient });
    }
    return out;
  }

  async epoch(order: EpochOrder, batchSize: number, steps: readonly StepConfig[]): Promise<EpochOutcome[]> {
    if (steps.length !== this.members.length) throw new Error(`expected ${this.members.length} step configs, got ${steps.length}`);
    const out: EpochOutcome[] = [];
    for (const [m, member] of this.members.entries()) out.push(await member.train.epoch(order, batchSize, steps[m] as StepConfig));
    return out;
  }

  samples(member: number): Promise<SampleOutputs> {
    return this.member(member).train.samples();
  }

  dispose(): void {}

  private member(index: number): CpuMember {
    const member = this.members[index];
    if (!member) throw new Error(`no member ${index} in a batch of ${this.members.length}`);
    return member;
  }
}

/** s_n where the row is (held) or is not (training) in `fold`, 0 elsewhere. */
function foldWeights(data: BatchRows, fold: number, held: boolean): Float64Array {
  const w = new Float64Array(data.rows);
  for (let r = 0; r < data.rows; r++) {
    if ((data.folds[r] === fold) === held) w[r] = data.weights ? (data.weights[r] as number) : 1;
  }
  return w;
}
