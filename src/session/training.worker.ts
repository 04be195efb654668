/**
 * Runs the Trainer off the main thread (CPU or WebGPU, both work in a worker), so no page task is ever long
 * because of training: the page only receives each epoch's numbers and the current weights.
 */
import type { Backend } from '../core/backend.js';
import type { EpochResult } from '../core/options.js';
import { createCpuBackend } from '../cpu/backend.js';
import type { Dataset } from '../data/dataset.js';
import { createGpuBackend, type GpuBackend } from '../gpu/backend.js';
import { browserGpuDevice } from '../gpu/browser-device.js';
import { classificationReport, classificationReportFromSamples } from '../report/classification.js';
import { likelihoodReport, samplesOn } from '../report/likelihood.js';
import { LossComparison } from '../train/compare.js';
import { interleaveEpochs } from '../train/interleave.js';
import type { BackendChoice } from '../train/settings.js';
import { Trainer } from '../train/trainer.js';
import { runCrossValidation } from './cv-run.js';
import type { TestProbe, TrainingReply, TrainingRequest } from './training-protocol.js';
import { letMessagesIn } from './yield-to-messages.js';

const NO_WEBGPU = 'WebGPU is not available in this browser, so training runs on the CPU.';

let data: Dataset | null = null;
type HeldGpu = Promise<{ device: GPUDevice; backend: GpuBackend } | null>;
/** One device for the worker's lifetime; forgotten when lost, so the next run asks again. */
let gpu: HeldGpu | null = null;
let running: AbortController | null = null;

function reply(message: TrainingReply, transfer: Transferable[] = []): void {
  globalThis.postMessage(message, { transfer });
}

function gpuBackend(): Promise<GpuBackend | null> {
  if (!gpu) {
    const acquiring: HeldGpu = browserGpuDevice().then((found) => {
      if (!found) return null;
      void found.device.lost.then(() => {
        if (gpu === acquiring) gpu = null;
      });
      return { device: found.device, backend: createGpuBackend(found.device, found.adapter) };
    });
    gpu = acquiring;
  }
  return gpu.then((held) => held?.backend ?? null);
}

async function chooseBackend(choice: BackendChoice): Promise<{ backend: Backend; note: string | null } | null> {
  if (choice === 'cpu') return { backend: createCpuBackend(), note: null };
  const backend = await gpuBackend();
  if (backend) return { backend, note: null };
  return choice === 'auto' ? { backend: createCpuBackend(), note: NO_WEBGPU } : null;
}

/** A two-row problem of the data's shape, bound and evaluated once: the kernels compile before the first epoch. */
async function prepare(rows: Dataset | null, choice: BackendChoice): Promise<void> {
  const chosen = await chooseBackend(choice).catch(() => null);
  if (!chosen || chosen.backend.name === 'cpu' || !rows) return;
  const classes = rows.classes.length;
  const shape = { kind: classes === 2 ? 'logistic' : 'softmax', features: rows.cols, classes } as const;
  const tiny = { x: new Float64Array(2 * rows.cols), y: Uint32Array.from([0, 1]), rows: 2, cols: rows.cols };
  const problem = await chosen.backend.bind(tiny, { shape, loss: 'cross-entropy', l2: 0 });
  await problem.evaluate();
  problem.dispose();
}

/** The trainers of one request (the first is the primary run), their names and their epochs, interleaved when several. */
interface Runs {
  trainers: Trainer[];
  names: string[];
  epochs(signal: AbortSignal): AsyncGenerator<{ run: string; result: EpochResult }>;
}

/** A GPU run that failed part-way (a lost device, say), kept so it can go on from its last good weights. */
let interrupted: { rows: Dataset; runs: Runs } | null = null;

/** One run, a cross-entropy run and an MSE run with the same settings, or one run per learning rate of a sweep. */
function runsFor(backend: Backend, rows: Dataset, request: Extract<TrainingRequest, { type: 'train' }>): Runs {
  if (request.compare) {
    const comparison = new LossComparison(backend, rows, request.options);
    return {
      trainers: [comparison.trainers['cross-entropy'], comparison.trainers.mse],
      names: ['cross-entropy', 'mse'],
      epochs: (signal) => comparison.epochs(signal),
    };
  }
  if (request.sweep) {
    if (request.options.optimizer === 'lbfgs')
      throw new Error('a learning-rate sweep needs sgd, momentum or adam (L-BFGS has no learning rate)');
    const trainers = request.sweep.map((lr) => new Trainer(backend, rows, { ...request.options, lr }));
    const names = request.sweep.map((lr) => `lr ${lr}`);
    const epochs = (signal: AbortSignal) =>
      interleaveEpochs(trainers.map((t, i) => ({ run: names[i] as string, epochs: t.epochs(signal) })));
    return { trainers, names, epochs };
  }
  const trainer = new Trainer(backend, rows, request.options);
  const name = trainer.options.loss;
  return { trainers: [trainer], names: [name], epochs: (signal) => interleaveEpochs([{ run: name, epochs: trainer.epochs(signal) }]) };
}

function failed(error: unknown, rows: Dataset, primary: Trainer | undefined, resumable: boolean): void {
  const model = primary && primary.history.length > 0 ? primary.model() : null;
  const message = error instanceof Error ? error.message : String(error);
  reply({ type: 'failed', message, model, report: model ? classificationReport(model, rows) : null, resumable });
}

