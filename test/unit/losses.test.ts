import { describe, expect, it } from 'vitest';
import { logisticCrossEntropy, logSumExp, sigmoid, softmaxCrossEntropy } from '../../src/core/losses.js';

describe('stable losses', () => {
  it('logistic CE equals −[y ln p + (1−y) ln(1−p)] where that is computable', () => {
    for (const z of [-5, -0.3, 0, 0.7, 4]) {
      for (const y of [0, 1]) {
        const p = sigmoid(z);
        expect(logisticCrossEntropy(z, y)).toBeCloseTo(-(y * Math.log(p) + (1 - y) * Math.log(1 - p)), 12);
      }
    }
  });

  it('does not overflow for large |z|: CE ≈ |z| when confidently wrong, ≈ 0 when right', () => {
    expect(logisticCrossEntropy(800, 0)).toBeCloseTo(800, 9);
    expect(logisticCrossEntropy(-800, 1)).toBeCloseTo(800, 9);
    expect(logisticCrossEntropy(800, 1)).toBe(0);
    expect(softmaxCrossEntropy([1000, -1000, 0], 1)).toBeCloseTo(2000, 9);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 9);
  });

  it('softmax CE with K = 2 equals logistic CE on the logit difference', () => {
    for (const [a, b] of [
      [0.3, -1.2],
      [5, 2],
      [-7, 7],
    ] as const) {
      expect(softmaxCrossEntropy([a, b], 1)).toBeCloseTo(logisticCrossEntropy(b - a, 1), 12);
      expect(softmaxCrossEntropy([a, b], 0)).toBeCloseTo(logisticCrossEntropy(b - a, 0), 12);
    }
  });
});
