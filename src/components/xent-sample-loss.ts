import { css, html, LitElement, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type InformationUnit, type SampleLoss, sampleLoss } from '../explain/sample-loss.js';
import { curvePath, linearScale } from '../explain/scale.js';
import { theme } from './theme.js';

const WIDTH = 300;
const HEIGHT = 180;
const PAD = 28;

/** Below this ratio of |∂MSE/∂z| to |∂CE/∂z| the caption says the squared error has stopped learning. */
const STALL_RATIO = 0.05;

/**
 * One sample with label y = 1 and score z, p = σ(z): its cross-entropy −ln p and squared error (1 − p)², and their
 * gradients with respect to z, p − 1 and 2(p − 1)p(1 − p), drawn against z with a marker at the slider's z. Slide
 * left (confidently wrong) and the squared error's gradient vanishes while cross-entropy's stays near −1.
 *
 * @fires {CustomEvent<SampleLoss>} xent-sample-change - the slider or the unit changed; detail: z, p, both losses and gradients
 * @csspart slider - the z slider
 * @csspart loss-chart - the losses against z
 * @csspart gradient-chart - the gradients against z
 * @csspart readout - the table of numbers at the slider's z
 * @csspart verdict - the sentence under the table
 * @cssprop --xent-series-1 - cross-entropy's colour
 * @cssprop --xent-series-2 - squared error's colour
 */
@customElement('xent-sample-loss')
export class XentSampleLoss extends LitElement {
  static override styles = [
    theme,
    css`
      .charts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_gap);
      }
      figure {
        margin: 0;
        width: 300px;
        max-width: 100%;
      }
      figcaption {
        font-size: 0.85em;
        color: var(--_muted);
      }
      svg {
        width: 300px;
        max-width: 100%;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .ce {
        color: var(--xent-series-1, #2f6fde);
        stroke: currentColor;
        fill: currentColor;
      }
      .mse {
        color: var(--xent-series-2, #b8501c);
        stroke: currentColor;
        fill: currentColor;
      }
      path[class] {
        fill: none;
        stroke-width: 2;
      }
      .axis {
        stroke: var(--_border);
        stroke-width: 1;
      }
      .marker {
        stroke: var(--_muted);
        stroke-dasharray: 3 3;
      }
      text {
        font-size: 10px;
        fill: var(--_muted);
        stroke: none;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--_gap);
        margin: 8px 0;
      }
      input[type='range'] {
        width: 260px;
        accent-color: var(--_accent);
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0;
        display: flex;
        gap: 8px;
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 2px 10px;
        text-align: right;
        border-bottom: 1px solid var(--_border);
      }
      th {
        font-weight: 500;
        color: var(--_muted);
      }
    `,
  ];

  /** The sample's score z (p = σ(z)); the slider moves it. */
  @property({ type: Number }) z = -4;
  /** `nats` (natural log) or `bits` (log base 2) for the cross-entropy and its gradient. */
  @property() unit: InformationUnit = 'nats';
  /** The plots and the slider span z from −extent to extent. */
  @property({ type: Number }) extent = 8;

  /** The numbers at the current z. */
  get values(): SampleLoss {
    return sampleLoss(this.z, 1, this.unit);
  }

