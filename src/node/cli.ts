import { readFile, writeFile } from 'node:fs/promises';
import type { Backend } from '../core/backend.js';
import type { EpochResult, TrainOptions } from '../core/options.js';
import { createCpuBackend } from '../cpu/backend.js';
import { builtinDataset, builtinDatasets } from '../data/builtin.js';
import type { Dataset } from '../data/dataset.js';
import { withDerivedOptions } from '../data/encode-table.js';
import { shareFeatureMatrices } from '../data/storage.js';
import { useResizableValues } from '../data/value-array.js';
import type { XentModel } from '../model/format.js';
import { toOnnx } from '../model/onnx.js';
import { predict } from '../model/predict.js';
import { parseModel } from '../model/validate.js';
import { LossComparison } from '../train/compare.js';
import type { BackendChoice } from '../train/settings.js';
import { Trainer, TrainingError } from '../train/trainer.js';
import { parseTrainArgs, type TrainCommand, USAGE, UsageError } from './args.js';
import { type ColumnOptions, formatColumnReport } from './column-flags.js';
import { CpuPassPool } from './cpu-pass-pool.js';
import { cvCommand } from './cv-command.js';
import { inspectCommand } from './inspect-command.js';
import { readTableFile } from './read-table.js';

/** Runs one CLI command; returns the exit code. Errors are one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Column stores that grow in place and give memory back as they are encoded (value-array.ts).
  useResizableValues(true);
  try {
    switch (command) {
      case 'train':
        return await train(parseTrainArgs(rest));
      case 'cv':
        return await cvCommand(rest, { loadData, openBackend, progress });
      case 'predict':
        return await predictCommand(rest);
      case 'inspect':
        return await inspectCommand(rest, loadData);
      case 'datasets':
        for (const d of builtinDatasets) process.stdout.write(`builtin:${d.name.padEnd(12)} label=${d.label.padEnd(8)} ${d.description}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`xent: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    if (e instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

interface LoadedData {
  dataset: Dataset;
  /** Defaults the data set brings (built-ins only), under the command-line flags. */
  defaults: Partial<TrainOptions>;
}

async function loadData(source: string, label: string, columns: ColumnOptions, sampleWeight?: string): Promise<LoadedData> {
  if (source.startsWith('builtin:')) {
    const builtin = builtinDataset(source.slice('builtin:'.length));
    if (label && label !== builtin.label)
      throw new UsageError(`builtin:${builtin.name} has label column "${builtin.label}", not "${label}"`);
    if (sampleWeight !== undefined)
      throw new UsageError(`--sample-weight: builtin:${builtin.name} has no sample-weight column "${sampleWeight}"`);
    const dataset = builtin.load();
    return { dataset: withDerivedOptions(dataset, columns), defaults: builtin.options ?? {} };
  }
  if (!label) throw new UsageError('--label COLUMN is required for a data file');
  return { dataset: await readTableFile({ file: source, label, ...columns, sampleWeight }), defaults: {} };
}

/** The backend the user asked for; `auto` falls back to the CPU (and says so) when no GPU adapter is found. */
async function openBackend(choice: BackendChoice): Promise<Backend> {
  if (choice === 'cpu') return createCpuBackend(CpuPassPool.open());
  try {
    const [{ nodeGpuDevice }, { createGpuBackend }] = await Promise.all([import('./device.js'), import('../gpu/backend.js')]);
    const { device, adapter } = await nodeGpuDevice();
    const backend = createGpuBackend(device, adapter);
    return {
      ...backend,
      dispose() {
        backend.dispose();
        device.destroy();
      },
    };
  } catch (e) {
    if (choice === 'gpu') throw e;
    process.stderr.write(`xent: no GPU (${e instanceof Error ? e.message : String(e)}); using the CPU\n`);
    return createCpuBackend();
  }
}

function progress(total: number): (r: EpochResult) => void {
  const every = process.stderr.isTTY ? 1 : Math.max(1, Math.floor(total / 10));
  return (r) => {
    if (r.epoch % every !== 0 && r.epoch !== total) return;
    const val = r.valLoss === undefined ? '' : `  val loss ${r.valLoss.toFixed(5)}  val acc ${(r.valAccuracy ?? 0).toFixed(3)}`;
    const line = `epoch ${r.epoch}/${total}  loss ${r.loss.toFixed(5)}  J ${r.objective.toFixed(6)}  acc ${r.accuracy.toFixed(3)}${val}  ${r.ms.toFixed(1)} ms`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  };
}

