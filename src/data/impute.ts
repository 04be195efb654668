/**
 * Imputation learned on the training rows only. parseCsv imputes with means over all rows; once a validation split
 * is made, the means are recomputed over the training rows and written into the missing cells of both parts, so
 * no validation row leaks into the training features or into the model file's impute values. The cells are written
 * in place: the parts are the split's own copies (validationSplit), so no third copy of the matrix is made.
 */
import type { FeatureMatrix } from '../core/types.js';
import type { Dataset } from './dataset.js';
import { writeDerived } from './derived.js';
import type { InputEncoding } from './encoding.js';

export function imputeFromTraining(train: Dataset, validation: Dataset | null): { train: Dataset; validation: Dataset | null } {
  if (!validation || !train.inputs) return { train, validation };
  const trainX = train.x;
  const validationX = validation.x;
  let offset = 0;
  const inputs = train.inputs.map((input): InputEncoding => {
    const start = offset;
    offset += input.features.length;
    if (input.role === 'categorical') return input;
    const width = input.role === 'date' ? input.parts.length : 1;
    const indicator = input.indicator ? start + width : -1;
    const means = Array.from({ length: width }, (_, j) => {
      const mean = columnMean(train, start + j, indicator);
      fillMissing(trainX, train, start + j, indicator, mean);
      fillMissing(validationX, validation, start + j, indicator, mean);
      return mean;
    });
    return input.role === 'date' ? { ...input, impute: means } : { ...input, impute: means[0] as number };
  });
  const imputed = { train: { ...train, x: trainX, inputs }, validation: { ...validation, x: validationX, inputs } };
  // Derived features are functions of the imputed values: recompute them from the new ones.
  if (train.derived) for (const part of Object.values(imputed)) writeDerived(part, train.derived);
  return imputed;
}

/** Mean of feature column j over the rows whose indicator column (if any, -1 for none) is 0; 0 if there are none. */
function columnMean(data: Dataset, j: number, indicator: number): number {
  let sum = 0;
  let n = 0;
  for (let r = 0; r < data.rows; r++) {
    if (indicator >= 0 && data.x[r * data.cols + indicator] === 1) continue;
    sum += data.x[r * data.cols + j] as number;
    n++;
  }
  return n > 0 ? sum / n : 0;
}

function fillMissing(x: FeatureMatrix, data: Dataset, j: number, indicator: number, value: number): void {
  if (indicator < 0) return;
  for (let r = 0; r < data.rows; r++) if (x[r * data.cols + indicator] === 1) x[r * data.cols + j] = value;
}
