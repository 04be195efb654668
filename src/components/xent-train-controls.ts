import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { crossToggles } from '../data/derived.js';
import { CONTROLS, elementValue, formChoices, type Setting, settingsOf, type TrainSettings } from '../train/settings.js';
import { fire } from './events.js';
import { labelledFields } from './field-styles.js';
import { theme } from './theme.js';
import { TrainSettingsElement } from './train-settings-element.js';

/** The control whose property a form field is named after. */
function control(property: string): Setting {
  return CONTROLS.find((s) => s.property === property) as Setting;
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/**
 * Hyper-parameters (model, loss, optimizer, learning rate, epochs, batch size, L2, backend, balance classes), the
 * feature-cross toggles (a², b², a·b, sin a, sin b of the first two numeric inputs, when `inputs` names any), start/stop, and a
 * progress bar with the epoch count and ETA. It only asks: the element that trains listens to its events and sets
 * `running`, `epoch`, `totalEpochs` and `etaSeconds`.
 *
 * @fires {CustomEvent<TrainSettings>} xent-start - the Train button was pressed, with the current settings
 * @fires {CustomEvent<void>} xent-stop - the Stop button was pressed
 * @fires {CustomEvent<TrainSettings>} xent-settings-change - a setting was edited
 * @csspart form - the grid of settings
 * @csspart crosses - the feature-cross toggles (a fieldset of checkboxes)
 * @csspart start - the Train button
 * @csspart stop - the Stop button
 * @csspart progress - the progress bar
 * @csspart progress-text - epoch count and ETA
 * @cssprop --xent-accent - the Train button and progress bar colour
 */
@customElement('xent-train-controls')
export class XentTrainControls extends TrainSettingsElement {
  static override styles = [
    theme,
    labelledFields,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        gap: 8px var(--_gap);
      }
      label.switch {
        flex-direction: row;
        align-items: center;
        gap: 6px;
      }
      .actions {
        display: flex;
        align-items: center;
        gap: var(--_gap);
        margin-top: var(--_gap);
        flex-wrap: wrap;
      }
      fieldset {
        display: flex;
        flex-wrap: wrap;
        gap: 4px var(--_gap);
        margin: var(--_gap) 0 0;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      fieldset label {
        flex-direction: row;
        align-items: center;
        gap: 4px;
      }
      progress {
        flex: 1;
        min-width: 120px;
        accent-color: var(--_accent);
      }
    `,
  ];

  /** A run is in progress (shows Stop, locks the settings). */
  @property({ type: Boolean }) running = false;
  /** Nothing to train on yet. */
  @property({ type: Boolean }) disabled = false;
  @property({ type: Number }) epoch = 0;
  @property({ type: Number, attribute: 'total-epochs' }) totalEpochs = 0;
  /** Seconds left, or null when unknown. */
  @property({ attribute: false }) etaSeconds: number | null = null;
  /** The table's numeric inputs: the feature-cross toggles are of the first two (none: no toggles). */
  @property({ attribute: false }) inputs: string[] = [];

  /** The settings as chosen. */
  get settings(): TrainSettings {
    return settingsOf(this);
  }

  override render() {
    const locked = this.running;
    const select = (name: keyof this & string, label: string) =>
      html`<label
        >${label}
        <select name=${name} ?disabled=${locked} @change=${this.onEdit}>
          ${formChoices(control(name)).map((o) => html`<option value=${o} ?selected=${String(this[name]) === o}>${o}</option>`)}
        </select></label
      >`;
    const number = (name: keyof this & string, label: string, step: string, min = '0') =>
      html`<label
        >${label} <input name=${name} type="number" min=${min} step=${step} .value=${String(this[name])} ?disabled=${locked} @change=${this.onEdit}
      /></label>`;
    return html`<div class="grid" part="form">
        ${select('modelKind', 'model')} ${select('loss', 'loss')} ${select('optimizer', 'optimizer')}
        ${number('learningRate', 'learning rate', 'any')}
        ${number('epochs', 'epochs', '1', '1')}
        <label
          >batch size
          <input
            name="batchSize"
            type="text"
            inputmode="numeric"
            .value=${String(this.batchSize)}
            ?disabled=${locked}
            @change=${this.onEdit}
            title="rows per step, or full"
        /></label>
        ${number('l2', 'L2 (λ)', 'any')} ${select('backend', 'backend')}
        <label class="switch" title="weigh each training row by N / (K · count of its class)"
          ><input
            name="classWeight"
            type="checkbox"
            .checked=${this.classWeight === 'balanced'}
            ?disabled=${locked}
            @change=${this.onBalance}
          />
          balance classes</label
        >
      </div>
      ${this.renderCrosses()}
      <div class="actions">
        ${
          this.running
            ? html`<button part="stop" @click=${() => fire(this, 'xent-stop', undefined)}>Stop</button>`
            : html`<button part="start" class="primary" ?disabled=${this.disabled} @click=${() => fire(this, 'xent-start', this.settings)}>
                Train
              </button>`
        }
        <progress part="progress" max=${this.totalEpochs || 1} .value=${this.epoch}></progress>
        <span part="progress-text" class="muted"
          >${this.totalEpochs ? `epoch ${this.epoch} / ${this.totalEpochs}` : 'not started'}${
            this.running && this.etaSeconds !== null ? ` · ETA ${formatSeconds(this.etaSeconds)}` : nothing
          }</span
        >
      </div>`;
  }

  private renderCrosses() {
    const toggles = crossToggles(this.inputs);
    if (toggles.length === 0) return nothing;
    return html`<fieldset part="crosses">
      <legend>feature crosses</legend>
      ${toggles.map(
        ({ term, label }) =>
          html`<label
            ><input type="checkbox" data-term=${term} .checked=${this.crosses.includes(term)} ?disabled=${this.running} @change=${this.onCross} />
            ${label}</label
          >`,
      )}
    </fieldset>`;
  }

  /** A toggle adds or removes its term; terms without a toggle (set by an attribute) stay. */
  private onCross(event: Event): void {
    const input = event.target as HTMLInputElement;
    const term = input.dataset.term as string;
    this.crosses = input.checked ? [...this.crosses.filter((t) => t !== term), term] : this.crosses.filter((t) => t !== term);
    fire(this, 'xent-settings-change', this.settings);
  }

  private onBalance(event: Event): void {
    this.classWeight = (event.target as HTMLInputElement).checked ? 'balanced' : 'none';
    fire(this, 'xent-settings-change', this.settings);
  }

  private onEdit(event: Event): void {
    const input = event.target as HTMLInputElement | HTMLSelectElement;
    Object.assign(this, { [input.name]: elementValue(control(input.name), input.value) });
    fire(this, 'xent-settings-change', this.settings);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-train-controls': XentTrainControls;
  }
}
