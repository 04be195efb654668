import type { BoundProblem, EpochOutcome, EvaluationAndGradient, SampleOutputs } from '../core/backend.js';
import {
  logisticCrossEntropy,
  logisticSquaredError,
  logisticSquaredErrorGrad,
  sigmoid,
  softmaxCrossEntropy,
  softmaxInto,
  softmaxSquaredError,
  softmaxSquaredErrorGradInto,
} from '../core/losses.js';
import { predictedClass } from '../core/metrics.js';
import { type EpochOrder, orderArray } from '../core/shuffle.js';
import { applyStep, type MomentState, newMomentState } from '../core/step.js';
import { euclideanNorm } from '../core/sum.js';
import type { Evaluation, LabeledMatrix, ObjectiveSpec, Params, StepConfig } from '../core/types.js';
import { outputs, paramCount } from '../core/types.js';
import { addSums, type HelperRows, type RowSums } from './parallel.js';

/** Rows per leaf of the pairwise reduction. */
const LEAF = 64;
/** Full-batch passes over at least this many rows split them with the helper thread, when there is one. */
const HELPED_ROWS = 16_384;

/** The float64 reference: every number the GPU produces is checked against this. */
export class CpuProblem implements BoundProblem {
  readonly rows: number;
  private params: Float64Array;
  private moments: MomentState;
  private readonly outputs: number;
  private readonly z: Float64Array;
  private readonly p: Float64Array;
  private readonly dz: Float64Array;

  /** The rows in file order: the full-batch passes' order. */
  private identity: Uint32Array | null = null;

  constructor(
    private readonly data: LabeledMatrix,
    readonly spec: ObjectiveSpec,
    /** The other thread's share of full-batch passes (parallel.ts), or none. */
    private readonly helper: HelperRows | null = null,
  ) {
    this.rows = data.rows;
    this.outputs = outputs(spec.shape);
    this.params = new Float64Array(paramCount(spec.shape));
    this.moments = newMomentState(this.params.length);
    this.z = new Float64Array(this.outputs);
    this.p = new Float64Array(this.outputs);
    this.dz = new Float64Array(this.outputs);
  }

  setParams(params: Params): void {
    if (params.length !== this.params.length) throw new Error(`expected ${this.params.length} parameters, got ${params.length}`);
    this.params = Float64Array.from(params);
  }

  async getParams(): Promise<Params> {
    return Float64Array.from(this.params);
  }

  resetOptimizer(): void {
    this.moments = newMomentState(this.params.length);
  }

  async evaluate(): Promise<Evaluation> {
    return this.evaluation(await this.allSums());
  }

  async objectiveAndGradient(): Promise<EvaluationAndGradient> {
    const sums = await this.allSums();
    return { ...this.evaluation(sums), gradient: this.meanGradient(sums) };
  }

