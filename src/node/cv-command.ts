/** `xent cv`: cross-validation over a λ (and learning-rate) grid, the table, and the refit model. */
import { writeFile } from 'node:fs/promises';
import type { Backend } from '../core/backend.js';
import type { EpochResult, TrainOptions } from '../core/options.js';
import type { Dataset } from '../data/dataset.js';
import type { CvGridPoint } from '../model/format.js';
import { toOnnx } from '../model/onnx.js';
import { type CrossValidateOptions, type CrossValidation, type CvProgress, crossValidate } from '../train/cross-validate.js';
import type { BackendChoice } from '../train/settings.js';
import { type ExtraFlags, parseCommandArgs, UsageError } from './args.js';
import { type ColumnOptions, formatColumnReport } from './column-flags.js';

/** What the command borrows from the CLI: loading, the backend, and the epoch progress lines of `train`. */
export interface CliParts {
  loadData(source: string, label: string, columns: ColumnOptions): Promise<{ dataset: Dataset; defaults: Partial<TrainOptions> }>;
  openBackend(choice: BackendChoice): Promise<Backend>;
  progress(total: number): (r: EpochResult) => void;
}

const CV_FLAGS: ExtraFlags = { folds: { type: 'string' }, l2: { type: 'string' }, 'l2-grid': { type: 'string' }, lr: { type: 'string' } };

export async function cvCommand(argv: string[], cli: CliParts): Promise<number> {
  const { command: cmd, added } = parseCommandArgs(argv, 'cv', CV_FLAGS);
  if (cmd.compare) throw new UsageError('--compare does not apply to cv');
  const flags = added as Record<string, string | undefined>;
  if (flags.l2 !== undefined && flags['l2-grid'] !== undefined) throw new UsageError('give --l2 LIST or --l2-grid N, not both');
  const grid: CrossValidateOptions = {
    ...(flags.folds !== undefined && { folds: integer('folds', flags.folds, 2) }),
    ...(flags['l2-grid'] !== undefined && { l2Grid: integer('l2-grid', flags['l2-grid'], 1) }),
    ...(flags.l2 !== undefined && { l2: list('l2', flags.l2, false) }),
    ...(flags.lr !== undefined && { lr: list('lr', flags.lr, true) }),
  };
  const { dataset, defaults } = await cli.loadData(cmd.data, cmd.label, cmd.columns);
  process.stderr.write(formatColumnReport(dataset));
  // A built-in's λ and learning rate give way to the grid; its other settings stay under the flags.
  const { l2: _l2, lr: presetLr, ...preset } = defaults;
  const given = Object.fromEntries(Object.entries(cmd.options).filter(([, v]) => v !== undefined));
  const options: CrossValidateOptions = { ...preset, ...given, ...(presetLr !== undefined && { lr: [presetLr] }), ...grid };
  const backend = await cli.openBackend(cmd.backend);
  try {
    process.stderr.write(
      `xent: ${dataset.name}: ${dataset.rows} rows, ${dataset.cols} features, ${dataset.classes.length} classes; ` +
        `cross-validation, backend ${backend.name}${backend.adapter ? ` (${backend.adapter})` : ''}\n`,
    );
    const result = await crossValidate(backend, dataset, { ...options, onProgress: progress(cli) });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (cmd.out) await writeFile(cmd.out, `${JSON.stringify(result.model, null, 2)}\n`);
    if (cmd.onnx) await writeFile(cmd.onnx, toOnnx(result.model));
    if (cmd.json) {
      const grid = result.grid.map(({ l2, lr, valLoss, valLossSd, valAccuracy }) => ({ l2, lr, valLoss, valLossSd, valAccuracy }));
      process.stdout.write(`${JSON.stringify({ folds: result.folds, grid, best: result.best, model: result.model })}\n`);
    } else {
      process.stdout.write(table(result, dataset.rows));
      if (cmd.out) process.stdout.write(`model written to ${cmd.out}\n`);
      if (cmd.onnx) process.stdout.write(`ONNX model written to ${cmd.onnx}\n`);
    }
    return 0;
  } finally {
    backend.dispose();
  }
}

/** Comma-separated numbers (learning rates: positive); a usage error names the flag and the value. */
function list(name: string, text: string, positive: boolean): number[] {
  const values = text.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  if (values.every((v) => Number.isFinite(v) && (positive ? v > 0 : v >= 0))) return values;
  throw new UsageError(`--${name} needs comma-separated ${positive ? 'positive' : 'non-negative'} numbers; got "${text}"`);
}

function integer(name: string, text: string, min: number): number {
  const n = Number(text);
  if (text.trim() !== '' && Number.isInteger(n) && n >= min) return n;
  throw new UsageError(`--${name} must be an integer of at least ${min}; got "${text}"`);
}

/** Stderr lines: the folds' passes (on a terminal each one, else every 25th), then the refit's epochs. */
function progress(cli: CliParts): (p: CvProgress) => void {
  let refit: ((r: EpochResult) => void) | null = null;
  return (p) => {
    if (p.stage === 'refit') {
      refit ??= cli.progress(p.total);
      refit(p.epoch);
      return;
    }
    if (process.stderr.isTTY) process.stderr.write(`\rcv pass ${p.round}: ${p.active}/${p.members} models training\x1b[K`);
    else if (p.round % 25 === 0) process.stderr.write(`cv pass ${p.round}: ${p.active}/${p.members} models training\n`);
  };
}

/** The grid as a table (the best row starred), then the choice. */
function table(result: CrossValidation, rows: number): string {
  // L-BFGS takes no learning rate: its column would only repeat the unused default.
  const lbfgs = result.model.training.optimizer === 'lbfgs';
  const lines = ['        λ           lr   val CE (mean ± sd)   val acc  epochs'];
  for (const point of result.grid) {
    const chosen = point.l2 === result.best.l2 && point.lr === result.best.lr ? '*' : ' ';
    const lr = lbfgs ? '-' : number(point.lr);
    lines.push(`${chosen} ${number(point.l2).padStart(10)} ${lr.padStart(10)}   ${validation(point)}  ${String(point.epochs).padStart(6)}`);
  }
  const { l2, lr } = result.best;
  const rate = lbfgs ? '' : `, lr ${lr}`;
  lines.push(`best (lowest mean validation cross-entropy over ${result.folds} folds): λ ${l2}${rate}; refit on all ${rows} rows`);
  return `${lines.join('\n')}\n`;
}

function validation({ valLoss, valLossSd, valAccuracy }: CvGridPoint): string {
  if (valLoss === null) return `${'diverged'.padEnd(19)}  ${'-'.padStart(7)}`;
  return `${valLoss.toFixed(5)} ± ${(valLossSd as number).toFixed(5)}    ${(valAccuracy as number).toFixed(4)}`;
}

function number(v: number): string {
  return v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}
