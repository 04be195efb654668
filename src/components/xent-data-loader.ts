import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { TrainOptions } from '../core/options.js';
import { builtinDataset } from '../data/builtin.js';
import type { ForcedRole } from '../data/column-typing.js';
import type { ColumnReport, Dataset } from '../data/dataset.js';
import { CsvWorkerSession } from '../data/parse-csv-in-worker.js';
import { columnReportTable } from './column-report-table.js';
import { fire } from './events.js';
import { loaderSources } from './loader-sources.js';
import { datasetHead, fileHead, type Preview, previewTable, proposeLabel, tableStyles } from './table-preview.js';
import { theme } from './theme.js';

/**
 * Loads a labelled table: a built-in data set, a CSV, Parquet or Arrow IPC / Feather file (picker or drag and drop)
 * or URL. Shows a preview and
 * the column report (each column's role, distinct values, missing cells, encoded width), and lets the user choose the
 * label column and each column's role. CSV parsing runs in a Web Worker, so big files never freeze the page; the
 * worker keeps the cells it read, so a changed role re-encodes the table without reading the file again.
 *
 * @fires {CustomEvent<DataLoadedDetail>} xent-data-loaded - a table is loaded (or re-encoded); the rows are on `data`
 * @fires {CustomEvent<ErrorDetail>} xent-error - the file could not be read or parsed (names file, row and column),
 *   or a chosen role does not fit the column; `data` is then null until a table loads
 * @csspart dropzone - the whole loader, which accepts dropped files
 * @csspart builtin-select - the built-in data set menu
 * @csspart file-input - the file picker
 * @csspart url-input - the URL field
 * @csspart label-select - the label column menu
 * @csspart status - the rows/features/classes summary, or how far reading a file got
 * @csspart progress - the `<progress>` bar shown while a file is read and parsed
 * @csspart error - the error message
 * @csspart preview - the preview table
 * @csspart columns - the column report table (CSV files and the built-in tables read from CSV)
 * @csspart role-select - each column's role menu (numeric, categorical, date, ignored)
 * @cssprop --xent-accent - outline of the drop zone while a file is dragged over
 */
