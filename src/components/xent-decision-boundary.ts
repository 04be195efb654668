import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { Dataset } from '../data/dataset.js';
import type { XentModel } from '../model/format.js';
import { encodedRow, modelScaling, predict } from '../model/predict.js';
import { theme, themedColor } from './theme.js';

interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function hexToRgb(color: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  return m
    ? [Number.parseInt(m[1] as string, 16), Number.parseInt(m[2] as string, 16), Number.parseInt(m[3] as string, 16)]
    : [128, 128, 128];
}

/** The features that can be axes: those of numeric input columns (every feature of a table without inputs). */
export function numericFeatures(data: Dataset): string[] {
  return data.inputs ? data.inputs.filter((i) => i.role === 'numeric').map((i) => i.name) : data.features;
}

/** Ranges of features `a` and `b` with a 5% margin. */
function boundsOf(data: Dataset, a: number, b: number): Bounds {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let r = 0; r < data.rows; r++) {
    const x = data.x[r * data.cols + a] as number;
    const y = data.x[r * data.cols + b] as number;
    [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
  }
  const [mx, my] = [0.05 * (x1 - x0 || 1), 0.05 * (y1 - y0 || 1)];
  return { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
}

/** Whether `model` was trained on `data`'s features (and any derived from them): else it has no regions here. */
function modelOf(data: Dataset, model: XentModel): boolean {
  const derived = model.version === 2 ? (model.derived?.features.length ?? 0) : 0;
  return model.features.length - derived === data.cols && data.features.every((f, j) => model.features[j] === f);
}

/** Per feature of `data`: the model's training mean when it standardises, else the mean over the data's rows. */
function featureMeans(data: Dataset, model: XentModel | null): number[] {
  const scaling = model && modelScaling(model);
  if (scaling) return scaling.mean.slice(0, data.cols);
  const means = new Array<number>(data.cols).fill(0);
  data.x.forEach((v, i) => {
    means[i % data.cols] = (means[i % data.cols] as number) + v / data.rows;
  });
  return means;
}

/**
 * The points coloured by class over the model's decision regions (each cell shaded by the predicted class
 * probabilities) on two numeric features, redrawn whenever `model` changes, so the boundary moves while training.
 * With more features, two menus choose the axes (the first two numeric features by default) and the other features
 * are held at their training mean (0 once standardised). `data` is the table as loaded: a model with derived
 * features (crosses) computes them from each point as predict does.
 *
 * @csspart canvas - the drawing
 * @csspart x-select - the menu of the horizontal axis's feature (data with more than two features)
 * @csspart y-select - the menu of the vertical axis's feature
 * @csspart caption - the line under it
 * @cssprop --xent-class-1 - colour of class 1 (up to --xent-class-6)
 */
@customElement('xent-decision-boundary')
export class XentDecisionBoundary extends LitElement {
  static override styles = [
    theme,
    css`
      canvas {
        width: 100%;
        max-width: 420px;
        aspect-ratio: 1;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        display: block;
      }
    `,
  ];

  /** The data set whose points are drawn: at least two numeric features. */
  @property({ attribute: false }) data: Dataset | null = null;
  /** Feature on the horizontal axis; default: the first numeric feature. */
  @property({ attribute: 'x-feature' }) xFeature = '';
  /** Feature on the vertical axis; default: the second numeric feature. */
  @property({ attribute: 'y-feature' }) yFeature = '';
  /** The model whose regions are drawn (null: points only). */
  @property({ attribute: false }) model: XentModel | null = null;
  /** Grid cells per side for the regions. */
  @property({ type: Number }) resolution = 72;
  /** At most this many points are drawn (evenly sampled). */
  @property({ type: Number, attribute: 'max-points' }) maxPoints = 2000;

  @query('canvas') private canvas!: HTMLCanvasElement;
  private bounds: Bounds | null = null;
  /** Indices of the axes' features in the data's feature columns (null: fewer than two numeric features). */
  private axes: [number, number] | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (!(changed.has('data') || changed.has('xFeature') || changed.has('yFeature'))) return;
    const numeric = this.data ? numericFeatures(this.data) : [];
    const x = numeric.includes(this.xFeature) ? this.xFeature : numeric[0];
    const y = numeric.includes(this.yFeature) && this.yFeature !== x ? this.yFeature : numeric.find((f) => f !== x);
    this.axes = this.data && x && y ? [this.data.features.indexOf(x), this.data.features.indexOf(y)] : null;
    this.bounds = this.data && this.axes ? boundsOf(this.data, ...this.axes) : null;
  }

  override render() {
    const { data, axes } = this;
    if (!data || !axes) {
      return html`<h3>Decision regions</h3>
        <canvas part="canvas" width="420" height="420" hidden></canvas>
        <p class="muted" part="caption">Shown for data sets with two numeric features.</p>`;
    }
    const [x, y] = axes.map((j) => data.features[j] as string) as [string, string];
    const menu = (part: string, chosen: string, other: string, set: (name: string) => void) =>
      html`<select part=${part} aria-label=${part === 'x-select' ? 'horizontal axis' : 'vertical axis'} @change=${(e: Event) => set((e.target as HTMLSelectElement).value)}>
        ${numericFeatures(data).map((f) => html`<option value=${f} ?selected=${f === chosen} ?disabled=${f === other}>${f}</option>`)}
      </select>`;
    const more = data.cols > 2;
    return html`<h3>Decision regions</h3>
      ${more ? html`<p>${menu('x-select', x, y, (f) => (this.xFeature = f))} vs ${menu('y-select', y, x, (f) => (this.yFeature = f))}</p>` : nothing}
      <canvas part="canvas" width="420" height="420"></canvas>
      <p class="muted" part="caption">
        ${x} vs ${y}; shade = predicted class probabilities${more ? '; the other features are held at their training mean (0 once standardised)' : ''}
      </p>`;
  }

  /** The class the model predicts at (x, y) on the axes, as the regions show it; null without regions. */
  classAt(x: number, y: number): string | null {
    const rows = this.regionRows([[x, y]]);
    return rows && this.model ? (predict(this.model, rows).classes[0] as string) : null;
  }

  /**
   * The model's feature rows for points (x, y) on the axes, the other features at their means, derived features
   * computed from them; null when there are no regions to draw.
   */
  private regionRows(points: [number, number][]): number[][] | null {
    const { model, data, axes } = this;
    if (!model || !data || !axes || !modelOf(data, model)) return null;
    const means = featureMeans(data, model);
    return points.map(([x, y]) => {
      const row = [...means];
      row[axes[0]] = x;
      row[axes[1]] = y;
      return encodedRow(model, row);
    });
  }

  override updated(): void {
    const context = this.canvas.getContext('2d');
    if (!context || !this.data || !this.bounds || !this.axes) return;
    const colors = this.data.classes.map((_, k) => hexToRgb(themedColor(this, 'class', k)));
    this.drawRegions(context, colors, this.bounds);
    this.drawPoints(context, this.data, colors, this.bounds, this.axes);
  }

  private drawRegions(context: CanvasRenderingContext2D, colors: [number, number, number][], b: Bounds): void {
    const { width, height } = this.canvas;
    context.fillStyle = '#f4f5f8';
    context.fillRect(0, 0, width, height);
    const n = this.resolution;
    const points: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) points.push([b.x0 + ((i + 0.5) / n) * (b.x1 - b.x0), b.y1 - ((j + 0.5) / n) * (b.y1 - b.y0)]);
    }
    const rows = this.regionRows(points);
    // A model of another table (its features differ) has no regions here.
    if (!rows || !this.model) return;
    const cells = new ImageData(n, n);
    predict(this.model, rows).probabilities.forEach((p, c) => {
      // Blend class colours by probability, then halfway to white so the points stand out.
      for (let channel = 0; channel < 3; channel++) {
        const mixed = p.reduce((sum, pk, k) => sum + pk * (colors[k]?.[channel] ?? 128), 0);
        cells.data[4 * c + channel] = 255 - 0.45 * (255 - mixed);
      }
      cells.data[4 * c + 3] = 255;
    });
    const grid = new OffscreenCanvas(n, n);
    grid.getContext('2d')?.putImageData(cells, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(grid, 0, 0, width, height);
  }

  private drawPoints(
    context: CanvasRenderingContext2D,
    data: Dataset,
    colors: [number, number, number][],
    b: Bounds,
    [a, c]: [number, number],
  ): void {
    const { width, height } = this.canvas;
    const stride = Math.max(1, Math.ceil(data.rows / this.maxPoints));
    context.lineWidth = 1;
    context.strokeStyle = 'rgba(255,255,255,0.9)';
    for (let r = 0; r < data.rows; r += stride) {
      const px = (((data.x[r * data.cols + a] as number) - b.x0) / (b.x1 - b.x0)) * width;
      const py = (1 - ((data.x[r * data.cols + c] as number) - b.y0) / (b.y1 - b.y0)) * height;
      const [red, green, blue] = colors[data.y[r] as number] ?? [0, 0, 0];
      context.fillStyle = `rgb(${red},${green},${blue})`;
      context.beginPath();
      context.arc(px, py, 3.2, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-decision-boundary': XentDecisionBoundary;
  }
}
