import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EpochResult, TrainOptions } from '../core/options.js';
import type { Params } from '../core/types.js';
import type { Dataset } from '../data/dataset.js';
import type { XentModel } from '../model/format.js';
import { weightsFromParams } from '../model/from-params.js';
import type { ClassificationReport } from '../report/classification.js';
import type { LikelihoodReport } from '../report/likelihood.js';
import type { BackendChoice } from '../train/settings.js';
import type { CvResult, TestProbe, TrainingReply, TrainingRequest } from './training-protocol.js';

/** What the host hears about a run, as it happens. */
export interface TrainingHooks {
  /** `runs`: the runs' names (their loss, or `lr 0.1` in a sweep), the primary (cross-entropy unless a single MSE run) first. */
  started?(run: { backend: string; adapter: string | null; note: string | null; epochs: number; runs: string[]; resumed: boolean }): void;
  /** `model`: the run's weights after the epoch (null for a cross-validation refit, whose model comes at the end). */
  epoch?(run: string, result: EpochResult, model: XentModel | null): void;
  /** Cross-validation found `cv`; its refit on all rows is `model`, now the trained model. */
  crossValidated?(cv: CvResult, model: XentModel): void;
  /** The run ended (finished, early-stopped or stopped) with these weights (of the primary run). */
  finished?(model: XentModel, report: ClassificationReport): void;
  /** The run failed; `model` holds the last good weights when any epoch finished. */
  failed?(message: string, model: XentModel | null): void;
  /** `gpu` was asked for and the browser has no WebGPU. */
  noWebGpu?(): void;
}

/** `start` with the weights `params` after `epochs` epochs: what the worker's Trainer.model() would have sent. */
export function withParams(start: XentModel, params: Params, epochs: number): XentModel {
  const shape = { kind: start.kind, features: start.features.length, classes: start.classes.length };
  return { ...start, ...weightsFromParams(params, shape), training: { ...start.training, epochs } };
}

/**
 * Owns long-running training for a Lit host: a worker runs the Trainer, this controller keeps the progress
 * (epoch, ETA, latest weights) and re-renders the host at most once per animation frame, however fast epochs come.
 * Each run listens to an AbortSignal; the host's disconnection ends everything.
 */
export class TrainingController implements ReactiveController {
  running = false;
  epoch = 0;
  totalEpochs = 0;
  etaSeconds: number | null = null;
  backend: string | null = null;
  adapter: string | null = null;
  note: string | null = null;
  model: XentModel | null = null;
  report: ClassificationReport | null = null;
  likelihood: LikelihoodReport | null = null;
  /** Epochs of the primary run. */
  history: EpochResult[] = [];
  /** Names of the current run(s), the primary first. */
  runs: string[] = [];
  /** While cross-validation's folds train: the passes so far and the members still training; null otherwise. */
  cvProgress: { round: number; active: number; members: number } | null = null;
  /** The last cross-validation's result (null after any other run). */
  cv: CvResult | null = null;
  /** The last run failed on the GPU with weights kept: `resume()` continues it. */
  resumable = false;

