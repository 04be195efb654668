import { html, nothing } from 'lit';
import { customElement, property, query, queryAll, state } from 'lit/decorators.js';
import type { TrainOptions } from '../core/options.js';
import type { Dataset } from '../data/dataset.js';
import { applicableCrosses, numericInputs, withCrosses } from '../data/derived.js';
import type { XentModel } from '../model/format.js';
import { type Prediction, predict } from '../model/predict.js';
import { TrainingController } from '../session/training-controller.js';
import type { TestProbe } from '../session/training-protocol.js';
import { type BackendChoice, optionsOf, propertiesOf, splitPreset, type TrainSettings } from '../train/settings.js';
import type { CvStartDetail } from './events.js';
import { fire } from './events.js';
import { epochDetail, RunCharts } from './run-progress.js';
import { theme } from './theme.js';
import { TrainSettingsElement } from './train-settings-element.js';
import { trainerLayout } from './trainer-layout.js';
import { exportPanel, notice } from './trainer-notice.js';
import { cvCurve, tuningPanel } from './tuning-view.js';
import { UrlState } from './url-state.js';
import type { XentDataLoader } from './xent-data-loader.js';
import { numericFeatures } from './xent-decision-boundary.js';
import type { XentLossChart } from './xent-loss-chart.js';
import './xent-data-loader.js';
import './xent-likelihood.js';
import './xent-decision-boundary.js';
import './xent-loss-chart.js';
import './xent-metrics.js';
import './xent-train-controls.js';

/**
 * The whole app in one tag: load data, set hyper-parameters, train on WebGPU (or the CPU), watch the loss curves,
 * the metrics and (for data with two numeric features or more) the decision regions, and export the model as JSON or
 * ONNX. A load that fails leaves no table behind: Train is disabled until a table loads.
 *
 * @fires {CustomEvent<DataLoadedDetail>} xent-data-loaded - a data set is loaded
 * @fires {CustomEvent<EpochDetail>} xent-epoch - an epoch finished: {epoch, loss, objective, accuracy, valLoss?, valAccuracy?}
 * @fires {CustomEvent<TrainedDetail>} xent-trained - training ended; `detail.model` is the model file
 * @fires {CustomEvent<CrossValidatedDetail>} xent-cross-validated - cross-validation chose λ: {folds, grid, best, model}
 * @fires {CustomEvent<ErrorDetail>} xent-error - bad data, divergence (names the epoch), no WebGPU, a lost device
 * @csspart loader - the `<xent-data-loader>`
 * @csspart controls - the `<xent-train-controls>`
 * @csspart tuning - the `<xent-tuning-controls>` (cross-validation, learning-rate sweep)
 * @csspart cv-curve - the `<xent-cv-curve>` after a cross-validation
 * @csspart notice - backend notes (e.g. no WebGPU) and errors
 * @csspart chart - each `<xent-loss-chart>` (compare mode adds accuracy-chart and gradient-chart)
 * @csspart accuracy-chart - compare mode: accuracy per epoch of both runs
 * @csspart gradient-chart - compare mode: mean gradient magnitude per epoch of both runs
 * @csspart likelihood - the `<xent-likelihood>` panel
 * @csspart metrics - the `<xent-metrics>`
 * @csspart boundary - the `<xent-decision-boundary>` (data with two numeric features or more)
 * @csspart export - the download buttons
 * @cssprop --xent-font - font family of every part
 * @cssprop --xent-fg - text colour
 * @cssprop --xent-bg - panel background
 * @cssprop --xent-muted - secondary text
 * @cssprop --xent-border - borders
 * @cssprop --xent-accent - buttons, progress, highlights
 * @cssprop --xent-radius - corner radius
 * @cssprop --xent-gap - spacing between parts
 */
@customElement('xent-trainer')
export class XentTrainer extends TrainSettingsElement {
  static override styles = [theme, trainerLayout];

  /** URL of a CSV to load. */
  @property() src = '';
  /** Name of a built-in data set to load. */
  @property({ attribute: 'dataset' }) datasetName = '';
  /** Label column of the CSV. */
  @property() label = '';
  /** Fraction of rows held out for the validation curve. */
  @property({ type: Number, attribute: 'val-split' }) valSplit = 0.2;
  /** Seed of the shuffles and the validation split. */
  @property({ type: Number }) seed = 1;
  /**
   * `mse`: train a cross-entropy run and an MSE run with the same seed and settings, overlaid in cross-entropy and
   * accuracy, with a chart of the mean gradient magnitude per epoch (why MSE stalls when confidently wrong).
   */
  @property() compare: '' | 'mse' = '';
  /** Train as soon as the data is loaded. */
  @property({ type: Boolean }) autostart = false;
  /** Keep the built-in data set and the settings in the page's URL hash, and start from the hash (a shareable link). */
  @property({ type: Boolean, attribute: 'url-state' }) urlState = false;
  /** The table to train on (set by the loader, or directly; null after a load failed). */
  @property({ attribute: false }) data: Dataset | null = null;
  /** The table the current run trained on: its results are shown only while it is still `data`. */
  @state() private trainedOn: Dataset | null = null;

