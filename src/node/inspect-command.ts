/**
 * `xent inspect <data> --label COLUMN [column flags] [--json]`: how xent reads a table, without training: the column
 * report (roles, levels, missing cells, encoded features, storage) and the time the read took, as pandas'
 * `df.info()` is used before a fit. `--json`: `{ rows, cols, features, classes, columns, storage, seconds }`.
 */
import type { TrainOptions } from '../core/options.js';
import type { Dataset } from '../data/dataset.js';
import { describeStorage } from '../data/storage.js';
import { parseCommandArgs, UsageError } from './args.js';
import { type ColumnOptions, formatColumnReport } from './column-flags.js';

export type LoadData = (
  source: string,
  label: string,
  columns: ColumnOptions,
  sampleWeight?: string,
) => Promise<{ dataset: Dataset; defaults: Partial<TrainOptions> }>;

export async function inspectCommand(argv: string[], loadData: LoadData): Promise<number> {
  const { command: cmd } = parseCommandArgs(argv, 'inspect', {});
  const { sampleWeight, ...training } = cmd.options;
  const trainingFlag = Object.values(training).some((v) => v !== undefined) || cmd.out || cmd.onnx || cmd.compare;
  if (trainingFlag || cmd.backend !== 'auto') throw new UsageError('inspect takes the column flags and --json only');
  const started = performance.now();
  const { dataset } = await loadData(cmd.data, cmd.label, cmd.columns, sampleWeight);
  const seconds = (performance.now() - started) / 1000;
  if (!cmd.json) {
    process.stdout.write(formatColumnReport(dataset));
    process.stdout.write(
      `xent: ${dataset.rows} rows, ${dataset.cols} features, ${dataset.classes.length} classes, read in ${seconds.toFixed(2)} s\n`,
    );
    return 0;
  }
  const { rows, cols, features, classes, columns } = dataset;
  process.stdout.write(`${JSON.stringify({ rows, cols, features, classes, columns, storage: describeStorage(dataset), seconds })}\n`);
  return 0;
}
