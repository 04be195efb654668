/**
 * Limited-memory BFGS over a full-batch objective, in float64 on the host. Only D-sized vectors live here;
 * every objective and gradient evaluation runs on the backend (GPU or CPU).
 */

/** Objective J and its gradient at the given parameters. */
export type ObjectiveFn = (params: Float64Array) => Promise<{ objective: number; gradient: Float64Array }>;

export interface LbfgsStep {
  params: Float64Array;
  objective: number;
  gradient: Float64Array;
  gradNorm: number;
  /** True when the gradient is below tolerance or no step along the search direction lowers J any more. */
  converged: boolean;
}

const MEMORY = 10;
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 40;
const STALLS = 5;

export class Lbfgs {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private current: LbfgsStep | null = null;
  private stalls = 0;

  /**
   * @param tolerance converged when ‖∇J‖ falls below it
   * @param objectiveTolerance also converged when STALLS steps in a row lower J by less than this fraction of |J|:
   *   a float32 backend cannot resolve smaller changes, so iterating on would only chase rounding noise
   */
  constructor(
    private readonly evaluate: ObjectiveFn,
    private readonly tolerance = 1e-10,
    private readonly objectiveTolerance = 0,
  ) {}

  /** One iteration: a search direction from the two-loop recursion, then a backtracking (Armijo) line search. */
  async iterate(start: Float64Array): Promise<LbfgsStep> {
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

  private settle(step: LbfgsStep): LbfgsStep {
    this.current = step;
    return step;
  }

  private async at(params: Float64Array): Promise<LbfgsStep> {
    const { objective, gradient } = await this.evaluate(params);
    return { params, objective, gradient, gradNorm: Math.sqrt(dot(gradient, gradient)), converged: false };
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
