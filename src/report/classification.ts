import type { SampleOutputs } from '../core/backend.js';
import { accuracy, confusionMatrix, rocAuc } from '../core/metrics.js';
import type { Dataset } from '../data/dataset.js';
import type { XentModel } from '../model/format.js';
import { predict } from '../model/predict.js';

/** What `<xent-metrics>` shows: numbers for a model on a set of labelled rows. */
export interface ClassificationReport {
  rows: number;
  classes: string[];
  accuracy: number;
  /** counts[truth][predicted]. */
  confusion: number[][];
  /** ROC AUC with classes[1] positive; null unless there are exactly two classes. */
  auc: number | null;
}

/** Rows per predict() call: keeps the temporary number[][] small on big data sets. */
const CHUNK = 4096;

/** Accuracy, confusion matrix and (binary) AUC of `model` on every row of `data`. */
export function classificationReport(model: XentModel, data: Dataset): ClassificationReport {
  const scores = new RowScores(data.rows);
  for (let start = 0; start < data.rows; start += CHUNK) {
    const end = Math.min(start + CHUNK, data.rows);
    const rows = Array.from({ length: end - start }, (_, i) =>
      Array.from(data.x.subarray((start + i) * data.cols, (start + i + 1) * data.cols)),
    );
    predict(model, rows).probabilities.forEach((p, i) => {
      scores.record(start + i, p);
    });
  }
  return scores.report(data);
}

/**
 * The same report from a backend's per-sample outputs on `data` (in the model's units): the forward pass that
 * already gave the likelihood report's numbers, not a second one.
 */
export function classificationReportFromSamples(data: Dataset, { probabilities }: SampleOutputs): ClassificationReport {
  const scores = new RowScores(data.rows);
  const outputs = probabilities.length / data.rows;
  for (let r = 0; r < data.rows; r++) {
    // As predict() gives them: a logistic row is [1 − p, p].
    const p =
      outputs === 1
        ? [1 - (probabilities[r] as number), probabilities[r] as number]
        : probabilities.subarray(r * outputs, (r + 1) * outputs);
    scores.record(r, Array.from(p));
  }
  return scores.report(data);
}

/** Each row's predicted class (the first most probable) and its score for classes[1]. */
class RowScores {
  private readonly predicted: Uint32Array;
  private readonly positiveScore: Float64Array;

  constructor(rows: number) {
    this.predicted = new Uint32Array(rows);
    this.positiveScore = new Float64Array(rows);
  }

  record(row: number, probabilities: number[]): void {
    this.predicted[row] = probabilities.indexOf(Math.max(...probabilities));
    this.positiveScore[row] = probabilities[1] ?? 0;
  }

  report(data: Dataset): ClassificationReport {
    return {
      rows: data.rows,
      classes: [...data.classes],
      accuracy: accuracy(data.y, this.predicted),
      confusion: confusionMatrix(data.y, this.predicted, data.classes.length),
      auc: data.classes.length === 2 ? rocAuc(data.y, this.positiveScore) : null,
    };
  }
}
