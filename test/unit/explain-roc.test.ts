import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { aucByRank, confusionAt, rocCurve } from '../../src/explain/roc.js';

/** AUC by counting every (positive, negative) pair: 1 if the positive scores higher, ½ on a tie. */
function aucByPairs(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (labels[i] !== 1 || labels[j] !== 0) continue;
      pairs++;
      const [a, b] = [scores[i] as number, scores[j] as number];
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/** Trapezoid area under the curve's points. */
const trapezoid = (points: [number, number][]) =>
  points
    .slice(1)
    .reduce((area, [x, y], k) => area + (x - (points[k] as [number, number])[0]) * ((y + (points[k] as [number, number])[1]) / 2), 0);

function randomScores(seed: number, n: number, rounding: number) {
  const rng = new Random(seed);
  const labels = Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : 0));
  // Positives score higher on average; rounding makes ties.
  const scores = labels.map((y) => Math.round((rng.normal() + 0.8 * y) * rounding) / rounding);
  return { scores, labels };
}

describe('ROC and AUC', () => {
  it('the rank formula equals the brute-force pair count, with and without ties', () => {
    for (const [seed, rounding] of [
      [1, 1e9],
      [2, 4],
      [3, 1],
    ] as const) {
      const { scores, labels } = randomScores(seed, 300, rounding);
      expect(aucByRank(scores, labels)).toBeCloseTo(aucByPairs(scores, labels), 12);
    }
  });

  it('the curve runs from (0, 0) to (1, 1) and its trapezoid area is the AUC (ties move diagonally)', () => {
    const { scores, labels } = randomScores(4, 200, 3);
    const curve = rocCurve(scores, labels);
    expect(curve[0]).toEqual([0, 0]);
    expect(curve.at(-1)).toEqual([1, 1]);
    expect(trapezoid(curve)).toBeCloseTo(aucByRank(scores, labels), 12);
  });

  it('perfect, reversed and constant scores give 1, 0 and ½', () => {
    const labels = [0, 0, 1, 1];
    expect(aucByRank([0.1, 0.2, 0.8, 0.9], labels)).toBe(1);
    expect(aucByRank([0.9, 0.8, 0.2, 0.1], labels)).toBe(0);
    expect(aucByRank([0.5, 0.5, 0.5, 0.5], labels)).toBe(0.5);
  });

  it('the confusion matrix at a threshold, and its operating point lies on the curve', () => {
    const scores = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2];
    const labels = [0, 0, 1, 1, 1, 0];
    const c = confusionAt(scores, labels, 0.38);
    expect([c.truePositive, c.falsePositive, c.trueNegative, c.falseNegative]).toEqual([2, 1, 2, 1]);
    expect(c.precision).toBeCloseTo(2 / 3, 12);
    expect(c.recall).toBeCloseTo(2 / 3, 12);
    expect(c.falsePositiveRate).toBeCloseTo(1 / 3, 12);
    expect(c.accuracy).toBeCloseTo(4 / 6, 12);
    expect(rocCurve(scores, labels)).toContainEqual([c.falsePositiveRate, c.recall]);
    expect(Number.isNaN(confusionAt(scores, labels, 2).precision)).toBe(true);
  });
});
