import { css, html, LitElement, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { bestIndex, type CurveBox, curveGeometry, formatLambda } from '../explain/cv-curve.js';
import type { CvGridPoint } from '../model/format.js';
import { theme } from './theme.js';

const WIDTH = 480;
const MARGIN = { left: 60, right: 64, top: 12, bottom: 34 };

const fixed = (v: number | null, digits = 4) => (v === null ? '—' : v.toFixed(digits));

/**
 * The validation curve of a cross-validation: mean held-out cross-entropy over the folds against λ on a log axis,
 * a ±1 standard deviation band, the chosen λ marked, and (with `show-accuracy`) the mean held-out accuracy on a
 * second axis. Below it, the same grid as a table (folded away in a details box) for reading and screen readers.
 *
 * @csspart plot - the SVG chart
 * @csspart band - the ±1 sd band
 * @csspart mean - the mean cross-entropy line
 * @csspart accuracy - the accuracy line (with `show-accuracy`)
 * @csspart best - the marker of the chosen λ
 * @csspart table - the grid as a table
 * @cssprop --xent-accent - the curve, band and marker colour
 * @cssprop --xent-series-2 - the accuracy line colour
 */
@customElement('xent-cv-curve')
export class XentCvCurve extends LitElement {
  static override styles = [
    theme,
    css`
      svg {
        width: 100%;
        max-width: 640px;
        height: auto;
        display: block;
        overflow: visible;
      }
      .axis {
        stroke: currentColor;
        stroke-opacity: 0.35;
      }
      .tick {
        font-size: 11px;
        fill: currentColor;
      }
      .band {
        fill: var(--_accent);
        fill-opacity: 0.18;
      }
      .mean {
        fill: none;
        stroke: var(--_accent);
        stroke-width: 2;
      }
      .acc {
        fill: none;
        stroke: var(--xent-series-2, #e0692c);
        stroke-width: 1.5;
        stroke-dasharray: 5 3;
      }
      .point {
        fill: var(--_accent);
      }
      .best {
        stroke: var(--_accent);
        stroke-dasharray: 3 3;
      }
      table {
        border-collapse: collapse;
        font-size: 0.85em;
        margin-top: 6px;
      }
      th,
      td {
        padding: 2px 8px;
        text-align: right;
        border-bottom: 1px solid var(--_border);
      }
      summary {
        cursor: pointer;
        color: var(--_muted);
        font-size: 0.9em;
      }
    `,
  ];

  /** The grid points of a cross-validation (CrossValidation.grid, or a model file's `training.cv.grid`). */
  @property({ attribute: false }) grid: CvGridPoint[] | null = null;
  /** Folds behind each mean (shown in the caption), when known. */
  @property({ type: Number }) folds = 0;
  /** Also draw the mean held-out accuracy, on a right-hand axis. */
  @property({ type: Boolean, attribute: 'show-accuracy' }) showAccuracy = false;
  /** Title above the chart. */
  @property() heading = 'Validation curve (choose λ by cross-validation)';
  /** Chart height in SVG units (its width is 480, scaled to the element). */
  @property({ type: Number }) height = 240;

  /** Index into `grid` of the chosen point: the lowest mean validation cross-entropy; null without one. */
  get bestIndex(): number | null {
    return this.grid ? bestIndex(this.grid) : null;
  }

  override render() {
    const grid = this.grid ?? [];
    const best = this.bestIndex;
    const chosen = best === null ? null : grid[best];
    return html`<h3>${this.heading}</h3>
      ${grid.length === 0 ? html`<p class="muted">No cross-validation yet.</p>` : this.renderPlot(grid, best)}
      ${
        chosen
          ? html`<p class="muted" data-summary>
              Chosen λ = ${formatLambda(chosen.l2)}: mean validation cross-entropy ${fixed(chosen.valLoss)} ± ${fixed(chosen.valLossSd)}
              ${this.folds ? `over ${this.folds} folds` : nothing}, accuracy ${fixed(chosen.valAccuracy, 3)}.
            </p>`
          : nothing
      }
      ${grid.length ? this.renderTable(grid, best) : nothing}`;
  }

  private renderPlot(grid: CvGridPoint[], best: number | null) {
    const box: CurveBox = { width: WIDTH, height: this.height, ...MARGIN };
    const g = curveGeometry(grid, box);
    const bottom = box.height - box.bottom;
    const bestPoint = g.points.find((p) => p.index === best);
    const label = `Validation curve: mean held-out cross-entropy at ${grid.length} values of λ${
      best === null ? '' : `, lowest at λ = ${formatLambda((grid[best] as CvGridPoint).l2)}`
    }. The table below lists every point.`;
    return html`<svg part="plot" viewBox="0 0 ${WIDTH} ${box.height}" role="img" aria-label=${label}>
      ${svg`
        <line class="axis" x1=${box.left} x2=${WIDTH - box.right} y1=${bottom} y2=${bottom}></line>
        <line class="axis" x1=${box.left} x2=${box.left} y1=${box.top} y2=${bottom}></line>
        ${g.xTicks.map((t) => svg`<text class="tick" x=${t.x} y=${bottom + 14} text-anchor="middle">${formatLambda(t.value)}</text>`)}
        ${g.yTicks.map((t) => svg`<text class="tick" x=${box.left - 6} y=${t.y + 4} text-anchor="end">${t.value}</text>`)}
        <text class="tick" x=${(box.left + WIDTH - box.right) / 2} y=${box.height - 4} text-anchor="middle">λ (log scale)</text>
        <text class="tick" transform="translate(12 ${(box.top + bottom) / 2}) rotate(-90)" text-anchor="middle">held-out CE (mean ± sd)</text>
        <path part="band" class="band" d=${g.band}></path>
        <path part="mean" class="mean" d=${g.mean}></path>
        ${
          this.showAccuracy
            ? svg`<path part="accuracy" class="acc" d=${g.accuracyPath}></path>
          <text class="tick" x=${WIDTH - box.right + 6} y=${(box.top + bottom) / 2}>accuracy</text>
          <text class="tick" x=${WIDTH - box.right + 6} y=${(box.top + bottom) / 2 + 13}>(dashed)</text>
          <text class="tick" x=${WIDTH - box.right + 6} y=${box.top + 8}>${g.accuracy[1].toFixed(2)}</text>
          <text class="tick" x=${WIDTH - box.right + 6} y=${bottom}>${g.accuracy[0].toFixed(2)}</text>`
            : nothing
        }
        ${g.points.map((p) =>
          p.mean === null
            ? nothing
            : svg`<circle class="point" cx=${p.x} cy=${p.mean} r="3.5" data-l2=${(grid[p.index] as CvGridPoint).l2}
                data-mean=${String((grid[p.index] as CvGridPoint).valLoss)}></circle>`,
        )}
        ${
          bestPoint && bestPoint.mean !== null
            ? svg`<g part="best" data-best=${(grid[bestPoint.index] as CvGridPoint).l2}>
                <line class="best" x1=${bestPoint.x} x2=${bestPoint.x} y1=${box.top} y2=${bottom}></line>
                <circle cx=${bestPoint.x} cy=${bestPoint.mean} r="6" fill="none" stroke="currentColor" stroke-width="2"></circle>
              </g>`
            : nothing
        }
      `}
    </svg>`;
  }

  private renderTable(grid: CvGridPoint[], best: number | null) {
    return html`<details>
      <summary>The grid as a table</summary>
      <table part="table">
        <caption class="muted">Held-out numbers${this.folds ? `, mean over ${this.folds} folds` : ''}; — marks a diverged run.</caption>
        <thead>
          <tr><th scope="col">λ</th><th scope="col">mean CE</th><th scope="col">sd</th><th scope="col">accuracy</th><th scope="col">epochs</th><th scope="col">chosen</th></tr>
        </thead>
        <tbody>
          ${grid.map(
            (p, i) =>
              html`<tr data-l2=${p.l2} ?data-best=${i === best}>
                <th scope="row">${formatLambda(p.l2)}</th><td>${fixed(p.valLoss)}</td><td>${fixed(p.valLossSd)}</td>
                <td>${fixed(p.valAccuracy, 3)}</td><td>${p.epochs}</td><td>${i === best ? 'chosen' : ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-cv-curve': XentCvCurve;
  }
}
