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
       ${COLUMN_USAGE} [--class-weight balanced|none] [--sample-weight COLUMN]
  xent cv <data.csv | builtin:NAME> --label COLUMN [--folds 5] [--l2 LIST | --l2-grid N] [--lr LIST]
       [train options] [--out model.json] [--json]
  xent predict <model.json> <data.csv> [--json]
  xent inspect <data> --label COLUMN [column options] [--sample-weight COLUMN] [--json]
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

/** Flags a command adds to `train`'s; a setting's flag named here is left as text for the command (`cv`'s lists). */
export type ExtraFlags = Record<string, { type: 'string' | 'boolean' }>;

export function parseTrainArgs(argv: string[]): TrainCommand {
  return parseCommandArgs(argv, 'train', {}).command;
}

/** `train`'s flags and the `added` ones (their values as given, by flag name). */
export function parseCommandArgs(
  argv: string[],
  name: string,
  added: ExtraFlags,
): { command: TrainCommand; added: Record<string, string | boolean | undefined> } {
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
      ...added,
    },
  });
  const [data, ...extra] = positionals;
  if (!data) throw new UsageError(`${name} needs a data file (data.csv, .tsv, .parquet, .arrow or builtin:NAME)`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const given = values as Record<string, string | boolean | undefined>;
  const options: Record<string, unknown> = {};
  for (const s of SETTINGS) if (s.option && !(s.flag in added)) options[s.option] = flag(s, given[s.flag]);
  const command: TrainCommand = {
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
  return { command, added: Object.fromEntries(Object.keys(added).map((flag) => [flag, given[flag]])) };
}
