import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, rocAuc } from '../../src/core/metrics.js';
import { Random } from '../../src/core/random.js';
import { pairwiseSum } from '../../src/core/sum.js';

describe('metrics', () => {
  it('accuracy and confusion matrix', () => {
    const labels = [0, 1, 2, 2, 1];
    const predicted = [0, 2, 2, 2, 1];
    expect(accuracy(labels, predicted)).toBeCloseTo(0.8, 15);
    expect(confusionMatrix(labels, predicted, 3)).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 2],
    ]);
  });

  it('ROC AUC equals the brute-force pair count, ties counting half', () => {
    const rng = new Random(3);
    const labels = Array.from({ length: 60 }, () => rng.int(2));
    const scores = Array.from({ length: 60 }, () => Math.round(rng.next() * 10) / 10);
    let wins = 0;
    let pairs = 0;
    labels.forEach((a, i) => {
      labels.forEach((b, j) => {
        if (a === 1 && b === 0) {
          pairs++;
          wins += (scores[i] as number) > (scores[j] as number) ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
      });
    });
    expect(rocAuc(labels, scores)).toBeCloseTo(wins / pairs, 12);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
  });

  it('the PRNG is deterministic per seed, and pairwise sums are exact on integers', () => {
    const a = new Random(9);
    const b = new Random(9);
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
    expect(pairwiseSum(Array.from({ length: 1001 }, (_, i) => i))).toBe(500500);
  });
});
