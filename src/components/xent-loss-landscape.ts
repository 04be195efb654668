import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import { loadBuiltin } from '../data/builtin.js';
import type { Dataset } from '../data/dataset.js';
import { followModel } from '../explain/follow.js';
import { type LandscapeLoss, type LandscapeSpec, landscapeCell, meanLoss } from '../explain/landscape.js';
import { landscapeImage } from '../explain/landscape-image.js';
import { type Columns, columns, type LineModel } from '../explain/logistic2d.js';
import { linearScale } from '../explain/scale.js';
import { LineModelStepper } from '../explain/stepper.js';
import { theme } from './theme.js';

const LOSSES: readonly LandscapeLoss[] = ['cross-entropy', 'mse'];
/** Grid work per slice, so the page keeps its frames while the landscapes fill in. */
const SLICE_MS = 8;
const SIZE = 260;

/** One point of a training path: the weights and J (of that panel's loss) there. */
export interface PathPoint extends LineModel {
  loss: number;
}

/** `xent-landscape-step`: one more step of both paths. */
export interface LandscapeStepDetail {
  step: number;
  'cross-entropy': PathPoint;
  mse: PathPoint;
}

const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));

/**
 * The loss landscape J(w₁, w₂) of a two-feature logistic model, cross-entropy beside squared error, as banded heat
 * maps of log J (the bands read as contours; darker is lower) with b at its optimum for each (w₁, w₂) (or fixed by
 * `bias`). Train runs gradient descent on each loss from `start` and draws both paths live. The cross-entropy map is
 * one convex bowl; the squared error's has flat plateaus where a path stalls. Computed in float64 on the CPU, a few
 * cells per frame.
 *
 * @fires {CustomEvent<LandscapeStepDetail>} xent-landscape-step - both paths took one more step
 * @fires {CustomEvent<void>} xent-landscape-ready - both grids are complete
 * @csspart map - each heat map's canvas (two)
 * @csspart train - the Train button
 * @csspart status - the progress line
 */
@customElement('xent-loss-landscape')
export class XentLossLandscape extends LitElement {
  static override styles = [
    theme,
    css`
      .maps {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_gap);
      }
      figure {
        margin: 0;
      }
      canvas {
        width: ${SIZE}px;
        aspect-ratio: 1;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        display: block;
        background: #eef0f4;
      }
      figcaption {
        font-size: 0.85em;
        color: var(--_muted);
        max-width: ${SIZE}px;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-top: 8px;
      }
    `,
  ];

  @property({ attribute: 'dataset' }) datasetName = 'blobs2';
  @property({ attribute: false }) data: Dataset | null = null;
  /** w₁ and w₂ span −extent … extent. */
  @property({ type: Number }) extent = 6;
  /** Grid points per side. */
  @property({ type: Number }) resolution = 41;
  /** `optimal` (the best b for each (w₁, w₂)) or a fixed number. */
  @property() bias = 'optimal';
  /** Where Train starts: "w1,w2,b". */
  @property() start = '-4,-4,0';
  @property({ type: Number, attribute: 'learning-rate' }) learningRate = 1;
  /** Steps Train takes on each loss. */
  @property({ type: Number }) steps = 120;
  /** Id of a `<xent-manual-model>` whose (w₁, w₂) is marked on both maps. */
  @property({ attribute: 'for' }) for = '';
  /** The paths drawn on each map (Train fills them; settable). */
  @property({ attribute: false }) paths: Record<LandscapeLoss, PathPoint[]> = { 'cross-entropy': [], mse: [] };

  @state() private filled = 0;
  @state() private training = false;
  @queryAll('canvas') private canvases!: NodeListOf<HTMLCanvasElement>;
  private cols: Columns | null = null;
  private grids: Float64Array[] = [];
  private bases: OffscreenCanvas[] = [];
  private drawn = [0, 0];
  private marker: LineModel | null = null;
  private generation = 0;
  private unfollow: (() => void) | null = null;

