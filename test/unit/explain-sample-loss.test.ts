import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../src/core/losses.js';
import { logit, sampleLoss } from '../../src/explain/sample-loss.js';

const derivative = (f: (z: number) => number, z: number, h = 1e-5) => (f(z + h) - f(z - h)) / (2 * h);

describe('per-sample losses and their z-gradients', () => {
  it('p − y and 2(p − y)p(1 − p) match central finite differences of CE and (p − y)²', () => {
    for (const y of [0, 1] as const) {
      for (const z of [-9, -3, -0.4, 0, 0.8, 2.5, 7]) {
        const s = sampleLoss(z, y);
        expect(s.crossEntropyGrad).toBeCloseTo(
          derivative((t) => sampleLoss(t, y).crossEntropy, z),
          8,
        );
        expect(s.squaredErrorGrad).toBeCloseTo(
          derivative((t) => sampleLoss(t, y).squaredError, z),
          8,
        );
        expect(s.crossEntropy).toBeCloseTo(-(y * Math.log(s.p) + (1 - y) * Math.log(1 - s.p)), 10);
      }
    }
  });

  it('confidently wrong (y = 1, z ≪ 0): the MSE gradient vanishes while the CE gradient stays near −1', () => {
    const wrong = sampleLoss(-8, 1);
    expect(wrong.crossEntropyGrad).toBeLessThan(-0.999);
    expect(Math.abs(wrong.squaredErrorGrad)).toBeLessThan(1e-3);
    // The squared error's gradient is largest in magnitude at an intermediate p, not at the wrong end.
    const unsure = sampleLoss(logit(1 / 3), 1);
    expect(Math.abs(unsure.squaredErrorGrad)).toBeGreaterThan(200 * Math.abs(wrong.squaredErrorGrad));
  });

  it('bits divide the cross-entropy and its gradient by ln 2; the squared error has no unit', () => {
    const nats = sampleLoss(-1.3, 1, 'nats');
    const bits = sampleLoss(-1.3, 1, 'bits');
    expect(bits.crossEntropy).toBeCloseTo(-Math.log2(nats.p), 12);
    expect(bits.crossEntropyGrad).toBeCloseTo(nats.crossEntropyGrad / Math.LN2, 12);
    expect(bits.squaredError).toBe(nats.squaredError);
    expect(sampleLoss(0, 1, 'bits').crossEntropy).toBeCloseTo(1, 12);
  });

  it('logit inverts the sigmoid and stays finite at p = 0 and 1', () => {
    for (const p of [0.01, 0.3, 0.5, 0.93]) expect(sigmoid(logit(p))).toBeCloseTo(p, 12);
    expect(Number.isFinite(logit(0))).toBe(true);
    expect(Number.isFinite(logit(1))).toBe(true);
  });
});
