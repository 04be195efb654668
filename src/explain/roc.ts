/**
 * Threshold metrics and the ROC curve of a binary scorer: the confusion matrix at a threshold, the curve through
 * every distinct threshold, and its area by the rank (Mann–Whitney) formula, ties counted half.
 */

export interface Confusion {
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
  /** TP / (TP + FP); NaN when nothing is predicted positive. */
  precision: number;
  /** TP / (TP + FN), the true positive rate. */
  recall: number;
  /** FP / (FP + TN). */
  falsePositiveRate: number;
  accuracy: number;
}

/** Rows with score ≥ threshold are predicted positive; labels are 0/1. */
export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Confusion {
  let [tp, fp, tn, fn] = [0, 0, 0, 0];
  for (let i = 0; i < scores.length; i++) {
    const positive = (scores[i] as number) >= threshold;
    if (labels[i] === 1) positive ? tp++ : fn++;
    else positive ? fp++ : tn++;
  }
  return {
    truePositive: tp,
    falsePositive: fp,
    trueNegative: tn,
    falseNegative: fn,
    precision: tp / (tp + fp),
    recall: tp / (tp + fn),
    falsePositiveRate: fp / (fp + tn),
    accuracy: (tp + tn) / scores.length,
  };
}

/** (FPR, TPR) from the highest threshold (nothing positive: (0, 0)) down to the lowest ((1, 1)); ties move diagonally. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): [number, number][] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const positives = countPositives(labels);
  const negatives = scores.length - positives;
  const points: [number, number][] = [[0, 0]];
  let [tp, fp] = [0, 0];
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) points.push([fp / negatives, tp / positives]);
  }
  return points;
}

/**
 * AUC = P(score of a random positive > score of a random negative) + ½ P(tie), from the rank sum of the positives
 * (average ranks for ties): (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋). O(n log n).
 */
export function aucByRank(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1] as number] === scores[order[start] as number]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (labels[order[k] as number] === 1) rankSum += averageRank;
    start = end + 1;
  }
  const positives = countPositives(labels);
  const negatives = scores.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function countPositives(labels: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) n++;
  return n;
}
