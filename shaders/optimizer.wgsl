// One parameter's sgd / momentum / adam step (the formulas of src/core/step.ts), shared by update.wgsl and
// batch-epoch.wgsl. Both modules declare `state`, where the parameter's moments live at MOMENT1 + index and
// MOMENT2 + index.

/**
 * θ after a step with gradient g at step t (1-based) by optimizer `id` (momentum, adam, else sgd), the moments in
 * `state` updated; the caller decides what an id the host never sends means.
 */
fn optimizerStep(id: u32, lr: f32, beta1: f32, beta2: f32, epsilon: f32, index: u32, theta: f32, g: f32, t: f32) -> f32 {
  switch id {
    case OPTIMIZER_MOMENTUM: {
      let m = beta1 * state[MOMENT1 + index] + g;
      state[MOMENT1 + index] = m;
      return theta - lr * m;
    }
    case OPTIMIZER_ADAM: {
      let m = beta1 * state[MOMENT1 + index] + (1.0 - beta1) * g;
      let v = beta2 * state[MOMENT2 + index] + (1.0 - beta2) * g * g;
      state[MOMENT1 + index] = m;
      state[MOMENT2 + index] = v;
      let mHat = m / (1.0 - pow(beta1, t));
      let vHat = v / (1.0 - pow(beta2, t));
      return theta - lr * mHat / (sqrt(vHat) + epsilon);
    }
    default: {
      return theta - lr * g;
    }
  }
}
