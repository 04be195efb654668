/**
 * Browser entry of the library (`dist/xent.js`): importing it registers every element, and it exports the same
 * training API as the Node entry, with WebGPU from `navigator.gpu`.
 */

export type {
  CrossValidatedDetail,
  CvStartDetail,
  DataLoadedDetail,
  EpochDetail,
  ErrorDetail,
  SweepStartDetail,
  TrainedDetail,
  XentEventMap,
} from './components/events.js';
export { XentCvCurve } from './components/xent-cv-curve.js';
export { XentDataLoader } from './components/xent-data-loader.js';
export { XentDecisionBoundary } from './components/xent-decision-boundary.js';
export { XentLikelihood } from './components/xent-likelihood.js';
export { type ChartMetric, XentLossChart } from './components/xent-loss-chart.js';
export { type LandscapeStepDetail, type PathPoint, XentLossLandscape } from './components/xent-loss-landscape.js';
export { type ParamsDetail, XentManualModel } from './components/xent-manual-model.js';
export { XentMetrics } from './components/xent-metrics.js';
export { XentRoc } from './components/xent-roc.js';
export { XentSampleLoss } from './components/xent-sample-loss.js';
export { XentTrainControls } from './components/xent-train-controls.js';
export { XentTrainer } from './components/xent-trainer.js';
export { XentTuningControls } from './components/xent-tuning-controls.js';
export type { EpochResult, TrainOptions } from './core/options.js';
export { createCpuBackend } from './cpu/backend.js';
export { builtinDatasets, loadBuiltin } from './data/builtin.js';
export { csvColumns, parseCsv, parseFeatureRows } from './data/csv.js';
export { DataError, type Dataset } from './data/dataset.js';
export { withCrosses } from './data/derived.js';
export { type CsvWorkerOptions, parseCsvInWorker } from './data/parse-csv-in-worker.js';
export { type PlaygroundKind, type PlaygroundOptions, playgroundDataset, playgroundKinds } from './data/playground.js';
export { withPolynomial } from './data/polynomial.js';
export { createGpuBackend } from './gpu/backend.js';
export { browserGpuDevice } from './gpu/browser-device.js';
export type { CvGridPoint, XentModel } from './model/format.js';
export { toOnnx } from './model/onnx.js';
export { type Prediction, predict } from './model/predict.js';
export { parseModel } from './model/validate.js';
export { type ClassificationReport, classificationReport } from './report/classification.js';
export type { LikelihoodReport, LikelihoodSide } from './report/likelihood.js';
export { TrainingController } from './session/training-controller.js';
export { LossComparison } from './train/compare.js';
export { type CrossValidateOptions, type CrossValidation, type CvProgress, crossValidate } from './train/cross-validate.js';
export type { BackendChoice, TrainSettings } from './train/settings.js';
export { Trainer, TrainingError } from './train/trainer.js';
