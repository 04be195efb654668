import type { BoundProblem, EpochOutcome, EvaluationAndGradient, SampleOutputs } from '../core/backend.js';
import type { BoundBatch } from '../core/batch.js';
import type { EpochOrder } from '../core/shuffle.js';
import type { Evaluation, ObjectiveSpec, Params, StepConfig } from '../core/types.js';

/**
 * One model as a batch of one member that holds out nothing: how the GPU trains a weighted data set (the single
 * plans of problem.ts assume every row weighs 1).
 */
export class BatchAsProblem implements BoundProblem {
  readonly rows: number;

  constructor(
    private readonly batch: BoundBatch,
    readonly spec: ObjectiveSpec,
  ) {
    this.rows = batch.rows;
  }

  setParams(params: Params): void {
    this.batch.setParams(0, params);
  }

  async getParams(): Promise<Params> {
    return (await this.batch.getParams())[0] as Params;
  }

  resetOptimizer(): void {
    this.batch.resetOptimizer();
  }

  async evaluate(): Promise<Evaluation> {
    const { gradient: _, ...evaluation } = await this.objectiveAndGradient();
    return evaluation;
  }

  async objectiveAndGradient(): Promise<EvaluationAndGradient> {
    const [member] = await this.batch.evaluate([0]);
    if (!member) throw new Error('the batch returned no member');
    return { ...member.train, gradient: member.gradient };
  }

  async epoch(order: EpochOrder, batchSize: number, step: StepConfig): Promise<EpochOutcome> {
    return (await this.batch.epoch(order, batchSize, [step]))[0] as EpochOutcome;
  }

  samples(): Promise<SampleOutputs> {
    return this.batch.samples(0);
  }

  dispose(): void {
    this.batch.dispose();
  }
}
