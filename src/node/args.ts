import { parseArgs } from 'node:util';
import type { BackendName, LossKind, ModelKind, OptimizerName } from '../core/types.js';
import type { TrainOptions } from '../train/options.js';
import { COLUMN_FLAGS, COLUMN_USAGE, type ColumnOptions, columnOptions } from './column-flags.js';

export type BackendChoice = BackendName | 'auto';

export interface TrainCommand {
  data: string;
  label: string;
  columns: ColumnOptions;
  options: Partial<TrainOptions>;
  backend: BackendChoice;
  out: string | null;
  onnx: string | null;
  compare: 'mse' | null;
  json: boolean;
}

/** Usage text, printed by `xent --help` and after a usage error. */
export const USAGE = `usage:
  xent train <data.csv | builtin:NAME> --label COLUMN
       [--model logistic|softmax] [--loss cross-entropy|mse]
       [--optimizer sgd|momentum|adam|lbfgs] [--lr X] [--epochs N] [--batch-size N | full]
       [--l2 λ] [--seed N] [--val-split F] [--patience N] [--backend gpu|cpu|auto] [--no-standardize]
       [--compare mse] [--out model.json] [--onnx model.onnx] [--json]
       ${COLUMN_USAGE}
  xent predict <model.json> <data.csv> [--json]
  xent datasets`;

export class UsageError extends Error {}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

function number(name: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a non-negative ${integer ? 'integer' : 'number'}; got "${value}"`);
  }
  return n;
}

export function parseTrainArgs(argv: string[]): TrainCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      model: { type: 'string' },
      loss: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      l2: { type: 'string' },
      seed: { type: 'string' },
      'val-split': { type: 'string' },
      patience: { type: 'string' },
      backend: { type: 'string' },
      'no-standardize': { type: 'boolean' },
      compare: { type: 'string' },
      out: { type: 'string' },
      onnx: { type: 'string' },
      json: { type: 'boolean' },
      ...COLUMN_FLAGS,
    },
  });
  const [data, ...extra] = positionals;
  if (!data) throw new UsageError('train needs a data file (data.csv or builtin:NAME)');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const batch = values['batch-size'];
  const options: Partial<TrainOptions> = {
    model: oneOf<ModelKind>('model', values.model, ['logistic', 'softmax']),
    loss: oneOf<LossKind>('loss', values.loss, ['cross-entropy', 'mse']),
    optimizer: oneOf<OptimizerName>('optimizer', values.optimizer, ['sgd', 'momentum', 'adam', 'lbfgs']),
    lr: number('lr', values.lr),
    epochs: number('epochs', values.epochs, true),
    batchSize: batch === 'full' ? 'full' : number('batch-size', batch, true),
    l2: number('l2', values.l2),
    seed: number('seed', values.seed, true),
    valSplit: number('val-split', values['val-split']),
    patience: number('patience', values.patience, true),
    standardize: values['no-standardize'] ? false : undefined,
  };
  return {
    data,
    label: values.label ?? '',
    columns: columnOptions(values, (message) => new UsageError(message)),
    options,
    backend: oneOf<BackendChoice>('backend', values.backend, ['gpu', 'cpu', 'auto']) ?? 'auto',
    out: values.out ?? null,
    onnx: values.onnx ?? null,
    compare: oneOf('compare', values.compare, ['mse'] as const) ?? null,
    json: values.json ?? false,
  };
}
