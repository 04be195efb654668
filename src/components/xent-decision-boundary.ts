import { css, html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { Dataset } from '../data/dataset.js';
import type { XentModel } from '../model/format.js';
import { predict } from '../model/predict.js';
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

/** Feature ranges of a 2-D data set with a 5% margin. */
function boundsOf(data: Dataset): Bounds {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let r = 0; r < data.rows; r++) {
    const x = data.x[2 * r] as number;
    const y = data.x[2 * r + 1] as number;
    [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
  }
  const [mx, my] = [0.05 * (x1 - x0 || 1), 0.05 * (y1 - y0 || 1)];
  return { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
}

/**
 * For data with two features: the points coloured by class over the model's decision regions (each cell shaded by
 * the predicted class probabilities), redrawn whenever `model` changes, so the boundary moves while training.
 *
 * @csspart canvas - the drawing
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

  /** A data set with exactly two feature columns. */
  @property({ attribute: false }) data: Dataset | null = null;
  /** The model whose regions are drawn (null: points only). */
  @property({ attribute: false }) model: XentModel | null = null;
  /** Grid cells per side for the regions. */
  @property({ type: Number }) resolution = 72;
  /** At most this many points are drawn (evenly sampled). */
  @property({ type: Number, attribute: 'max-points' }) maxPoints = 2000;

  @query('canvas') private canvas!: HTMLCanvasElement;
  private bounds: Bounds | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('data')) this.bounds = this.data && this.data.cols === 2 ? boundsOf(this.data) : null;
  }

  override render() {
    const ok = this.data?.cols === 2;
    return html`<h3>Decision regions</h3>
      <canvas part="canvas" width="420" height="420" ?hidden=${!ok}></canvas>
      <p class="muted" part="caption">
        ${ok ? `${this.data?.features.join(' vs ')}; shade = predicted class probabilities` : 'Shown for data sets with two features.'}
      </p>`;
  }

  override updated(): void {
    const context = this.canvas.getContext('2d');
    if (!context || !this.data || !this.bounds) return;
    const colors = this.data.classes.map((_, k) => hexToRgb(themedColor(this, 'class', k)));
    this.drawRegions(context, colors, this.bounds);
    this.drawPoints(context, this.data, colors, this.bounds);
  }

  private drawRegions(context: CanvasRenderingContext2D, colors: [number, number, number][], b: Bounds): void {
    const { width, height } = this.canvas;
    context.fillStyle = '#f4f5f8';
    context.fillRect(0, 0, width, height);
    if (!this.model) return;
    const n = this.resolution;
    const rows: number[][] = [];
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) rows.push([b.x0 + ((i + 0.5) / n) * (b.x1 - b.x0), b.y1 - ((j + 0.5) / n) * (b.y1 - b.y0)]);
    }
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

  private drawPoints(context: CanvasRenderingContext2D, data: Dataset, colors: [number, number, number][], b: Bounds): void {
    const { width, height } = this.canvas;
    const stride = Math.max(1, Math.ceil(data.rows / this.maxPoints));
    context.lineWidth = 1;
    context.strokeStyle = 'rgba(255,255,255,0.9)';
    for (let r = 0; r < data.rows; r += stride) {
      const px = (((data.x[2 * r] as number) - b.x0) / (b.x1 - b.x0)) * width;
      const py = (1 - ((data.x[2 * r + 1] as number) - b.y0) / (b.y1 - b.y0)) * height;
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
