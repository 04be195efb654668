import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sigmoid } from '../core/losses.js';
import { loadBuiltin } from '../data/builtin.js';
import type { Dataset } from '../data/dataset.js';
import { followModel } from '../explain/follow.js';
import { type Columns, columns, type LineModel, scoresOf } from '../explain/logistic2d.js';
import { aucByRank, type Confusion, confusionAt, rocCurve } from '../explain/roc.js';
import { linearScale } from '../explain/scale.js';
import { pieceLayout, theme } from './theme.js';

const SIZE = 240;
const PAD = 26;

const percent = (v: number) => (Number.isNaN(v) ? '—' : `${(100 * v).toFixed(1)}%`);

/**
 * A binary classifier's threshold and its ROC curve: the threshold slider on p moves the operating point along the
 * curve and updates the confusion matrix, precision and recall; the area under the curve is computed by the rank
 * formula. Scores come from `scores`/`labels`, or from a logistic model p = σ(w₁x₁ + w₂x₂ + b) on the data: the
 * `w1`, `w2`, `b` attributes, or the live weights of the `<xent-manual-model>` named by `for`.
 *
 * @fires {CustomEvent<Confusion & { threshold: number }>} xent-threshold-change - the slider moved
 * @csspart slider - the threshold slider
 * @csspart curve - the ROC plot
 * @csspart confusion - the confusion matrix
 * @csspart rates - precision, recall, false positive rate, accuracy and AUC
 */
@customElement('xent-roc')
export class XentRoc extends LitElement {
  static override styles = [
    theme,
    pieceLayout,
    css`
      svg {
        width: ${SIZE}px;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .curve {
        fill: none;
        stroke: var(--_accent);
        stroke-width: 2;
      }
      .chance {
        stroke: var(--_border);
        stroke-dasharray: 4 4;
      }
      .point {
        fill: var(--_danger);
      }
      text {
        font-size: 10px;
        fill: var(--_muted);
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        margin-bottom: 8px;
      }
      th,
      td {
        padding: 2px 8px;
        text-align: right;
        border: 1px solid var(--_border);
      }
      th {
        font-weight: 500;
        color: var(--_muted);
      }
      input[type='range'] {
        width: 220px;
        accent-color: var(--_accent);
      }
    `,
  ];

  /** A built-in two-feature, two-class data set (when `scores` is not given). */
  @property({ attribute: 'dataset' }) datasetName = 'blobs2';
  @property({ attribute: false }) data: Dataset | null = null;
  @property({ type: Number }) w1 = 1;
  @property({ type: Number }) w2 = 1;
  @property({ type: Number }) b = 0;
  /** Id of a `<xent-manual-model>` whose weights to follow. */
  @property({ attribute: 'for' }) for = '';
  /** Rows with p ≥ threshold are predicted positive. */
  @property({ type: Number }) threshold = 0.5;
  /** Any scorer's probabilities of the positive class (with `labels`, 0/1): overrides the data and weights. */
  @property({ attribute: false }) scores: number[] | null = null;
  @property({ attribute: false }) labels: number[] | null = null;

  @state() private probabilities: ArrayLike<number> = [];
  @state() private truth: ArrayLike<number> = [];
  private cols: Columns | null = null;
  private curve: [number, number][] = [];
  private area = Number.NaN;
  private unfollow: (() => void) | null = null;

  /** The confusion matrix and rates at the current threshold. */
  get confusion(): Confusion {
    return confusionAt(this.probabilities, this.truth, this.threshold);
  }

