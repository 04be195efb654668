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
  const predicted = new Uint32Array(data.rows);
  const positiveScore = new Float64Array(data.rows);
  for (let start = 0; start < data.rows; start += CHUNK) {
    const end = Math.min(start + CHUNK, data.rows);
    const rows = Array.from({ length: end - start }, (_, i) =>
      Array.from(data.x.subarray((start + i) * data.cols, (start + i + 1) * data.cols)),
    );
    predict(model, rows).probabilities.forEach((p, i) => {
      predicted[start + i] = p.indexOf(Math.max(...p));
      positiveScore[start + i] = p[1] ?? 0;
    });
  }
  const binary = data.classes.length === 2;
  return {
    rows: data.rows,
    classes: [...data.classes],
    accuracy: accuracy(data.y, predicted),
    confusion: confusionMatrix(data.y, predicted, data.classes.length),
    auc: binary ? rocAuc(data.y, positiveScore) : null,
  };
}