async function train(cmd: TrainCommand): Promise<number> {
  // On the CPU backend the matrix goes in shared memory, so full-batch passes can use a second thread.
  shareFeatureMatrices(cmd.backend === 'cpu');
  const { dataset, defaults } = await loadData(cmd.data, cmd.label, cmd.columns, cmd.options.sampleWeight);
  process.stderr.write(formatColumnReport(dataset));
  const options = { ...defaults, ...Object.fromEntries(Object.entries(cmd.options).filter(([, v]) => v !== undefined)) };
  const backend = await openBackend(cmd.backend);
  if (cmd.compare) return compare(backend, dataset, options, cmd.json);
  // The data set is read for this run only: the Trainer may standardise its matrix in place.
  const trainer = new Trainer(backend, dataset, options, { takeMatrix: true });
  const finish = async () => {
    if (cmd.out) await writeFile(cmd.out, `${JSON.stringify(trainer.model(), null, 2)}\n`);
    if (cmd.onnx) await writeFile(cmd.onnx, toOnnx(trainer.model()));
  };
  try {
    process.stderr.write(
      `xent: ${dataset.name}: ${dataset.rows} rows, ${dataset.cols} features, ${dataset.classes.length} classes; ` +
        `${trainer.options.model}, ${trainer.options.optimizer}, backend ${backend.name}${backend.adapter ? ` (${backend.adapter})` : ''}\n`,
    );
    await trainer.run(progress(trainer.options.epochs));
    if (process.stderr.isTTY) process.stderr.write('\n');
    const final = await trainer.evaluate();
    await finish();
    const result = {
      backend: backend.name,
      adapter: backend.adapter,
      history: trainer.history,
      final,
      model: trainer.model(),
      columns: dataset.columns,
    };
    if (cmd.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `trained ${trainer.history.length} epochs: loss ${final.loss.toPrecision(8)}, objective ${final.objective.toPrecision(10)}, ` +
          `accuracy ${final.accuracy.toFixed(4)}, gradient norm ${final.gradNorm.toExponential(2)}\n`,
      );
      if (cmd.out) process.stdout.write(`model written to ${cmd.out}\n`);
      if (cmd.onnx) process.stdout.write(`ONNX model written to ${cmd.onnx}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof TrainingError && trainer.history.length > 0) {
      await finish();
      if (cmd.out) e.message += ` (written to ${cmd.out})`;
    }
    throw e;
  } finally {
    trainer.dispose();
    backend.dispose();
  }
}

/** `--compare mse`: cross-entropy and MSE side by side, both measured in cross-entropy and accuracy. */
async function compare(backend: Backend, dataset: Dataset, options: Partial<TrainOptions>, json: boolean): Promise<number> {
  const comparison = new LossComparison(backend, dataset, options);
  try {
    for await (const { run, result: r } of comparison.epochs()) {
      process.stderr.write(
        `${run.padEnd(13)} epoch ${r.epoch}  CE ${r.loss.toFixed(5)}  acc ${r.accuracy.toFixed(3)}  |grad| ${r.gradNorm.toExponential(2)}\n`,
      );
    }
    const runs: Record<string, { history: EpochResult[]; final: Awaited<ReturnType<Trainer['evaluate']>>; model: XentModel }> = {};
    for (const [run, trainer] of Object.entries(comparison.trainers)) {
      runs[run] = { history: trainer.history, final: await trainer.evaluate(), model: trainer.model() };
    }
    if (json) process.stdout.write(`${JSON.stringify({ backend: backend.name, adapter: backend.adapter, runs })}\n`);
    else {
      for (const [run, { final }] of Object.entries(runs)) {
        process.stdout.write(`${run.padEnd(13)} cross-entropy ${final.loss.toFixed(5)}  accuracy ${final.accuracy.toFixed(4)}\n`);
      }
    }
    return 0;
  } finally {
    comparison.dispose();
    backend.dispose();
  }
}

async function predictCommand(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const [modelFile, dataFile, ...extra] = argv.filter((a) => a !== '--json');
  if (!modelFile || !dataFile || extra.length) throw new UsageError('predict needs <model.json> <data.csv>');
  const model = parseModel(JSON.parse(await readFile(modelFile, 'utf8')), modelFile);
  const result = predict(model, await readFile(dataFile, 'utf8'), dataFile);
  if (result.unseen > 0)
    process.stderr.write(`xent: ${result.unseen} categorical cell(s) with a value unseen in training (encoded as all zeros)\n`);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ classes: model.classes, predictions: result.classes, probabilities: result.probabilities })}\n`,
    );
  } else {
    process.stdout.write(`predicted,${model.classes.map((c) => `p_${c}`).join(',')}\n`);
    result.classes.forEach((c, i) => {
      process.stdout.write(`${c},${(result.probabilities[i] as number[]).map((p) => p.toPrecision(6)).join(',')}\n`);
    });
  }
  return 0;
}
