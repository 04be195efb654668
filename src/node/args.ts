import { parseArgs } from 'node:util';
import type { TrainOptions } from '../core/options.js';
import { type BackendChoice, flagValue, SETTINGS, type Setting } from '../train/settings.js';
import { COLUMN_FLAGS, COLUMN_USAGE, type ColumnOptions, columnOptions } from './column-flags.js';

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
  xent train <data.csv|.tsv|.parquet|.arrow | builtin:NAME> --label COLUMN
       [--model logistic|softmax] [--loss cross-entropy|mse]
       [--optimizer sgd|momentum|adam|lbfgs] [--lr X] [--epochs N] [--batch-size N | full]
       [--l2 λ] [--seed N] [--val-split F] [--patience N] [--backend gpu|cpu|auto] [--no-standardize]
       [--compare mse] [--out model.json] [--onnx model.onnx] [--json]
       ${COLUMN_USAGE}
  xent predict <model.json> <data.csv> [--json]
  xent datasets`;

export class UsageError extends Error {}

/** `--compare`: a run mode, not a training setting. */
const COMPARE: Setting = { flag: 'compare', parse: { kind: 'choice', values: ['mse'] } };
const BACKEND = SETTINGS.find((s) => s.flag === 'backend') as Setting;

/** The value of `--flag`, or undefined when absent; a bad value is a usage error naming the flag. */
function flag(setting: Setting, value: string | boolean | undefined): unknown {
  if (value === undefined) return undefined;
  if (setting.parse.kind === 'off') return value ? false : undefined;
  try {
    return flagValue(setting, value as string);
  } catch (e) {
    throw new UsageError(`--${setting.flag} ${(e as Error).message}`);
  }
}

export function parseTrainArgs(argv: string[]): TrainCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      ...Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: s.parse.kind === 'off' ? 'boolean' : 'string' } as const])),
      compare: { type: 'string' },
      out: { type: 'string' },
      onnx: { type: 'string' },
      json: { type: 'boolean' },
      ...COLUMN_FLAGS,
    },
  });
  const [data, ...extra] = positionals;
  if (!data) throw new UsageError('train needs a data file (data.csv, .tsv, .parquet, .arrow or builtin:NAME)');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const given = values as Record<string, string | boolean | undefined>;
  const options: Record<string, unknown> = {};
  for (const s of SETTINGS) if (s.option) options[s.option] = flag(s, given[s.flag]);
  return {
    data,
    label: values.label ?? '',
    columns: columnOptions(values, (message) => new UsageError(message)),
    options: options as Partial<TrainOptions>,
    backend: (flag(BACKEND, given.backend) as BackendChoice | undefined) ?? 'auto',
    out: values.out ?? null,
    onnx: values.onnx ?? null,
    compare: (flag(COMPARE, values.compare) as 'mse' | undefined) ?? null,
    json: values.json ?? false,
  };
}
