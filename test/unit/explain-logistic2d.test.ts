import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../src/core/losses.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { meanLoss } from '../../src/explain/landscape.js';
import { columns, fitOf, powerOfTenParts, scoresOf } from '../../src/explain/logistic2d.js';

const data = columns(loadBuiltin('blobs2'));
const model = { w1: 1.3, w2: -0.4, b: 0.2 };

describe('a two-feature logistic model’s numbers', () => {
  it('ln L = −Σ CE, computed from the product of each row’s probability of its label', () => {
    const fit = fitOf(data, model);
    const z = scoresOf(data, model);
    let logProduct = 0;
    z.forEach((zn, n) => {
      logProduct += Math.log(data.y[n] === 1 ? sigmoid(zn) : 1 - sigmoid(zn));
    });
    expect(fit.logLikelihood).toBeCloseTo(logProduct, 9);
    expect(fit.sumCrossEntropy).toBe(-fit.logLikelihood);
    expect(fit.sumCrossEntropy / data.y.length).toBeCloseTo(meanLoss(data, 'cross-entropy', 1.3, -0.4, 0.2), 12);
    expect(fit.meanSquaredError).toBeCloseTo(meanLoss(data, 'mse', 1.3, -0.4, 0.2), 12);
  });

  it('the gradient matches finite differences of the mean CE plus (λ/2)‖w‖²', () => {
    const l2 = 0.3;
    const J = (w1: number, w2: number, b: number) => meanLoss(data, 'cross-entropy', w1, w2, b) + (l2 / 2) * (w1 * w1 + w2 * w2);
    const h = 1e-6;
    const numeric = [
      (J(model.w1 + h, model.w2, model.b) - J(model.w1 - h, model.w2, model.b)) / (2 * h),
      (J(model.w1, model.w2 + h, model.b) - J(model.w1, model.w2 - h, model.b)) / (2 * h),
      (J(model.w1, model.w2, model.b + h) - J(model.w1, model.w2, model.b - h)) / (2 * h),
    ];
    fitOf(data, model, l2).gradient.forEach((g, i) => {
      expect(g).toBeCloseTo(numeric[i] as number, 7);
    });
  });

  it('accuracy counts p ≥ ½ against the label', () => {
    const z = scoresOf(data, model);
    const right = [...z].filter((zn, n) => (zn >= 0 ? 1 : 0) === data.y[n]).length;
    expect(fitOf(data, model).accuracy).toBe(right / z.length);
  });

  it('writes a likelihood that underflows a double as mantissa × 10^exponent', () => {
    const { mantissa, exponent } = powerOfTenParts(-5000);
    expect(exponent).toBe(-2172);
    expect(mantissa).toBeGreaterThanOrEqual(1);
    expect(mantissa).toBeLessThan(10);
    expect(Math.log(mantissa) + exponent * Math.LN10).toBeCloseTo(-5000, 9);
  });
});
