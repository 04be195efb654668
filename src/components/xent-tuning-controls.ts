import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fire } from './events.js';
import { labelledFields } from './field-styles.js';
import { theme } from './theme.js';

/** The distinct learning rates of a list such as "0.01, 0.03 0.1": positive numbers, else null. */
export function parseRates(text: string): number[] | null {
  const rates = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map(Number),
    ),
  ];
  return rates.length > 0 && rates.every((r) => Number.isFinite(r) && r > 0) ? rates : null;
}

/**
 * Tuning beside the training settings: "choose λ by cross-validation" (folds and the size of the λ grid) and a
 * learning-rate sweep (a list of rates, each trained with the same settings). It only asks: the element that trains
 * listens to its events and sets `running`, `optimizer` and `status`.
 *
 * @fires {CustomEvent<CvStartDetail>} xent-cv-start - the cross-validation button was pressed
 * @fires {CustomEvent<SweepStartDetail>} xent-sweep-start - the sweep button was pressed, with the rates
 * @csspart cv-start - the cross-validation button
 * @csspart sweep-start - the sweep button
 * @csspart status - progress of a cross-validation, or why the sweep is unavailable
 */
@customElement('xent-tuning-controls')
export class XentTuningControls extends LitElement {
  static override styles = [
    theme,
    labelledFields,
    css`
      .row {
        display: flex;
        align-items: end;
        gap: var(--_gap);
        flex-wrap: wrap;
      }
      input[type='number'] {
        width: 6em;
      }
      [part='status'] {
        margin: 6px 0 0;
        min-height: 1.2em;
      }
    `,
  ];

  /** Folds of the stratified split. */
  @property({ type: Number }) folds = 5;
  /** How many λ values to try (scikit-learn's default Cs, as λ). */
  @property({ type: Number, attribute: 'l2-grid' }) l2Grid = 10;
  /** The sweep's learning rates, separated by commas or spaces. */
  @property() rates = '0.01, 0.03, 0.1, 0.3';
  /** The training settings' optimizer: a sweep needs one with a learning rate (not `lbfgs`). */
  @property() optimizer = 'adam';
  /** A run is in progress (the buttons wait). */
  @property({ type: Boolean }) running = false;
  /** Nothing to train on yet. */
  @property({ type: Boolean }) disabled = false;
  /** A line of progress to show (e.g. the cross-validation's passes). */
  @property() status = '';

  override render() {
    const locked = this.running || this.disabled;
    const rates = parseRates(this.rates);
    const noRate = this.optimizer === 'lbfgs';
    const why = noRate
      ? 'L-BFGS has no learning rate: pick sgd, momentum or adam to sweep it.'
      : rates
        ? ''
        : 'Learning rates: positive numbers, comma-separated.';
    return html`<h3>Tuning</h3>
      <div class="row">
        <label>folds <input name="folds" type="number" min="2" step="1" .value=${String(this.folds)} ?disabled=${this.running} @change=${this.onNumber} /></label>
        <label>λ values <input name="l2Grid" type="number" min="1" step="1" .value=${String(this.l2Grid)} ?disabled=${this.running} @change=${this.onNumber} /></label>
        <button part="cv-start" ?disabled=${locked} @click=${this.startCv}>Choose λ by cross-validation</button>
        <label>learning rates <input name="rates" type="text" .value=${this.rates} ?disabled=${this.running} @change=${this.onRates} /></label>
        <button part="sweep-start" ?disabled=${locked || !rates || noRate} @click=${this.startSweep}>Learning-rate sweep</button>
      </div>
      <p part="status" class="muted" role="status">${this.status || why || nothing}</p>`;
  }

  private onNumber(event: Event): void {
    const input = event.target as HTMLInputElement;
    const value = Math.round(Number(input.value));
    const min = input.name === 'folds' ? 2 : 1;
    if (Number.isFinite(value) && value >= min) Object.assign(this, { [input.name]: value });
    else input.value = String(this[input.name as 'folds' | 'l2Grid']);
  }

  private onRates(event: Event): void {
    this.rates = (event.target as HTMLInputElement).value;
  }

  private startCv(): void {
    fire(this, 'xent-cv-start', { folds: this.folds, l2Grid: this.l2Grid });
  }

  private startSweep(): void {
    const rates = parseRates(this.rates);
    if (rates) fire(this, 'xent-sweep-start', { rates });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-tuning-controls': XentTuningControls;
  }
}
