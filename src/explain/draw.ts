/**
 * Canvas drawing shared by the explorables: a two-feature model's decision regions with its boundary line, and the
 * colour scale of the loss landscapes.
 */
import { sigmoid } from '../core/losses.js';
import type { Columns, LineModel } from './logistic2d.js';
import { linearScale } from './scale.js';

/** The window of data space a view shows. */
export interface ViewWindow {
  x: [number, number];
  y: [number, number];
}

/** Class 0 and class 1, as the other xent elements colour them. */
const CLASS_RGB: [number, number, number][] = [
  [47, 111, 222],
  [224, 105, 44],
];

/** Cells per side of the shaded regions: small enough to redraw on every pointer move. */
const CELLS = 56;

/** Regions shaded by p, the points, and the line w·x + b = 0. */
export function drawLineModel(canvas: HTMLCanvasElement, data: Columns, view: ViewWindow, m: LineModel): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas;
  const cells = new ImageData(CELLS, CELLS);
  const [c0, c1] = CLASS_RGB as [[number, number, number], [number, number, number]];
  for (let j = 0; j < CELLS; j++) {
    const x2 = view.y[1] - ((j + 0.5) / CELLS) * (view.y[1] - view.y[0]);
    for (let i = 0; i < CELLS; i++) {
      const x1 = view.x[0] + ((i + 0.5) / CELLS) * (view.x[1] - view.x[0]);
      const p = sigmoid(m.w1 * x1 + m.w2 * x2 + m.b);
      const at = 4 * (j * CELLS + i);
      // Halfway to white, so the points stand out.
      for (let c = 0; c < 3; c++) cells.data[at + c] = 255 - 0.45 * (255 - ((1 - p) * c0[c]! + p * c1[c]!));
      cells.data[at + 3] = 255;
    }
  }
  const grid = new OffscreenCanvas(CELLS, CELLS);
  grid.getContext('2d')?.putImageData(cells, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(grid, 0, 0, width, height);
  const px = linearScale(view.x[0], view.x[1], 0, width);
  const py = linearScale(view.y[0], view.y[1], height, 0);
  // One path per class: a few draw calls instead of two per point, so a drag redraws within a frame.
  context.strokeStyle = 'rgba(255,255,255,0.9)';
  CLASS_RGB.forEach(([red, green, blue], k) => {
    context.fillStyle = `rgb(${red},${green},${blue})`;
    context.beginPath();
    for (let r = 0; r < data.y.length; r++) {
      if (data.y[r] !== k) continue;
      const [x, y] = [px(data.x1[r] as number), py(data.x2[r] as number)];
      context.moveTo(x + 3, y);
      context.arc(x, y, 3, 0, 2 * Math.PI);
    }
    context.fill();
    context.stroke();
  });
  drawBoundary(context, view, m, px, py);
}

/** The line w₁x₁ + w₂x₂ + b = 0 across the window (solved for the steeper coordinate). */
function drawBoundary(
  context: CanvasRenderingContext2D,
  view: ViewWindow,
  m: LineModel,
  px: (v: number) => number,
  py: (v: number) => number,
) {
  if (m.w1 === 0 && m.w2 === 0) return;
  const ends: [number, number][] =
    Math.abs(m.w2) >= Math.abs(m.w1)
      ? view.x.map((x1) => [x1, -(m.w1 * x1 + m.b) / m.w2] as [number, number])
      : view.y.map((x2) => [-(m.w2 * x2 + m.b) / m.w1, x2] as [number, number]);
  context.strokeStyle = '#1d2330';
  context.lineWidth = 2.5;
  context.beginPath();
  context.moveTo(px(ends[0]![0]), py(ends[0]![1]));
  context.lineTo(px(ends[1]![0]), py(ends[1]![1]));
  context.stroke();
  context.lineWidth = 1;
}

/** Sequential colours (viridis-like stops) for t in [0, 1]. */
const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export function heatColor(t: number): [number, number, number] {
  const u = Math.min(Math.max(t, 0), 1) * (STOPS.length - 1);
  const k = Math.min(Math.floor(u), STOPS.length - 2);
  const f = u - k;
  const [a, b] = [STOPS[k]!, STOPS[k + 1]!];
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}
