import type { StepConfig } from './types.js';

/** Optimizer state kept beside the parameters: first and second moments, and the step count. */
export interface MomentState {
  m: Float64Array;
  v: Float64Array;
  t: number;
}

export function newMomentState(n: number): MomentState {
  return { m: new Float64Array(n), v: new Float64Array(n), t: 0 };
}

/**
 * One first-order update in place. `gradient` already includes the l2 term. Same formulas as
 * shaders/update.wgsl:
 *   sgd:      θ ← θ − lr·g
 *   momentum: m ← β1·m + g;  θ ← θ − lr·m
 *   adam:     m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← θ − lr·m̂/(√v̂ + ε)
 */
export function applyStep(params: Float64Array, gradient: ArrayLike<number>, state: MomentState, cfg: StepConfig): void {
  state.t++;
  const { m, v } = state;
  const c1 = 1 - cfg.beta1 ** state.t;
  const c2 = 1 - cfg.beta2 ** state.t;
  for (let i = 0; i < params.length; i++) {
    const g = gradient[i] as number;
    switch (cfg.optimizer) {
      case 'sgd':
        params[i] = (params[i] as number) - cfg.lr * g;
        break;
      case 'momentum':
        m[i] = cfg.beta1 * (m[i] as number) + g;
        params[i] = (params[i] as number) - cfg.lr * (m[i] as number);
        break;
      case 'adam': {
        m[i] = cfg.beta1 * (m[i] as number) + (1 - cfg.beta1) * g;
        v[i] = cfg.beta2 * (v[i] as number) + (1 - cfg.beta2) * g * g;
        params[i] = (params[i] as number) - (cfg.lr * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + cfg.epsilon);
        break;
      }
    }
  }
}
