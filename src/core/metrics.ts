/** Classification metrics from labels and probabilities. */

/** Arg-max class of row `r` of a rows × outputs probability matrix (logistic: one column, P(class 1)). */
export function predictedClass(probabilities: ArrayLike<number>, outputs: number, r: number): number {
  if (outputs === 1) return (probabilities[r] as number) >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < outputs; k++) {
    if ((probabilities[r * outputs + k] as number) > (probabilities[r * outputs + best] as number)) best = k;
  }
  return best;
}

export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) correct++;
  return labels.length === 0 ? 0 : correct / labels.length;
}

/** counts[truth][predicted]. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = m[labels[i] as number];
    if (row) row[predicted[i] as number] = (row[predicted[i] as number] ?? 0) + 1;
  }
  return m;
}

/**
 * ROC AUC for a binary problem: the probability that a random positive scores above a random negative
 * (ties count half), by the rank-sum (Mann–Whitney U) formula.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
