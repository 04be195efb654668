import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { LossKind } from '../core/types.js';
import { loadBuiltin } from '../data/builtin.js';
import type { Dataset } from '../data/dataset.js';
import { drawLineModel, type ViewWindow } from '../explain/draw.js';
import { type Columns, columns, fitOf, type LineModel, type LineModelFit, powerOfTenParts, viewWindow } from '../explain/logistic2d.js';
import { fitByLbfgs, LineModelStepper } from '../explain/stepper.js';
import { numberTable, pieceLayout, theme } from './theme.js';

/** `xent-params`: the weights changed; `source` says how. */
export interface ParamsDetail extends LineModel {
  source: 'init' | 'slider' | 'drag' | 'step' | 'fit' | 'reset';
}

const NAMES = ['w1', 'w2', 'b'] as const;

/**
 * A two-feature logistic model p = σ(w₁x₁ + w₂x₂ + b) moved by hand: sliders for w₁, w₂ and b, and the boundary line
 * dragged in the decision-region view (dragging moves b so the line passes under the pointer). Every move updates the
 * likelihood L (as m × 10^e: it underflows), ln L, −ln L = Σ CE, the mean squared error and the accuracy. Step
 * controls train from wherever the model is (full-batch gradient descent on `loss`); Fit snaps to the L-BFGS
 * optimum of the mean cross-entropy + (l2/2)‖w‖².
 *
 * @fires {CustomEvent<ParamsDetail>} xent-params - the weights changed (slider, drag, step, fit, reset; `init` once loaded)
 * @csspart sliders - the three weight sliders
 * @csspart view - the decision-region canvas
 * @csspart numbers - the likelihood, CE, MSE and accuracy table
 * @csspart controls - step, ten steps, play/pause, reset, fit, speed
 * @cssprop --xent-class-1 - colour of class 0 (and --xent-class-2 of class 1)
 */
@customElement('xent-manual-model')
export class XentManualModel extends LitElement {
  static override styles = [
    theme,
    numberTable,
    pieceLayout,
    css`
      .layout > div {
        flex: 1;
        min-width: 260px;
      }
      canvas {
        width: 280px;
        aspect-ratio: 1;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        touch-action: none;
        cursor: grab;
      }
      .sliders label {
        display: grid;
        grid-template-columns: 7em minmax(120px, 220px);
        align-items: center;
        gap: 8px;
      }
      input[type='range'] {
        accent-color: var(--_accent);
      }
      th {
        text-align: left;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        margin-top: 8px;
      }
    `,
  ];

  /** A built-in data set with two features and two classes. */
  @property({ attribute: 'dataset' }) datasetName = 'blobs2';
  /** The data itself (overrides `dataset`). */
  @property({ attribute: false }) data: Dataset | null = null;
  @property({ type: Number }) w1 = 0;
  @property({ type: Number }) w2 = 0;
  @property({ type: Number }) b = 0;
  /** The sliders span −extent … extent. */
  @property({ type: Number }) extent = 8;
  /** The loss the step controls descend. */
  @property() loss: LossKind = 'cross-entropy';
  @property({ type: Number, attribute: 'learning-rate' }) learningRate = 0.5;
  /** λ of the (λ/2)‖w‖² penalty in the fit and the steps (needed for separable data, whose optimum is at infinity). */
  @property({ type: Number }) l2 = 0;
  /** Steps per second while playing. */
  @property({ type: Number }) speed = 10;

  @state() private playing = false;
  @state() private busy = false;
  @query('canvas') private canvas!: HTMLCanvasElement;
  private cols: Columns | null = null;
  private view: ViewWindow = { x: [0, 1], y: [0, 1] };
  private initial: LineModel = { w1: 0, w2: 0, b: 0 };
  private stepper: LineModelStepper | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** The current weights. */
  get params(): LineModel {
    return { w1: this.w1, w2: this.w2, b: this.b };
  }