  private worker: Worker | null = null;
  private sentData: Dataset | null = null;
  private run: { done: Promise<XentModel | null>; finish(model: XentModel | null): void } | null = null;
  private startedAt = 0;
  /** Epochs already done when this run (or its resumption) started, for the ETA. */
  private startEpoch = 0;
  private frame = 0;
  /** Answers awaited from the worker's testing probes, by request id. */
  private readonly probes = new Map<number, (liveBuffers: number | null) => void>();
  private nextProbe = 0;
  /** Each run's model file as it started; an epoch brings only the new weights. */
  private startModels = new Map<string, XentModel>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: TrainingHooks,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.worker?.terminate();
    this.worker = null;
    this.sentData = null;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.run?.finish(this.model);
  }

  /** Readies the worker for `data` before the user asks to train: sends the rows, gets the device, compiles the kernels. */
  prepare(data: Dataset, backend: BackendChoice): void {
    if (this.run) return;
    this.ensureWorker();
    this.sendData(data);
    this.post({ type: 'prepare', backend });
  }

  /**
   * Trains on `data`; resolves with the trained model (null when nothing was trained). A running run is stopped first.
   * `compare: 'mse'` trains a cross-entropy and an MSE run side by side; `sweep` one run per learning rate (the
   * first is the primary); `signal` stops the run when aborted.
   */
  async train(
    data: Dataset,
    options: Partial<TrainOptions>,
    backend: BackendChoice,
    { compare = null, sweep = null, signal }: { compare?: 'mse' | null; sweep?: readonly number[] | null; signal?: AbortSignal } = {},
  ): Promise<XentModel | null> {
    if (this.run) await this.stopRun(this.run);
    this.fresh(data);
    return this.start({ type: 'train', options, backend, compare, sweep }, signal);
  }

  /**
   * Chooses λ by `folds`-fold cross-validation over `l2Grid` values, then refits on all rows at the best one: resolves
   * with that model (null when stopped or failed); `cv` holds the grid. The refit's epochs arrive as a run's do.
   */
  async crossValidate(
    data: Dataset,
    options: Partial<TrainOptions>,
    backend: BackendChoice,
    { folds, l2Grid, signal }: { folds: number; l2Grid: number; signal?: AbortSignal },
  ): Promise<XentModel | null> {
    if (this.run) await this.stopRun(this.run);
    this.fresh(data);
    return this.start({ type: 'cv', options, backend, folds, l2Grid }, signal);
  }

  private async stopRun(run: { done: Promise<unknown> }): Promise<void> {
    this.stop();
    await run.done;
  }

  /**
   * Sends the data and forgets the last run's results. Synchronous when no run was going, so a stop() right behind
   * train() finds the new run and ends it.
   */
  private fresh(data: Dataset): void {
    this.ensureWorker();
    this.sendData(data);
    Object.assign(this, { epoch: 0, history: [], model: null, report: null, likelihood: null, note: null, runs: [], cv: null });
  }

  /** Continues the run that failed on the GPU (see `resumable`) from its last good weights, here on `backend`. */
  async resume(backend: BackendChoice, signal?: AbortSignal): Promise<XentModel | null> {
    if (this.run || !this.resumable) return null;
    return this.start({ type: 'resume', backend }, signal);
  }

  private start(request: TrainingRequest, signal: AbortSignal | undefined): Promise<XentModel | null> {
    Object.assign(this, { running: true, etaSeconds: null, resumable: false, cvProgress: null });
    let finish!: (model: XentModel | null) => void;
    const done = new Promise<XentModel | null>((resolve) => {
      finish = (model) => {
        this.run = null;
        this.running = false;
        this.cvProgress = null;
        signal?.removeEventListener('abort', onAbort);
        this.host.requestUpdate();
        resolve(model);
      };
    });
    const onAbort = () => this.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.run = { done, finish };
    this.startedAt = performance.now();
    this.post(request);
    this.host.requestUpdate();
    return done;
  }

  /** Ends the run after the current epoch; the run resolves with the last good weights. */
  stop(): void {
    if (this.run) this.post({ type: 'stop' });
  }

  /** Testing only: see `TestProbe`. Resolves with the worker's count of live GPU buffers (null without a device). */
  probe(kind: TestProbe): Promise<number | null> {
    this.ensureWorker();
    const id = ++this.nextProbe;
    return new Promise((resolve) => {
      this.probes.set(id, resolve);
      this.post({ type: 'probe', probe: kind, id });
    });
  }

  private sendData(data: Dataset): void {
    if (this.sentData === data) return;
    this.post({ type: 'data', data });
    this.sentData = data;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // A same-origin script file (never a blob: or data: URL), so a strict Content-Security-Policy allows it.
    const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'xent-training' });
    worker.addEventListener('message', (event: MessageEvent<TrainingReply>) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      this.hooks.failed?.(`the training worker failed: ${event.message}`, this.model);
      this.worker = null;
      this.sentData = null;
      this.run?.finish(this.model);
    });
    this.worker = worker;
    return worker;
  }

  private receive(reply: TrainingReply): void {
    switch (reply.type) {
      case 'started':
        this.startModels = new Map(reply.runs.map((run, i) => [run, reply.models[i] as XentModel]));
        Object.assign(this, {
          backend: reply.backend,
          adapter: reply.adapter,
          note: reply.note,
          totalEpochs: reply.epochs,
          runs: reply.runs,
        });
        this.startedAt = performance.now();
        this.startEpoch = this.epoch;
        this.hooks.started?.(reply);
        break;
      case 'epoch': {
        const start = this.startModels.get(reply.run);
        const model = start && reply.params ? withParams(start, reply.params, reply.result.epoch) : null;
        if (reply.run === this.runs[0]) {
          this.epoch = reply.result.epoch;
          this.model = model ?? this.model;
          this.history.push(reply.result);
          const perEpoch = (performance.now() - this.startedAt) / Math.max(1, this.epoch - this.startEpoch);
          this.etaSeconds = (perEpoch * Math.max(0, this.totalEpochs - this.epoch)) / 1000;
        }
        this.hooks.epoch?.(reply.run, reply.result, model);
        break;
      }
      case 'done':
        Object.assign(this, { model: reply.model, report: reply.report, likelihood: reply.likelihood, etaSeconds: 0 });
        this.hooks.finished?.(reply.model, reply.report);
        this.run?.finish(reply.model);
        break;
      case 'failed':
        Object.assign(this, { model: reply.model ?? this.model, report: reply.report ?? this.report, resumable: reply.resumable });
        this.hooks.failed?.(reply.message, reply.model);
        this.run?.finish(reply.model);
        break;
      case 'cv-started':
        Object.assign(this, { backend: reply.backend, adapter: reply.adapter, note: reply.note, totalEpochs: reply.epochs });
        this.cvProgress = { round: 0, active: reply.members, members: reply.members };
        break;
      case 'cv-progress':
        this.cvProgress = { round: reply.round, active: reply.active, members: reply.members };
        break;
      case 'cv-done':
        Object.assign(this, { cv: reply.cv, model: reply.model, report: reply.report, etaSeconds: 0 });
        this.hooks.crossValidated?.(reply.cv, reply.model);
        this.hooks.finished?.(reply.model, reply.report);
        this.run?.finish(reply.model);
        break;
      case 'cv-stopped':
        this.run?.finish(null);
        break;
      case 'no-webgpu':
        this.hooks.noWebGpu?.();
        this.run?.finish(null);
        break;
      case 'probe':
        this.probes.get(reply.id)?.(reply.liveBuffers);
        this.probes.delete(reply.id);
        return;
    }
    this.scheduleUpdate();
  }

  /** Coalesces re-renders to one per animation frame. */
  private scheduleUpdate(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.host.requestUpdate();
    });
  }

  private post(request: TrainingRequest): void {
    this.worker?.postMessage(request);
  }
}