  /** The area under the curve. */
  get auc(): number {
    return this.area;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unfollow?.();
    this.unfollow = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('datasetName') && !this.data) this.data = loadBuiltin(this.datasetName);
    if (changed.has('data')) this.cols = this.data ? columns(this.data) : null;
    if (changed.has('for')) {
      this.unfollow?.();
      this.unfollow = this.for ? followModel(this.for, (m) => Object.assign(this, m)) : null;
    }
    const inputs = ['data', 'w1', 'w2', 'b', 'scores', 'labels'] as const;
    if (inputs.some((name) => changed.has(name))) this.score();
  }

  /** Probabilities and labels from `scores`, or from the model on the data; then the curve and its area. */
  private score(): void {
    if (this.scores && this.labels) {
      [this.probabilities, this.truth] = [this.scores, this.labels];
    } else if (this.cols) {
      const model: LineModel = { w1: this.w1, w2: this.w2, b: this.b };
      this.probabilities = scoresOf(this.cols, model).map(sigmoid);
      this.truth = this.cols.y;
    }
    this.curve = rocCurve(this.probabilities, this.truth);
    this.area = aucByRank(this.probabilities, this.truth);
  }

  override render() {
    const c = this.confusion;
    return html`<h3>Threshold and ROC</h3>
      <label
        >threshold on p = ${this.threshold.toFixed(2)}
        <input part="slider" type="range" min="0" max="1" step="0.01" .value=${String(this.threshold)} @input=${this.onSlide}
      /></label>
      <div class="layout">
        ${this.renderCurve(c)}
        <div>
          <table part="confusion">
            <tr>
              <td></td>
              <th scope="col">predicted 1</th>
              <th scope="col">predicted 0</th>
            </tr>
            <tr>
              <th scope="row">actual 1</th>
              <td data-value="tp">${c.truePositive}</td>
              <td data-value="fn">${c.falseNegative}</td>
            </tr>
            <tr>
              <th scope="row">actual 0</th>
              <td data-value="fp">${c.falsePositive}</td>
              <td data-value="tn">${c.trueNegative}</td>
            </tr>
          </table>
          <table part="rates">
            <tr><th scope="row">precision TP/(TP+FP)</th><td data-value="precision">${percent(c.precision)}</td></tr>
            <tr><th scope="row">recall TP/(TP+FN)</th><td data-value="recall">${percent(c.recall)}</td></tr>
            <tr><th scope="row">false positive rate</th><td data-value="fpr">${percent(c.falsePositiveRate)}</td></tr>
            <tr><th scope="row">accuracy</th><td data-value="accuracy">${percent(c.accuracy)}</td></tr>
            <tr><th scope="row">AUC</th><td data-value="auc">${this.area.toFixed(4)}</td></tr>
          </table>
        </div>
      </div>`;
  }

  private renderCurve(c: Confusion) {
    const x = linearScale(0, 1, PAD, SIZE - 8);
    const y = linearScale(0, 1, SIZE - PAD, 8);
    const path = this.curve.map(([fpr, tpr], k) => `${k === 0 ? 'M' : 'L'}${x(fpr).toFixed(2)},${y(tpr).toFixed(2)}`).join('');
    const label = `ROC curve, AUC ${this.area.toFixed(3)}; operating point at false positive rate ${percent(c.falsePositiveRate)}, recall ${percent(c.recall)}`;
    return html`<svg part="curve" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label=${label}>
      <line class="chance" x1=${x(0)} y1=${y(0)} x2=${x(1)} y2=${y(1)}></line>
      <path class="curve" d=${path}></path>
      <circle class="point" data-fpr=${c.falsePositiveRate} data-tpr=${c.recall} cx=${x(c.falsePositiveRate)} cy=${y(c.recall)} r="5"></circle>
      <text x=${PAD} y=${SIZE - 8}>false positive rate →</text>
      <text x="4" y="16">TPR</text>
    </svg>`;
  }

  private onSlide(event: Event): void {
    this.threshold = Number((event.target as HTMLInputElement).value);
    this.dispatchEvent(
      new CustomEvent('xent-threshold-change', { detail: { ...this.confusion, threshold: this.threshold }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-roc': XentRoc;
  }
  interface HTMLElementEventMap {
    'xent-threshold-change': CustomEvent<Confusion & { threshold: number }>;
  }
}