function discardInterrupted(): void {
  for (const t of interrupted?.runs.trainers ?? []) t.dispose();
  interrupted = null;
}

async function train(rows: Dataset, request: Extract<TrainingRequest, { type: 'train' }>, signal: AbortSignal): Promise<void> {
  discardInterrupted();
  let runs: Runs;
  let chosen: Awaited<ReturnType<typeof chooseBackend>>;
  try {
    chosen = await chooseBackend(request.backend);
    if (!chosen) return reply({ type: 'no-webgpu' });
    runs = runsFor(chosen.backend, rows, request);
  } catch (error) {
    return failed(error, rows, undefined, false);
  }
  await execute(rows, runs, chosen.backend, chosen.note, false, signal);
}

async function crossValidation(rows: Dataset, request: Extract<TrainingRequest, { type: 'cv' }>, signal: AbortSignal): Promise<void> {
  discardInterrupted();
  const chosen = await chooseBackend(request.backend).catch(() => null);
  if (!chosen) return reply({ type: 'no-webgpu' });
  await runCrossValidation(rows, request, chosen, signal, reply);
}

/** Continues the interrupted run on the chosen backend (the CPU when the device is gone), epochs counting on. */
async function resume(choice: BackendChoice, signal: AbortSignal): Promise<void> {
  const paused = interrupted;
  if (!paused)
    return reply({ type: 'failed', message: 'there is no interrupted run to resume', model: null, report: null, resumable: false });
  const chosen = await chooseBackend(choice).catch(() => null);
  if (!chosen) return reply({ type: 'no-webgpu' });
  interrupted = null;
  for (const t of paused.runs.trainers) t.useBackend(chosen.backend);
  await execute(paused.rows, paused.runs, chosen.backend, chosen.note, true, signal);
}

async function execute(
  rows: Dataset,
  runs: Runs,
  backend: Backend,
  note: string | null,
  resumed: boolean,
  signal: AbortSignal,
): Promise<void> {
  const { trainers, names } = runs;
  const primary = trainers[0] as Trainer;
  let keep = false;
  try {
    const byName = new Map(names.map((name, i) => [name, trainers[i] as Trainer]));
    signal.addEventListener('abort', () => {
      for (const t of trainers) t.stop();
    });
    const [name, adapter, epochs] = [backend.name, backend.adapter, primary.options.epochs];
    const models = trainers.map((t) => t.model());
    reply({ type: 'started', backend: name, adapter, note, epochs, runs: names, models, resumed });
    await letMessagesIn(true); // a stop sent right behind the request ends the run before its first epoch
    for await (const { run, result } of runs.epochs(signal)) {
      const params = (byName.get(run) ?? primary).params();
      reply({ type: 'epoch', run, result, params }, [params.buffer]);
      await letMessagesIn();
    }
    // The training rows as the model saw them: one float64 pass gives both reports their numbers, and the GPU's
    // side of the likelihood comes from the problem the run bound (X is not uploaded again).
    const units = primary.trainingRows;
    const cpu = await samplesOn(createCpuBackend(), units, primary.shape, primary.params());
    const gpu = backend.name === 'gpu' ? await primary.samples() : null;
    const report = classificationReportFromSamples(units, cpu);
    reply({ type: 'done', model: primary.model(), report, likelihood: likelihoodReport(units, cpu, gpu) });
  } catch (error) {
    keep = backend.name === 'gpu' && primary.history.length > 0;
    if (keep) interrupted = { rows, runs };
    failed(error, rows, primary, keep);
  } finally {
    if (!keep) for (const t of trainers) t.dispose();
  }
}

/** Testing hooks (see `TestProbe`): they touch only the device this worker already holds. */
async function probe(kind: TestProbe, id: number): Promise<void> {
  const held = await gpu;
  if (kind === 'lose-device') held?.device.destroy();
  reply({ type: 'probe', id, liveBuffers: held ? held.backend.liveBuffers() : null });
}

// A promise nobody awaited must not fail silently in a worker: the page's console shows it.
globalThis.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
  console.error('xent training worker: unhandled rejection:', event.reason);
});

/**
 * Starts a run whose stop signal exists from the moment it is asked for, so a `stop` that arrives while the backend
 * is still being acquired is not lost.
 */
function startRun(run: (signal: AbortSignal) => Promise<void>): void {
  const abort = new AbortController();
  running = abort;
  void run(abort.signal).finally(() => {
    if (running === abort) running = null;
  });
}

globalThis.addEventListener('message', (event: MessageEvent<TrainingRequest>) => {
  const request = event.data;
  if (request.type === 'data') data = request.data;
  else if (request.type === 'prepare') void prepare(data, request.backend).catch(() => undefined);
  else if (request.type === 'stop') running?.abort();
  else if (request.type === 'resume') startRun((signal) => resume(request.backend, signal));
  else if (request.type === 'probe') void probe(request.probe, request.id);
  else if (!data) reply({ type: 'failed', message: 'no data loaded', model: null, report: null, resumable: false });
  else if (request.type === 'cv') {
    const rows = data;
    startRun((signal) => crossValidation(rows, request, signal));
  } else {
    const rows = data;
    startRun((signal) => train(rows, request, signal));
  }
});
