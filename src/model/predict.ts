import { sigmoid, softmaxInto } from '../core/losses.js';
import { csvRecords } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { derivedValues } from '../data/derived.js';
import { encodeRecord, type RawRecord } from '../data/encode-record.js';
import type { InputEncoding } from '../data/encoding.js';
import type { FeatureScaling, XentModel } from './format.js';

export interface Prediction {
  /** Per row: one probability per class (logistic rows are [1 − p, p]). */
  probabilities: number[][];
  /** Per row: the most probable class value. */
  classes: string[];
  /** Categorical cells whose value was not seen in training (encoded as all zeros). */
  unseen: number;
}

/**
 * Rows to predict: encoded feature rows (numbers in the order of model.features, derived ones included, before
 * scaling; `encodedRow` completes a row of the inputs' features), a Dataset of them, raw records ({column: value}),
 * or raw CSV text with a header (label and extra columns ignored).
 */
export type PredictRows = number[][] | Dataset | RawRecord[] | string;

/** Applies a model file to rows, in float64. `file` names CSV text or records in errors. */
export function predict(model: XentModel, rows: PredictRows, file = 'rows'): Prediction {
  const { features, unseen } = encodedRows(model, rows, file);
  const D = model.features.length;
  const scaling = modelScaling(model);
  const W = model.kind === 'logistic' ? [model.weights as number[]] : (model.weights as number[][]);
  const b = typeof model.bias === 'number' ? [model.bias] : model.bias;
  const probabilities = features.map((row, r) => {
    if (row.length !== D) throw new Error(`row ${r + 1}: expected ${D} features (${model.features.join(', ')}), got ${row.length}`);
    const x = scaling ? row.map((v, j) => (v - (scaling.mean[j] as number)) / (scaling.std[j] as number)) : row;
    const z = W.map((w, k) => w.reduce((s, wj, j) => s + wj * (x[j] as number), b[k] as number));
    if (model.kind === 'logistic') {
      const p = sigmoid(z[0] as number);
      return [1 - p, p];
    }
    return Array.from(softmaxInto(z, new Float64Array(z.length)));
  });
  const classes = probabilities.map((p) => model.classes[p.indexOf(Math.max(...p))] as string);
  return { probabilities, classes, unseen };
}

/** The raw input columns of a model; a version 1 model's are its features, numeric, with nothing to impute. */
export function modelInputs(model: XentModel): InputEncoding[] {
  if (model.version === 2) return model.inputs;
  return model.features.map((name) => ({ name, role: 'numeric', impute: Number.NaN, indicator: false, features: [name] }));
}

/** Mean and std per encoded feature, or null when the model does not scale. */
export function modelScaling(model: XentModel): FeatureScaling {
  if (model.version === 1) return model.standardize;
  const parts = [...model.inputs, ...(model.derived ? [model.derived] : [])];
  if (parts.some((i) => i.standardize === null)) return null;
  return {
    mean: parts.flatMap((i) => i.standardize?.mean ?? []),
    std: parts.flatMap((i) => i.standardize?.std ?? []),
  };
}

/**
 * A row of the model's features (before scaling) from the values of its inputs' features alone: the derived
 * features, if any, computed from them and appended.
 */
export function encodedRow(model: XentModel, inputValues: number[]): number[] {
  const derived = model.version === 2 ? model.derived : undefined;
  return derived ? [...inputValues, ...derivedValues(derived, model.features, inputValues)] : inputValues;
}

function encodedRows(model: XentModel, rows: PredictRows, file: string): { features: number[][]; unseen: number } {
  if (typeof rows === 'string')
    return encodeRecords(
      model,
      ...csvRecords(
        rows,
        file,
        modelInputs(model).map((i) => i.name),
      ),
      file,
    );
  if (!Array.isArray(rows)) {
    return {
      features: Array.from({ length: rows.rows }, (_, r) => Array.from(rows.x.subarray(r * rows.cols, (r + 1) * rows.cols))),
      unseen: 0,
    };
  }
  if (rows.length === 0 || Array.isArray(rows[0])) return { features: rows as number[][], unseen: 0 };
  const records = rows as RawRecord[];
  return encodeRecords(
    model,
    records,
    records.map((_, i) => i + 1),
    file,
  );
}

function encodeRecords(
  model: XentModel,
  records: RawRecord[],
  rowNumbers: number[],
  file: string,
): { features: number[][]; unseen: number } {
  const inputs = modelInputs(model);
  let unseen = 0;
  const features = records.map((record, i) => {
    const encoded = encodeRecord(inputs, record, { file, row: rowNumbers[i] as number });
    unseen += encoded.unseen;
    return encodedRow(model, encoded.values);
  });
  return { features, unseen };
}