  /** Fraction of the two grids computed so far. */
  get progress(): number {
    return this.filled / (2 * this.resolution ** 2);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.generation++;
    this.unfollow?.();
    this.unfollow = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('datasetName') && !this.data) this.data = loadBuiltin(this.datasetName);
    if (this.data && (['data', 'extent', 'resolution', 'bias'] as const).some((name) => changed.has(name)))
      void this.computeGrids(this.data);
    if (changed.has('for')) {
      this.unfollow?.();
      this.unfollow = this.for
        ? followModel(this.for, (m) => {
            this.marker = m;
            this.redraw();
          })
        : null;
    }
    if (changed.has('paths')) this.drawn = [0, 0];
  }

  override updated(): void {
    this.drawPaths();
  }

  override render() {
    const status = this.progress < 1 ? `computing the landscapes: ${Math.floor(100 * this.progress)}%` : '';
    return html`<h3>Loss landscapes over (w₁, w₂), ${this.bias === 'optimal' ? 'b at its optimum' : `b = ${this.bias}`}</h3>
      <div class="maps">
        ${LOSSES.map(
          (loss) => html`<figure>
            <canvas part="map" data-loss=${loss} width=${SIZE} height=${SIZE} role="img"
              aria-label=${`${loss === 'mse' ? 'squared error' : 'cross-entropy'} landscape over w1 and w2 from ${-this.extent} to ${this.extent}`}></canvas>
            <figcaption>${loss === 'mse' ? 'squared error (p − y)²' : 'cross-entropy'}: w₁ → from ${-this.extent} to ${this.extent}, w₂ ↑; darker is lower J</figcaption>
          </figure>`,
        )}
      </div>
      <div class="actions">
        <button part="train" class="primary" ?disabled=${this.training || !this.cols} @click=${() => this.train()}>Train both from (${this.start})</button>
        <span part="status" class="muted" aria-live="polite">${this.training ? 'training…' : status}</span>
      </div>`;
  }

  /** Gradient descent on each loss from `start`, both paths drawn as they go, one step per frame. */
  async train(): Promise<void> {
    if (!this.data || !this.cols || this.training) return;
    this.training = true;
    const [w1, w2, b] = this.start.split(',').map(Number) as [number, number, number];
    const from: LineModel = { w1, w2, b };
    const cols = this.cols;
    const at = (loss: LandscapeLoss, m: LineModel): PathPoint => ({ ...m, loss: meanLoss(cols, loss, m.w1, m.w2, m.b) });
    const steppers = LOSSES.map((loss) => new LineModelStepper(this.data as Dataset, from, { loss, lr: this.learningRate, l2: 0 }));
    this.paths = { 'cross-entropy': [at('cross-entropy', from)], mse: [at('mse', from)] };
    try {
      for (let step = 1; step <= this.steps; step++) {
        const [ce, mse] = await Promise.all(steppers.map((s) => s.step(1)));
        const detail: LandscapeStepDetail = {
          step,
          'cross-entropy': at('cross-entropy', ce as LineModel),
          mse: at('mse', mse as LineModel),
        };
        this.paths['cross-entropy'].push(detail['cross-entropy']);
        this.paths.mse.push(detail.mse);
        this.drawPaths();
        this.dispatchEvent(new CustomEvent('xent-landscape-step', { detail, bubbles: true, composed: true }));
        await nextFrame();
      }
    } finally {
      for (const s of steppers) s.dispose();
      this.training = false;
    }
  }

  /** Fills both grids a slice at a time; a newer call (other data or extent) makes an older one stop. */
  private async computeGrids(data: Dataset): Promise<void> {
    const generation = ++this.generation;
    this.cols = columns(data);
    const n = this.resolution;
    const specs: LandscapeSpec[] = LOSSES.map((loss) => ({
      loss,
      w1: [-this.extent, this.extent],
      w2: [-this.extent, this.extent],
      resolution: n,
      bias: this.bias === 'optimal' ? 'optimal' : Number(this.bias),
    }));
    this.grids = specs.map(() => new Float64Array(n * n));
    this.bases = specs.map(() => new OffscreenCanvas(n, n));
    this.filled = 0;
    for (let panel = 0; panel < 2; panel++) {
      for (let cell = 0; cell < n * n; ) {
        const until = performance.now() + SLICE_MS;
        while (cell < n * n && performance.now() < until) {
          (this.grids[panel] as Float64Array)[cell] = landscapeCell(this.cols, specs[panel] as LandscapeSpec, cell);
          cell++;
        }
        this.bases[panel]?.getContext('2d')?.putImageData(landscapeImage(this.grids[panel] as Float64Array, cell, n), 0, 0);
        this.filled = panel * n * n + cell;
        this.redraw();
        await nextFrame();
        if (generation !== this.generation) return;
      }
    }
    this.dispatchEvent(new CustomEvent('xent-landscape-ready', { bubbles: true, composed: true }));
  }

  /** Everything: the maps, the whole paths, the marker. */
  private redraw(): void {
    this.canvases?.forEach((canvas, panel) => {
      const context = canvas.getContext('2d');
      const base = this.bases[panel];
      if (!context || !base) return;
      context.clearRect(0, 0, SIZE, SIZE);
      context.imageSmoothingEnabled = false;
      context.drawImage(base, 0, 0, SIZE, SIZE);
      if (this.marker) {
        const [x, y] = this.toCanvas(this.marker);
        context.strokeStyle = '#ffffff';
        context.lineWidth = 2;
        context.beginPath();
        context.arc(x, y, 6, 0, 2 * Math.PI);
        context.stroke();
      }
    });
    this.drawn = [0, 0];
    this.drawPaths();
  }

  /** The path segments not drawn yet. */
  private drawPaths(): void {
    this.canvases?.forEach((canvas, panel) => {
      const path = this.paths[LOSSES[panel] as LandscapeLoss];
      const context = canvas.getContext('2d');
      const from = Math.max(0, (this.drawn[panel] as number) - 1);
      if (!context || path.length - from < 2) return;
      context.strokeStyle = '#ff4f4f';
      context.lineWidth = 2;
      context.beginPath();
      for (let k = from; k < path.length; k++) {
        const [x, y] = this.toCanvas(path[k] as PathPoint);
        k === from ? context.moveTo(x, y) : context.lineTo(x, y);
      }
      context.stroke();
      this.drawn[panel] = path.length;
    });
  }

  private toCanvas(m: LineModel): [number, number] {
    // Cell centres sit at the grid points: the first and last cells are half outside the span.
    const half = this.extent / (this.resolution - 1);
    const x = linearScale(-this.extent - half, this.extent + half, 0, SIZE);
    const y = linearScale(-this.extent - half, this.extent + half, SIZE, 0);
    return [x(m.w1), y(m.w2)];
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-loss-landscape': XentLossLandscape;
  }
  interface HTMLElementEventMap {
    'xent-landscape-step': CustomEvent<LandscapeStepDetail>;
    'xent-landscape-ready': CustomEvent<void>;
  }
}