  /** ln L, Σ CE, MSE, accuracy and the gradient at the current weights (null before the data is in). */
  get numbers(): LineModelFit | null {
    return this.cols ? fitOf(this.cols, this.params, this.l2) : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.initial = this.params;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pause();
    this.stepper?.dispose();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('datasetName') && !this.data) this.data = loadBuiltin(this.datasetName);
    if (changed.has('data') && this.data) {
      this.cols = columns(this.data);
      this.view = viewWindow(this.cols);
      this.forgetStepper();
    }
    if (changed.has('loss') || changed.has('learningRate') || changed.has('l2')) this.forgetStepper();
  }

  override updated(changed: PropertyValues<this>): void {
    if (this.cols) drawLineModel(this.canvas, this.cols, this.view, this.params);
    if (changed.has('data') && this.cols) this.announce('init');
  }

  override render() {
    const fit = this.numbers;
    return html`<h3>A model you move by hand: p = σ(w₁x₁ + w₂x₂ + b)</h3>
      <div class="layout">
        <canvas
          part="view"
          width="280"
          height="280"
          role="img"
          aria-label="Decision regions and the boundary line; drag to move the bias"
          @pointerdown=${this.onPointerDown}
          @pointermove=${this.onPointerMove}
        ></canvas>
        <div>
          <div class="sliders" part="sliders">
            ${NAMES.map(
              (name) => html`<label
                >${name} = ${this[name].toFixed(2)}
                <input name=${name} type="range" min=${-this.extent} max=${this.extent} step="0.01" .value=${String(this[name])} @input=${this.onSlide}
              /></label>`,
            )}
          </div>
          ${fit ? this.renderNumbers(fit) : html`<p class="muted">No data.</p>`} ${this.renderControls()}
        </div>
      </div>`;
  }

  private renderNumbers(fit: LineModelFit) {
    const { mantissa, exponent } = powerOfTenParts(fit.logLikelihood);
    return html`<table part="numbers">
      <tr>
        <th scope="row">likelihood L = ∏ p(yₙ ∣ xₙ)</th>
        <td data-value="likelihood">${mantissa.toFixed(3)} × 10<sup>${exponent}</sup></td>
      </tr>
      <tr>
        <th scope="row">ln L</th>
        <td data-value="log-likelihood">${fit.logLikelihood.toFixed(4)}</td>
      </tr>
      <tr>
        <th scope="row">−ln L = Σ CEₙ</th>
        <td data-value="sum-ce">${fit.sumCrossEntropy.toFixed(4)}</td>
      </tr>
      <tr>
        <th scope="row">mean squared error</th>
        <td data-value="mse">${fit.meanSquaredError.toFixed(4)}</td>
      </tr>
      <tr>
        <th scope="row">accuracy</th>
        <td data-value="accuracy">${(100 * fit.accuracy).toFixed(1)}%</td>
      </tr>
      <tr>
        <th scope="row">‖∇J‖ (CE)</th>
        <td data-value="grad-norm">${Math.hypot(...fit.gradient).toExponential(2)}</td>
      </tr>
    </table>`;
  }

  private renderControls() {
    const off = this.busy || !this.cols;
    return html`<div class="controls" part="controls">
      <button name="step" ?disabled=${off || this.playing} @click=${() => this.step(1)}>Step</button>
      <button name="step10" ?disabled=${off || this.playing} @click=${() => this.step(10)}>10 steps</button>
      <button name="play" ?disabled=${!this.cols} @click=${() => (this.playing ? this.pause() : this.play())}>
        ${this.playing ? 'Pause' : 'Play'}
      </button>
      <button name="reset" ?disabled=${off} @click=${this.reset}>Reset</button>
      <button name="fit" class="primary" ?disabled=${off || this.playing} @click=${() => this.fit()}>Fit (L-BFGS)</button>
      <label
        >speed ${this.speed}/s
        <input name="speed" type="range" min="1" max="60" step="1" .value=${String(this.speed)} @input=${this.onSpeed}
      /></label>
      <span class="muted">steps: ${this.loss}, lr ${this.learningRate}</span>
    </div>`;
  }

  /** Takes `count` gradient steps from the current weights. */
  async step(count: number): Promise<void> {
    if (!this.data || this.busy) return;
    this.busy = true;
    try {
      this.stepper ??= new LineModelStepper(this.data, this.params, { loss: this.loss, lr: this.learningRate, l2: this.l2 });
      Object.assign(this, await this.stepper.step(count));
      this.announce('step');
    } finally {
      this.busy = false;
    }
  }

  /** Snaps to the maximum-likelihood weights (L-BFGS on the CPU). */
  async fit(): Promise<void> {
    if (!this.data || this.busy) return;
    this.busy = true;
    try {
      this.setByHand(await fitByLbfgs(this.data, this.params, this.l2), 'fit');
    } finally {
      this.busy = false;
    }
  }

  play(): void {
    this.playing = true;
    const tick = async () => {
      if (!this.playing) return;
      await this.step(1);
      if (this.playing) this.timer = setTimeout(tick, 1000 / this.speed);
    };
    void tick();
  }

  pause(): void {
    this.playing = false;
    clearTimeout(this.timer);
  }

  /** Back to the weights the element started with. */
  reset(): void {
    this.pause();
    this.setByHand(this.initial, 'reset');
  }

  private setByHand(model: LineModel, source: ParamsDetail['source']): void {
    Object.assign(this, model);
    this.forgetStepper();
    this.announce(source);
  }

  private forgetStepper(): void {
    this.stepper?.dispose();
    this.stepper = null;
  }

  private announce(source: ParamsDetail['source']): void {
    this.dispatchEvent(new CustomEvent('xent-params', { detail: { ...this.params, source }, bubbles: true, composed: true }));
  }

  private onSlide(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.setByHand({ ...this.params, [input.name]: Number(input.value) }, 'slider');
  }

  private onSpeed(event: Event): void {
    this.speed = Number((event.target as HTMLInputElement).value);
  }

  private onPointerDown(event: PointerEvent): void {
    this.canvas.setPointerCapture(event.pointerId);
    this.dragTo(event);
  }

  private onPointerMove(event: PointerEvent): void {
    if (this.canvas.hasPointerCapture(event.pointerId)) this.dragTo(event);
  }

  /** Moves b so the boundary w·x + b = 0 passes through the pointer. */
  private dragTo(event: PointerEvent): void {
    const [x1, x2] = pointerToData(this.canvas, this.view, event);
    const b = Math.max(-this.extent, Math.min(this.extent, -(this.w1 * x1 + this.w2 * x2)));
    this.setByHand({ ...this.params, b }, 'drag');
  }
}

function pointerToData(canvas: HTMLCanvasElement, view: ViewWindow, event: PointerEvent): [number, number] {
  const rect = canvas.getBoundingClientRect();
  const u = (event.clientX - rect.left) / rect.width;
  const v = (event.clientY - rect.top) / rect.height;
  return [view.x[0] + u * (view.x[1] - view.x[0]), view.y[1] - v * (view.y[1] - view.y[0])];
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-manual-model': XentManualModel;
  }
  interface HTMLElementEventMap {
    'xent-params': CustomEvent<ParamsDetail>;
  }
}