@customElement('xent-data-loader')
export class XentDataLoader extends LitElement {
  static override styles = [
    theme,
    tableStyles,
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

  @state() private preview: Preview = { columns: [], rows: [] };
  @state() private status = '';
  @state() private error = '';
  @state() private busy = false;
  /** Fraction of the current file read by the worker, while busy. */
  @state() private progress = 0;
  @state() private dragging = false;
  /** The column report as read, each column with its inferred role. */
  @state() private inferred: ColumnReport[] = [];
  /** The column report of the table loaded now (null after a failure). */
  @state() private report: ColumnReport[] | null = null;
  /** Roles chosen in the menus, by column: they override the inferred ones. */
  @state() private roles: Record<string, ForcedRole> = {};
  /** The CSV currently chosen, kept to re-parse when the label column changes. */
  private csv: { blob: Blob; name: string } | null = null;
  /** The worker that read `csv` and keeps its cells for re-encoding. */
  private session: CsvWorkerSession | null = null;
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
      this.forgetFile();
      const entry = builtinDataset(name);
      const data = entry.load();
      this.preview = datasetHead(data);
      this.label = data.label;
      Object.assign(this, { inferred: data.columns ?? [], roles: {} });
      this.accept(generation, data, entry.options ?? {});
    } catch (error) {
      this.fail(generation, error);
    }
  }

  /**
   * Loads a CSV, Parquet or Arrow IPC / Feather file from a File or Blob (`name` appears in errors; its extension,
   * checked against the first bytes, chooses the reader; a name without one is told by the bytes).
   */
  async loadFile(file: Blob, name = file instanceof File ? file.name : 'data.csv'): Promise<void> {
    const generation = ++this.generation;
    const session = new CsvWorkerSession();
    try {
      const preview = await fileHead(file, name, session);
      if (generation !== this.generation) return session.close();
      this.closeSession();
      Object.assign(this, { csv: { blob: file, name }, session, preview });
      this.label = proposeLabel(preview.columns, this.label);
      await this.parse(generation);
    } catch (error) {
      if (this.session !== session) session.close();
      this.fail(generation, error);
    }
  }

  /** Fetches a CSV, Parquet or Arrow file from a URL and loads it. */
  async loadUrl(url: string): Promise<void> {
    const generation = ++this.generation;
    this.busy = true;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
      const blob = await response.blob();
      if (generation === this.generation) await this.loadFile(blob, url);
    } catch (error) {
      if (generation === this.generation) this.forgetFile();
      this.fail(generation, error);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.closeSession();
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('src') && this.src) void this.loadUrl(this.src);
    else if (changed.has('datasetName') && this.datasetName && !this.src) this.useBuiltin(this.datasetName);
  }

  override render() {
    return html`<div
      class="zone ${this.dragging ? 'dragging' : ''}"
      part="dropzone"
      @dragover=${this.onDragOver}
      @dragleave=${() => (this.dragging = false)}
      @drop=${this.onDrop}
    >
      ${loaderSources({
        builtin: this.loaded && !this.csv ? this.datasetName : '',
        onBuiltin: (name) => this.onBuiltin(name),
        onFile: (file) => void this.loadFile(file),
        onUrl: (url) => void this.loadUrl(url),
      })}
      <div class="row">
        <label
          >Label column
          <select part="label-select" aria-label="label column" ?disabled=${!this.csv || this.busy} @change=${this.onLabel}>
            ${this.preview.columns.map((c) => html`<option value=${c} ?selected=${c === this.label}>${c}</option>`)}
          </select></label
        >
        ${this.busy ? html`<progress part="progress" max="1" value=${this.progress}></progress>` : nothing}
        <span part="status" class="muted" role="status">${this.busy ? this.busyText() : this.status}</span>
      </div>
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
      ${columnReportTable({
        inferred: this.inferred,
        current: this.report,
        roles: this.roles,
        disabled: !this.session || this.busy,
        onRole: (name, role) => this.onRole(name, role),
      })}
      ${previewTable(this.preview, this.label)}
    </div>`;
  }

  private busyText(): string {
    return this.progress < 1 ? `parsing ${Math.floor(this.progress * 100)}%…` : 'building the data set…';
  }

  /** Reads the chosen CSV in the worker with the chosen label column; the roles start from the inferred ones. */
  private async parse(generation: number): Promise<void> {
    const { csv, session } = this;
    if (!csv || !session) return;
    Object.assign(this, { busy: true, progress: 0, error: '', roles: {} });
    try {
      const onProgress = (fraction: number) => {
        if (generation === this.generation) this.progress = fraction;
      };
      const data = await session.read(csv.blob, csv.name, this.label, { onProgress });
      if (generation === this.generation) this.inferred = data.columns ?? [];
      this.accept(generation, data, {});
    } catch (error) {
      this.fail(generation, error);
    }
  }

  /** Encodes the cells the worker kept again, with the chosen roles. */
  private async retype(generation: number): Promise<void> {
    const { session } = this;
    if (!session) return;
    Object.assign(this, { busy: true, progress: 1, error: '' });
    try {
      this.accept(generation, await session.retype(this.roles), {});
    } catch (error) {
      this.fail(generation, error, { keepReport: true });
    }
  }

  private accept(generation: number, data: Dataset, preset: Partial<TrainOptions>): void {
    if (generation !== this.generation) return;
    Object.assign(this, { loaded: data, report: data.columns ?? null, preset, busy: false, error: '' });
    this.status = `${data.rows} rows · ${data.cols} features · ${data.classes.length} classes`;
    fire(this, 'xent-data-loaded', {
      name: data.name,
      rows: data.rows,
      features: [...data.features],
      label: data.label,
      classes: [...data.classes],
    });
  }

  /**
   * Nothing stays loaded behind an error: the table, its summary and its report go (a failed re-encoding keeps the
   * report as read, so the role can be changed back).
   */
  private fail(generation: number, error: unknown, { keepReport = false } = {}): void {
    if (generation !== this.generation) return;
    Object.assign(this, { loaded: null, report: null, preset: {}, status: '', busy: false });
    if (!keepReport) this.inferred = [];
    this.error = error instanceof Error ? error.message : String(error);
    fire(this, 'xent-error', { message: this.error });
  }

  private onBuiltin(name: string): void {
    this.src = '';
    if (name === this.datasetName) this.useBuiltin(name);
    else this.datasetName = name; // willUpdate() loads it
  }

  private onRole(name: string, role: ForcedRole | undefined): void {
    const { [name]: _, ...others } = this.roles;
    this.roles = role ? { ...others, [name]: role } : others;
    void this.retype(++this.generation);
  }

  private closeSession(): void {
    this.session?.close();
    this.session = null;
  }

  /** Nothing of the last CSV stays: its worker, its label menu and its preview. */
  private forgetFile(): void {
    this.closeSession();
    Object.assign(this, { csv: null, preview: { columns: [], rows: [] } });
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
