/**
 * Limited-memory BFGS over a full-batch objective, in float64 on the host. Only D-sized vectors live here;
 * every objective and gradient evaluation runs on the backend (GPU or CPU).
 */
import { euclideanNorm } from '../core/sum.js';
import type { BackendName } from '../core/types.js';

/** What one evaluation must give: J and its gradient; anything else it carries rides along to the step. */
export interface Evaluated {
  readonly objective: number;
  readonly gradient: Float64Array;
}

/** J and its gradient (and whatever else the backend measured in the same pass) at the given parameters. */
export type ObjectiveFn<T extends Evaluated> = (params: Float64Array) => Promise<T>;

/** A point the line search evaluated: the evaluation itself, so the caller never evaluates it again. */
export type LbfgsStep<T extends Evaluated> = T & {
  readonly params: Float64Array;
  readonly gradNorm: number;
  /** True when the gradient is below tolerance or no step along the search direction lowers J any more. */
  readonly converged: boolean;
};

/**
 * The relative change in J below which a backend's steps count as stalled: the GPU sums in float32, so changes under
 * ~1e-7 relative are rounding noise; the CPU's float64 resolves them all.
 */
export function stallTolerance(backend: BackendName): number {
  return backend === 'cpu' ? 0 : 1e-7;
}

const MEMORY = 10;
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 40;
const STALLS = 5;

export class Lbfgs<T extends Evaluated> {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private current: LbfgsStep<T> | null = null;
  private stalls = 0;
  /** Objective evaluations (full passes over the data) so far: the first point's, then each line-search trial's. */
  evaluations = 0;

  /**
   * @param tolerance converged when ‖∇J‖ falls below it
   * @param objectiveTolerance also converged when STALLS steps in a row lower J by less than this fraction of |J|:
   *   a float32 backend cannot resolve smaller changes, so iterating on would only chase rounding noise
   */
  constructor(
    private readonly evaluate: ObjectiveFn<T>,
    private readonly tolerance = 1e-10,
    private readonly objectiveTolerance = 0,
  ) {}

  /** One iteration: a search direction from the two-loop recursion, then a backtracking (Armijo) line search. */
  async iterate(start: Float64Array): Promise<LbfgsStep<T>> {
    const here = this.current ?? (await this.at(start));
    if (here.gradNorm < this.tolerance) return this.settle({ ...here, converged: true });
    const direction = this.direction(here.gradient);
    let slope = dot(here.gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (stale curvature pairs): forget them and use steepest descent.
      this.s.length = 0;
      this.y.length = 0;
      direction.set(here.gradient.map((g) => -g));
      slope = dot(here.gradient, direction);
    }
    // First iteration: a unit-length step; later the quasi-Newton step of 1 is the natural scale.
    let alpha = this.s.length === 0 ? Math.min(1, 1 / here.gradNorm) : 1;
    // Rounding slack so steps are still taken when J changes below float precision near the optimum.
    const slack = 1e-14 * Math.abs(here.objective);
    for (let i = 0; i < MAX_BACKTRACKS; i++, alpha /= 2) {
      const next = await this.at(here.params.map((p, j) => p + alpha * (direction[j] as number)));
      if (Number.isFinite(next.objective) && next.objective <= here.objective + ARMIJO * alpha * slope + slack) {
        this.remember(
          next.params.map((p, j) => p - (here.params[j] as number)),
          next.gradient.map((g, j) => g - (here.gradient[j] as number)),
        );
        const tiny = here.objective - next.objective < this.objectiveTolerance * Math.abs(here.objective);
        this.stalls = tiny ? this.stalls + 1 : 0;
        return this.settle({ ...next, converged: next.gradNorm < this.tolerance || this.stalls >= STALLS });
      }
    }
    return this.settle({ ...here, converged: true });
  }

  private settle(step: LbfgsStep<T>): LbfgsStep<T> {
    this.current = step;
    return step;
  }

  private async at(params: Float64Array): Promise<LbfgsStep<T>> {
    this.evaluations++;
    const evaluation = await this.evaluate(params);
    return { ...evaluation, params, gradNorm: euclideanNorm(evaluation.gradient), converged: false };
  }

  private remember(s: Float64Array, y: Float64Array): void {
    if (dot(s, y) <= 1e-20) return; // keep the Hessian estimate positive definite
    this.s.push(s);
    this.y.push(y);
    if (this.s.length > MEMORY) {
      this.s.shift();
      this.y.shift();
    }
  }

  /** −H·g by the two-loop recursion. */
  private direction(gradient: Float64Array): Float64Array {
    const q = Float64Array.from(gradient);
    const m = this.s.length;
    const alphas = new Float64Array(m);
    for (let i = m - 1; i >= 0; i--) {
      const s = this.s[i] as Float64Array;
      const y = this.y[i] as Float64Array;
      const a = dot(s, q) / dot(y, s);
      alphas[i] = a;
      for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) - a * (y[j] as number);
    }
    if (m > 0) {
      const s = this.s[m - 1] as Float64Array;
      const y = this.y[m - 1] as Float64Array;
      const gamma = dot(s, y) / dot(y, y);
      for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) * gamma;
    }
    for (let i = 0; i < m; i++) {
      const s = this.s[i] as Float64Array;
      const y = this.y[i] as Float64Array;
      const b = dot(y, q) / dot(y, s);
      for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) + ((alphas[i] as number) - b) * (s[j] as number);
    }
    return q.map((v) => -v);
  }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
