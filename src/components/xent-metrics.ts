import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Dataset } from '../data/dataset.js';
import type { XentModel } from '../model/format.js';
import { type ClassificationReport, classificationReport } from '../report/classification.js';
import { theme } from './theme.js';

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Accuracy, the confusion matrix and (for two classes) ROC AUC of a trained model. Set `report` directly, or set
 * `model` and `data` and the element computes it.
 *
 * @csspart summary - the accuracy / AUC line
 * @csspart confusion - the confusion matrix table
 * @csspart cell - one count of the confusion matrix
 * @cssprop --xent-accent - shade of the confusion matrix cells
 */
@customElement('xent-metrics')
export class XentMetrics extends LitElement {
  static override styles = [
    theme,
    css`
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
        margin-top: 6px;
      }
      th,
      td {
        padding: 3px 8px;
        text-align: right;
        border: 1px solid var(--_border);
      }
      th {
        font-weight: 500;
        color: var(--_muted);
      }
      td {
        position: relative;
        z-index: 0;
      }
      td::before {
        content: '';
        position: absolute;
        inset: 0;
        z-index: -1;
        background: var(--_accent);
        opacity: var(--share, 0);
      }
      .strong {
        font-size: 1.3em;
        font-weight: 600;
      }
    `,
  ];

  /** The numbers to show. */
  @property({ attribute: false }) report: ClassificationReport | null = null;
  /** With `data`: computes `report` for this model. */
  @property({ attribute: false }) model: XentModel | null = null;
  /** With `model`: the labelled rows to measure on. */
  @property({ attribute: false }) data: Dataset | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if ((changed.has('model') || changed.has('data')) && this.model && this.data) {
      this.report = classificationReport(this.model, this.data);
    }
  }

  override render() {
    const r = this.report;
    if (!r) return html`<h3>Metrics</h3><p class="muted">Train a model to see its accuracy and confusion matrix.</p>`;
    return html`<h3>Metrics <span class="muted">(all ${r.rows} rows)</span></h3>
      <p part="summary">
        accuracy <span class="strong" data-metric="accuracy">${percent(r.accuracy)}</span>
        ${r.auc === null ? nothing : html` · ROC AUC <span class="strong" data-metric="auc">${r.auc.toFixed(3)}</span>`}
      </p>
      <p class="muted">confusion matrix: rows are the true class, columns the predicted one</p>
      <table part="confusion">
        <tr>
          <th></th>
          ${r.classes.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
        ${r.confusion.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return html`<tr>
            <th scope="row">${r.classes[i]}</th>
            ${row.map((n) => html`<td part="cell" style="--share:${((0.6 * n) / total).toFixed(3)}">${n}</td>`)}
          </tr>`;
        })}
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-metrics': XentMetrics;
  }
}