  async epoch(epochOrder: EpochOrder, batchSize: number, step: StepConfig): Promise<EpochOutcome> {
    const order = orderArray(epochOrder, this.rows);
    let ce = 0;
    let objective = 0;
    let accuracy = 0;
    let gradNorm = 0;
    let steps = 0;
    let finite = true;
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(start + batchSize, order.length);
      const sums = this.sums(order, start, end);
      if (sums.weight === 0) continue; // no row of this batch counts: no step
      const e = this.evaluation(sums);
      ce += e.loss;
      objective += e.objective;
      accuracy += e.accuracy;
      steps++;
      const g = this.meanGradient(sums);
      gradNorm += euclideanNorm(g);
      applyStep(this.params, g, this.moments, step);
      if (!Number.isFinite(e.objective) || !this.params.every(Number.isFinite)) {
        finite = false;
        break;
      }
    }
    return {
      train: { loss: ce / steps, objective: objective / steps, accuracy: accuracy / steps },
      gradNorm: gradNorm / steps,
      finite,
      params: Float64Array.from(this.params),
    };
  }

  async samples(): Promise<SampleOutputs> {
    const probabilities = new Float64Array(this.rows * this.outputs);
    const crossEntropy = new Float64Array(this.rows);
    for (let r = 0; r < this.rows; r++) {
      crossEntropy[r] = this.forward(r);
      probabilities.set(this.p, r * this.outputs);
    }
    return { probabilities, crossEntropy };
  }

  dispose(): void {
    this.helper?.dispose();
  }

  /** The sums over rows [start, end) in file order: the helper thread's share of a pass. */
  rangeSums(start: number, end: number): RowSums {
    return this.sums(this.inOrder(), start, end);
  }

  /** The sums over every row, the far half on the helper thread when there is one (the split sums() makes itself). */
  private async allSums(): Promise<RowSums> {
    if (!this.helper || this.rows < HELPED_ROWS) return this.sums(this.inOrder(), 0, this.rows);
    const mid = this.rows >> 1;
    const far = this.helper.sums(this.params, mid, this.rows);
    const near = this.sums(this.inOrder(), 0, mid);
    return addSums(near, await far);
  }

  private inOrder(): Uint32Array {
    this.identity ??= allRows(this.rows);
    return this.identity;
  }

  /** (l2/2)·‖W‖², the bias excluded. */
  private penalty(): number {
    const weights = this.outputs * this.spec.shape.features;
    let s = 0;
    for (let i = 0; i < weights; i++) s += (this.params[i] as number) ** 2;
    return (this.spec.l2 / 2) * s;
  }

  private evaluation(sums: RowSums): Evaluation {
    const n = sums.weight;
    return { loss: sums.crossEntropy / n, objective: sums.loss / n + this.penalty(), accuracy: sums.correct / n };
  }

  /** Batch-mean (weighted) gradient plus l2·W. */
  private meanGradient(sums: RowSums): Float64Array {
    const g = sums.gradient.map((v) => v / sums.weight);
    const weights = this.outputs * this.spec.shape.features;
    for (let i = 0; i < weights; i++) g[i] = (g[i] as number) + this.spec.l2 * (this.params[i] as number);
    return g;
  }

  /** Pairwise reduction over rows order[start..end). */
  private sums(order: Uint32Array, start: number, end: number): RowSums {
    if (end - start > LEAF) {
      const mid = start + ((end - start) >> 1);
      const a = this.sums(order, start, mid);
      return addSums(a, this.sums(order, mid, end));
    }
    const D = this.spec.shape.features;
    const out: RowSums = { weight: 0, crossEntropy: 0, loss: 0, correct: 0, gradient: new Float64Array(this.params.length) };
    const weights = this.data.weights;
    for (let i = start; i < end; i++) {
      const r = order[i] as number;
      const s = weights ? (weights[r] as number) : 1;
      if (s === 0) continue;
      out.weight += s;
      const crossEntropy = this.forward(r);
      out.crossEntropy += s * crossEntropy;
      out.loss += s * this.lossAndGrad(r, crossEntropy);
      if (predictedClass(this.p, this.outputs, 0) === this.data.y[r]) out.correct += s;
      const row = r * D;
      // Arrays in locals: the loop below runs once per cell per pass.
      const { x } = this.data;
      const { gradient } = out;
      for (let k = 0; k < this.outputs; k++) {
        const d = s * (this.dz[k] as number);
        const wRow = k * D;
        for (let j = 0; j < D; j++) gradient[wRow + j] = (gradient[wRow + j] as number) + d * (x[row + j] as number);
        gradient[this.outputs * D + k] = (gradient[this.outputs * D + k] as number) + d;
      }
    }
    return out;
  }

  /** Logits and probabilities of row r into this.z / this.p; returns its cross-entropy. */
  private forward(r: number): number {
    const D = this.spec.shape.features;
    const y = this.data.y[r] as number;
    const { params } = this;
    const { x } = this.data;
    const row = r * D;
    for (let k = 0; k < this.outputs; k++) {
      let s = params[this.outputs * D + k] as number;
      const wRow = k * D;
      for (let j = 0; j < D; j++) s += (params[wRow + j] as number) * (x[row + j] as number);
      this.z[k] = s;
    }
    if (this.outputs === 1) {
      this.p[0] = sigmoid(this.z[0] as number);
      return logisticCrossEntropy(this.z[0] as number, y);
    }
    softmaxInto(this.z, this.p);
    return softmaxCrossEntropy(this.z, y);
  }

  /** After forward(r), which returned its cross-entropy: the training loss of row r, with dLoss/dz into this.dz. */
  private lossAndGrad(r: number, crossEntropy: number): number {
    const y = this.data.y[r] as number;
    const z0 = this.z[0] as number;
    if (this.spec.loss === 'cross-entropy') {
      for (let k = 0; k < this.outputs; k++) this.dz[k] = (this.p[k] as number) - (this.outputs === 1 ? y : k === y ? 1 : 0);
      return crossEntropy;
    }
    if (this.outputs === 1) {
      this.dz[0] = logisticSquaredErrorGrad(z0, y);
      return logisticSquaredError(z0, y);
    }
    softmaxSquaredErrorGradInto(this.p, y, this.dz);
    return softmaxSquaredError(this.p, y);
  }
}

function allRows(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