  @state() private error = '';
  @state() private noWebGpu = false;
  @queryAll('xent-loss-chart') private charts!: NodeListOf<XentLossChart>;
  @query('xent-data-loader') private loader!: XentDataLoader;
  private preset: Partial<TrainOptions> = {};
  private autostarted = false;
  private readonly runCharts = new RunCharts(() => this.charts);

  private readonly training = new TrainingController(this, {
    started: ({ backend, runs, resumed }) => {
      // A resumed run's curves go on where they stopped.
      const refit = this.training.cvProgress !== null;
      const settings = { optimizer: this.optimizer, learningRate: this.learningRate, loss: this.loss, backend, refit };
      if (!resumed) this.runCharts.start(runs, settings);
    },
    epoch: (run, result) => {
      this.runCharts.epoch(run, result);
      fire(this, 'xent-epoch', epochDetail(run, result, this.training.runs.length > 1));
    },
    crossValidated: (cv, model) => fire(this, 'xent-cross-validated', { ...cv, model }),
    finished: (model) => fire(this, 'xent-trained', { model }),
    failed: (message) => this.fail(message),
    noWebGpu: () => {
      this.noWebGpu = true;
      fire(this, 'xent-error', { message: 'WebGPU is not available in this browser; choose the CPU backend to train.' });
    },
  });

  constructor() {
    super();
    this.addController(new UrlState(this));
  }

  /** The trained model (last good weights), or null before training on the table loaded now. */
  get model(): XentModel | null {
    return this.trainedOn === this.data ? this.training.model : null;
  }

  /** Trains with the current settings; resolves with the model (null if nothing could be trained). */
  async train(): Promise<XentModel | null> {
    const run = this.startRun();
    return run && this.training.train(run.data, run.options, this.backend, { compare: this.compare || null });
  }

  /** The table and settings a run starts with (errors cleared), or null with an error when no table is loaded. */
  private startRun(): { data: Dataset; options: Partial<TrainOptions> } | null {
    if (!this.data) {
      this.error = 'Load a data set first.';
      return null;
    }
    Object.assign(this, { error: '', noWebGpu: false, trainedOn: this.data });
    const options: Partial<TrainOptions> = { ...this.preset, ...optionsOf(this) };
    // The crosses are columns of the table trained on; the model file carries them, so `data` stays the raw table.
    let data = this.data;
    try {
      if (this.crosses.length > 0) data = withCrosses(data, this.crosses);
    } catch (e) {
      this.fail((e as Error).message);
      return null;
    }
    return { data, options };
  }

  /**
   * Chooses λ by `folds`-fold cross-validation over `l2Grid` values with the other settings as they are, then refits
   * on all rows at the best λ: resolves with that model, now the trained one (null when stopped or failed).
   */
  async crossValidate({ folds = 5, l2Grid = 10 }: Partial<CvStartDetail> = {}): Promise<XentModel | null> {
    const run = this.startRun();
    return run && this.training.crossValidate(run.data, run.options, this.backend, { folds, l2Grid });
  }

  /** Trains the current settings once per learning rate, curves overlaid; resolves with the first rate's model. */
  async sweep(rates: readonly number[]): Promise<XentModel | null> {
    const run = this.startRun();
    return run && this.training.train(run.data, run.options, this.backend, { sweep: rates });
  }

  /** After a failure on the GPU (e.g. a lost device): continues from the last good weights, on the CPU by default. */
  resume(backend: BackendChoice = 'cpu'): Promise<XentModel | null> {
    this.error = '';
    return this.training.resume(backend);
  }

  /**
   * Testing only, not part of the element's API: `'lose-device'` destroys the training worker's GPU device (as a driver
   * reset would), `'live-buffers'` counts the GPU buffers the worker holds. Resolves with that count (null without a
   * device).
   * @internal
   */
  testProbe(kind: TestProbe): Promise<number | null> {
    return this.training.probe(kind);
  }

  /** Ends training after the current epoch; `xent-trained` follows with the weights so far. */
  stop(): void {
    this.training.stop();
  }

  /** Class probabilities and predicted classes of raw feature rows (columns in the order of `model.features`). */
  predict(rows: number[][]): Prediction {
    const model = this.model;
    if (!model) throw new Error('no trained model yet: call train() first');
    return predict(model, rows);
  }

