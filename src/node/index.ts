/** Node entry of the library: the browser API plus Dawn device acquisition. */

export type { EpochResult, TrainOptions } from '../core/options.js';
export { createCpuBackend } from '../cpu/backend.js';
export { builtinDatasets, loadBuiltin } from '../data/builtin.js';
export { csvColumns, parseCsv, parseFeatureRows } from '../data/csv.js';
export { DataError, type Dataset } from '../data/dataset.js';
export { withCrosses } from '../data/derived.js';
export { withPolynomial } from '../data/polynomial.js';
export { createGpuBackend } from '../gpu/backend.js';
export type { CvGridPoint, XentModel } from '../model/format.js';
export { toOnnx } from '../model/onnx.js';
export { predict } from '../model/predict.js';
export { parseModel } from '../model/validate.js';
export { LossComparison } from '../train/compare.js';
export { type CrossValidateOptions, type CrossValidation, type CvProgress, crossValidate } from '../train/cross-validate.js';
export { Trainer, TrainingError } from '../train/trainer.js';
export { nodeGpuDevice } from './device.js';
export { readTableFile } from './read-table.js';
