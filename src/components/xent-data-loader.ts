import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import Papa from 'papaparse';
import type { TrainOptions } from '../core/options.js';
import { builtinDataset, builtinDatasets } from '../data/builtin.js';
import { csvColumns } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { parseCsvInWorker } from '../data/parse-csv-in-worker.js';
import { fire } from './events.js';
import { theme } from './theme.js';

/** Bytes read on the main thread for the header and the preview; the full parse happens in a worker. */
const HEAD_BYTES = 64 * 1024;
const PREVIEW_ROWS = 8;
const LABEL_NAMES = ['label', 'class', 'target', 'y', 'species'];

/** The label column to propose: one with a usual name, else the last. */
function proposeLabel(columns: string[], wanted: string): string {
  if (columns.includes(wanted)) return wanted;
  return columns.find((c) => LABEL_NAMES.includes(c.toLowerCase())) ?? columns.at(-1) ?? '';
}

/** Formats a number for the preview table. */
function cell(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/**
 * Loads a labelled table: a built-in data set, a CSV file (picker or drag and drop) or a CSV URL. Shows a preview and
 * lets the user choose the label column; CSV parsing runs in a Web Worker, so big files never freeze the page.
 *
 * @fires {CustomEvent<DataLoadedDetail>} xent-data-loaded - a table is loaded; the rows are on `data`
 * @fires {CustomEvent<ErrorDetail>} xent-error - the file could not be read or parsed (names file, row and column)
 * @csspart dropzone - the whole loader, which accepts dropped files
 * @csspart builtin-select - the built-in data set menu
 * @csspart file-input - the file picker
 * @csspart url-input - the URL field
 * @csspart label-select - the label column menu
 * @csspart status - the rows/features/classes summary, or how far reading a file got
 * @csspart progress - the `<progress>` bar shown while a file is read and parsed
 * @csspart error - the error message
 * @csspart preview - the preview table
 * @cssprop --xent-accent - outline of the drop zone while a file is dragged over
 */
@customElement('xent-data-loader')
export class XentDataLoader extends LitElement {
  static override styles = [
    theme,
    css`
      .zone {
        border: 1px dashed var(--_border);
        border-radius: var(--_radius);
        padding: var(--_gap);
      }
      .zone.dragging {
        border-color: var(--_accent);
        background: color-mix(in srgb, var(--_accent) 8%, transparent);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px var(--_gap);
        margin-bottom: 8px;
      }
      form {
        display: inline-flex;
        gap: 4px;
      }
      .table {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        font-size: 0.85em;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 2px 8px;
        text-align: right;
        border-bottom: 1px solid var(--_border);
        white-space: nowrap;
      }
      th.label,
      td.label {
        color: var(--_accent);
        font-weight: 600;
      }
      p {
        margin: 4px 0;
      }
    `,
  ];

  /** Name of a built-in data set to load (see `xent datasets`). */
  @property({ attribute: 'dataset' }) datasetName = '';
  /** URL of a CSV to load (same origin, or a server that allows it). */
  @property() src = '';
  /** Label column of a CSV; default: a column named label/class/target/y, else the last one. */
  @property() label = '';

  @state() private columns: string[] = [];
  @state() private preview: string[][] = [];
  @state() private status = '';
  @state() private error = '';
  @state() private busy = false;
  /** Fraction of the current file read by the worker, while busy. */
  @state() private progress = 0;
  @state() private dragging = false;
  /** The CSV currently chosen, kept to re-parse when the label column changes. */
  private csv: { blob: Blob; name: string } | null = null;
  private loaded: Dataset | null = null;
  private preset: Partial<TrainOptions> = {};
  /** Load counter: a slow parse that finishes after a newer load is dropped. */
  private generation = 0;

  /** The loaded table (null until one loads). */
  get data(): Dataset | null {
    return this.loaded;
  }

  /** Training settings that come with the loaded built-in data set (empty for CSVs). */
  get presetOptions(): Partial<TrainOptions> {
    return this.preset;
  }

  /** Loads a built-in data set by name. */
  useBuiltin(name: string): void {
    const generation = ++this.generation;
    try {
      const entry = builtinDataset(name);
      const data = entry.load();
      this.csv = null;
      this.columns = [...data.features, data.label];
      this.preview = Array.from({ length: Math.min(PREVIEW_ROWS, data.rows) }, (_, r) => [
        ...Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols), cell),
        data.classes[data.y[r] as number] as string,
      ]);
      this.label = data.label;
      this.accept(generation, data, entry.options ?? {});
    } catch (error) {
      this.fail(generation, error);
    }
  }

  /** Loads a CSV from a File or Blob (`name` appears in errors). */
  async loadFile(file: Blob, name = file instanceof File ? file.name : 'data.csv'): Promise<void> {
    const generation = ++this.generation;
    try {
      const head = await file.slice(0, HEAD_BYTES).text();
      // Only complete lines: the last one of a partial read may be cut.
      const complete = file.size > HEAD_BYTES ? head.slice(0, head.lastIndexOf('\n') + 1) : head;
      if (generation !== this.generation) return;
      this.csv = { blob: file, name };
      this.columns = csvColumns(complete);
      this.preview = Papa.parse<string[]>(complete, { preview: PREVIEW_ROWS + 1, skipEmptyLines: true }).data.slice(1);
      this.label = proposeLabel(this.columns, this.label);
      await this.parse(generation);
    } catch (error) {
      this.fail(generation, error);
    }
  }

  /** Fetches a CSV from a URL and loads it. */
  async loadUrl(url: string): Promise<void> {
    const generation = ++this.generation;
    this.busy = true;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
      const blob = await response.blob();
      if (generation === this.generation) await this.loadFile(blob, url);
    } catch (error) {
      this.fail(generation, error);
    }
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('src') && this.src) void this.loadUrl(this.src);
    else if (changed.has('datasetName') && this.datasetName && !this.src) this.useBuiltin(this.datasetName);
  }

  override render() {
    const builtin = builtinDatasets.find((d) => d.name === this.datasetName && !this.csv);
    return html`<div
      class="zone ${this.dragging ? 'dragging' : ''}"
      part="dropzone"
      @dragover=${this.onDragOver}
      @dragleave=${() => (this.dragging = false)}
      @drop=${this.onDrop}
    >
      <div class="row">
        <label
          >Built-in
          <select part="builtin-select" aria-label="built-in data set" @change=${this.onBuiltin}>
            <option value="" ?selected=${!builtin}>—</option>
            ${builtinDatasets.map((d) => html`<option value=${d.name} title=${d.description} ?selected=${d === builtin}>${d.name}</option>`)}
          </select></label
        >
        <label>CSV file <input part="file-input" type="file" accept=".csv,text/csv" @change=${this.onFile} /></label>
        <form @submit=${this.onUrl}>
          <input part="url-input" name="url" type="text" placeholder="CSV URL" aria-label="CSV URL" />
          <button type="submit">Load</button>
        </form>
        <span class="muted">or drop a CSV here</span>
      </div>
      ${builtin ? html`<p class="muted">${builtin.description}</p>` : nothing}
      <div class="row">
        <label
          >Label column
          <select part="label-select" aria-label="label column" ?disabled=${!this.csv || this.busy} @change=${this.onLabel}>
            ${this.columns.map((c) => html`<option value=${c} ?selected=${c === this.label}>${c}</option>`)}
          </select></label
        >
        ${this.busy ? html`<progress part="progress" max="1" value=${this.progress}></progress>` : nothing}
        <span part="status" class="muted" role="status">${this.busy ? this.busyText() : this.status}</span>
      </div>
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing} ${this.renderPreview()}
    </div>`;
  }

  private renderPreview() {
    if (this.columns.length === 0) return nothing;
    const labelAt = this.columns.indexOf(this.label);
    const mark = (i: number) => (i === labelAt ? 'label' : '');
    return html`<div class="table">
      <table part="preview">
        <tr>
          ${this.columns.map((c, i) => html`<th class=${mark(i)}>${c}</th>`)}
        </tr>
        ${this.preview.map((row) => html`<tr>${row.map((v, i) => html`<td class=${mark(i)}>${v}</td>`)}</tr>`)}
      </table>
    </div>`;
  }

  private busyText(): string {
    return this.progress < 1 ? `parsing ${Math.floor(this.progress * 100)}%…` : 'building the data set…';
  }

  private async parse(generation: number): Promise<void> {
    const csv = this.csv;
    if (!csv) return;
    Object.assign(this, { busy: true, progress: 0, error: '' });
    try {
      const onProgress = (fraction: number) => {
        if (generation === this.generation) this.progress = fraction;
      };
      const data = await parseCsvInWorker(csv.blob, csv.name, this.label, { onProgress });
      this.accept(generation, data, {});
    } catch (error) {
      this.fail(generation, error);
    }
  }

  private accept(generation: number, data: Dataset, preset: Partial<TrainOptions>): void {
    if (generation !== this.generation) return;
    Object.assign(this, { loaded: data, preset, busy: false, error: '' });
    this.status = `${data.rows} rows · ${data.cols} features · ${data.classes.length} classes`;
    fire(this, 'xent-data-loaded', {
      name: data.name,
      rows: data.rows,
      features: [...data.features],
      label: data.label,
      classes: [...data.classes],
    });
  }

  private fail(generation: number, error: unknown): void {
    if (generation !== this.generation) return;
    this.busy = false;
    this.error = error instanceof Error ? error.message : String(error);
    fire(this, 'xent-error', { message: this.error });
  }

  private onBuiltin(event: Event): void {
    const name = (event.target as HTMLSelectElement).value;
    if (!name) return;
    this.src = '';
    if (name === this.datasetName) this.useBuiltin(name);
    else this.datasetName = name; // willUpdate() loads it
  }

  private onFile(event: Event): void {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void this.loadFile(file);
  }

  private onUrl(event: SubmitEvent): void {
    event.preventDefault();
    const url = new FormData(event.target as HTMLFormElement).get('url');
    if (typeof url === 'string' && url.trim()) void this.loadUrl(url.trim());
  }

  private onLabel(event: Event): void {
    this.label = (event.target as HTMLSelectElement).value;
    void this.parse(++this.generation);
  }

  private onDragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging = true;
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    const file = event.dataTransfer?.files[0];
    if (file) void this.loadFile(file);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-data-loader': XentDataLoader;
  }
}