  override render() {
    const v = this.values;
    const ratio = Math.abs(v.squaredErrorGrad) / Math.abs(v.crossEntropyGrad);
    const stalled = v.p < 0.5 && ratio < STALL_RATIO;
    return html`<h3>One sample, label y = 1</h3>
      <div class="controls">
        <label for="z">score z = ${v.z.toFixed(2)}, p = σ(z) = ${v.p.toPrecision(3)}</label>
        <input id="z" part="slider" type="range" min=${-this.extent} max=${this.extent} step="0.05" .value=${String(this.z)} @input=${this.onSlide} />
        <fieldset>
          <legend class="muted">unit of CE</legend>
          ${(['nats', 'bits'] as const).map(
            (u) =>
              html`<label><input type="radio" name="unit" value=${u} .checked=${this.unit === u} @change=${() => this.setUnit(u)} /> ${u}</label>`,
          )}
        </fieldset>
      </div>
      <div class="charts">${this.renderLossChart(v)} ${this.renderGradientChart(v)}</div>
      <table part="readout">
        <tr>
          <th></th>
          <th>loss</th>
          <th>∂/∂z</th>
        </tr>
        <tr>
          <th scope="row" class="ce">cross-entropy −${this.unit === 'bits' ? 'log₂' : 'ln'} p</th>
          <td data-value="ce">${v.crossEntropy.toPrecision(4)}</td>
          <td data-value="grad-ce">${v.crossEntropyGrad.toPrecision(4)}</td>
        </tr>
        <tr>
          <th scope="row" class="mse">squared error (1 − p)²</th>
          <td data-value="mse">${v.squaredError.toPrecision(4)}</td>
          <td data-value="grad-mse">${v.squaredErrorGrad.toPrecision(4)}</td>
        </tr>
      </table>
      <p part="verdict" data-stalled=${stalled}>
        ${
          stalled
            ? `Confidently wrong: the squared error's gradient is ${(1 / ratio).toPrecision(3)}× smaller than cross-entropy's, so gradient descent barely moves.`
            : v.p < 0.5
              ? 'Wrong but unsure: both losses push z up.'
              : 'Right: both gradients shrink as p → 1.'
        }
      </p>`;
  }

  private renderLossChart(v: SampleLoss) {
    const top = this.unit === 'bits' ? 4.5 : 3;
    const y = linearScale(0, top, HEIGHT - PAD, 8);
    return this.chart(
      'loss-chart',
      `loss (CE in ${this.unit}, clipped at ${top})`,
      y,
      [
        ['ce', (z) => Math.min(sampleLoss(z, 1, this.unit).crossEntropy, top)],
        ['mse', (z) => sampleLoss(z, 1).squaredError],
      ],
      [v.crossEntropy, v.squaredError].map((value) => Math.min(value, top)),
    );
  }

  private renderGradientChart(v: SampleLoss) {
    const y = linearScale(-1.5, 0.1, HEIGHT - PAD, 8);
    return this.chart(
      'gradient-chart',
      `gradient ∂/∂z: p − y and 2(p − y)p(1 − p)`,
      y,
      [
        ['ce', (z) => sampleLoss(z, 1, this.unit).crossEntropyGrad],
        ['mse', (z) => sampleLoss(z, 1).squaredErrorGrad],
      ],
      [v.crossEntropyGrad, v.squaredErrorGrad],
    );
  }

  /** Two curves against z, the zero line, and dots at the current z. */
  private chart(part: string, caption: string, y: (v: number) => number, curves: [string, (z: number) => number][], at: number[]) {
    const x = linearScale(-this.extent, this.extent, PAD, WIDTH - 8);
    return html`<figure>
      <svg part=${part} viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${caption}>
        ${svg`<line class="axis" x1=${PAD} x2=${WIDTH - 8} y1=${y(0)} y2=${y(0)}></line>
          <line class="marker" x1=${x(this.z)} x2=${x(this.z)} y1="8" y2=${HEIGHT - PAD}></line>
          <text x=${PAD} y=${HEIGHT - 8}>z = ${-this.extent}</text><text x=${WIDTH - 48} y=${HEIGHT - 8}>z = ${this.extent}</text>
          ${curves.map(([name, f]) => svg`<path class=${name} d=${curvePath(-this.extent, this.extent, 161, (z) => [x(z), y(f(z))])}></path>`)}
          ${curves.map(([name], k) => svg`<circle class=${name} cx=${x(this.z)} cy=${y(at[k] as number)} r="4"></circle>`)}`}
      </svg>
      <figcaption><span class="ce">■</span> cross-entropy <span class="mse">■</span> squared error · ${caption}</figcaption>
    </figure>`;
  }

  private onSlide(event: Event): void {
    this.z = Number((event.target as HTMLInputElement).value);
    this.changed();
  }

  private setUnit(unit: InformationUnit): void {
    this.unit = unit;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('xent-sample-change', { detail: this.values, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-sample-loss': XentSampleLoss;
  }
  interface HTMLElementEventMap {
    'xent-sample-change': CustomEvent<SampleLoss>;
  }
}