  /** The trained model as a model file object (JSON-serialisable; README, The model file). */
  exportModel(): XentModel {
    const model = this.model;
    if (!model) throw new Error('no trained model yet: call train() first');
    return structuredClone(model);
  }

  override render() {
    const t = this.training;
    const regions = this.data !== null && numericFeatures(this.data).length >= 2;
    // Results of a run on another table (or none) are not shown against this one.
    const model = this.model;
    const report = model && t.report;
    return html`<div class="app">
      <xent-data-loader
        class="panel wide"
        part="loader"
        dataset=${this.datasetName || nothing}
        src=${this.src || nothing}
        label=${this.label || nothing}
        @xent-data-loaded=${this.onDataLoaded}
        @xent-error=${this.onLoadFailed}
      ></xent-data-loader>
      <xent-train-controls
        class="panel wide"
        part="controls"
        model=${this.modelKind}
        loss=${this.loss}
        optimizer=${this.optimizer}
        learning-rate=${this.learningRate}
        epochs=${this.epochs}
        batch-size=${this.batchSize}
        l2=${this.l2}
        class-weight=${this.classWeight}
        backend=${this.backend}
        .crosses=${this.crosses}
        .inputs=${this.data ? numericInputs(this.data) : []}
        ?running=${t.running}
        ?disabled=${!this.data}
        .epoch=${t.epoch}
        .totalEpochs=${t.totalEpochs}
        .etaSeconds=${t.etaSeconds}
        @xent-settings-change=${this.onSettings}
        @xent-start=${this.onStart}
        @xent-stop=${() => this.stop()}
      ></xent-train-controls>
      ${tuningPanel(t, {
        optimizer: this.optimizer,
        disabled: !this.data,
        crossValidate: (detail) => void this.crossValidate(detail),
        sweep: ({ rates }) => void this.sweep(rates),
      })}
      ${notice(t, {
        noWebGpu: this.noWebGpu,
        error: this.error,
        useCpu: () => this.useCpu(),
        resumeOnCpu: () => void this.resume('cpu'),
      })}
      <xent-loss-chart class="panel ${regions ? '' : 'wide'}" part="chart"></xent-loss-chart>
      ${
        this.compare
          ? html`<xent-loss-chart class="panel" part="chart accuracy-chart" metric="accuracy"></xent-loss-chart>
              <xent-loss-chart class="panel" part="chart gradient-chart" metric="gradNorm" log-scale></xent-loss-chart>`
          : nothing
      }
      ${regions ? html`<xent-decision-boundary class="panel" part="boundary" .data=${this.data} .model=${model}></xent-decision-boundary>` : nothing}
      ${cvCurve(t, model !== null)}
      <xent-metrics class="panel" part="metrics" .report=${report}></xent-metrics>
      <xent-likelihood class="panel" part="likelihood" .report=${model && t.likelihood}></xent-likelihood>
      ${exportPanel(t, model, () => this.exportModel())}
    </div>`;
  }

  private onDataLoaded(): void {
    const data = this.loader.data;
    if (!data) return;
    this.training.stop(); // a run on the table replaced goes no further
    this.applyPreset(this.loader.presetOptions);
    this.crosses = applicableCrosses(numericInputs(data), this.crosses);
    this.data = data;
    this.error = '';
    if (this.autostart && !this.autostarted) {
      this.autostarted = true;
      void this.updateComplete.then(() => this.train());
    } else {
      this.training.prepare(data, this.backend);
    }
  }

  /** The loader's table is gone: nothing to train on until the next good load. */
  private onLoadFailed(): void {
    if (this.loader.data) return;
    this.training.stop();
    this.data = null;
  }

  /**
   * A built-in data set's own settings (e.g. the MSE stall's optimizer and start) apply unless the page set that
   * attribute; settings without a control (such as the initial weights) go straight to the Trainer.
   */
  private applyPreset(preset: Partial<TrainOptions>): void {
    const { properties, rest } = splitPreset(preset, (attribute) => this.hasAttribute(attribute));
    Object.assign(this, properties);
    this.preset = rest;
  }

  private onSettings(event: CustomEvent<TrainSettings>): void {
    Object.assign(this, propertiesOf(event.detail));
  }

  private onStart(event: CustomEvent<TrainSettings>): void {
    this.onSettings(event);
    void this.train();
  }

  private fail(message: string): void {
    this.error = message;
    fire(this, 'xent-error', { message });
  }

  private useCpu(): void {
    this.backend = 'cpu';
    void this.updateComplete.then(() => this.train());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-trainer': XentTrainer;
  }
}
