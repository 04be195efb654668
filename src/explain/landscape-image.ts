/**
 * A landscape grid as pixels: log J in banded colours (the bands read as contour lines), cells not computed yet left
 * transparent. Kept apart from the element so the colouring is one small function of the grid.
 */
import { heatColor } from './draw.js';

/** Number of colour bands between the grid's smallest and largest log J. */
const BANDS = 14;

export function landscapeImage(grid: Float64Array, filled: number, resolution: number): ImageData {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < filled; k++) {
    const v = Math.log(grid[k] as number);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const image = new ImageData(resolution, resolution);
  for (let k = 0; k < filled; k++) {
    const t = hi > lo ? (Math.log(grid[k] as number) - lo) / (hi - lo) : 0;
    const [r, g, b] = heatColor(Math.floor(t * BANDS) / BANDS);
    // Row 0 of the grid is the bottom (smallest w₂), row 0 of the image the top.
    const row = resolution - 1 - Math.floor(k / resolution);
    const at = 4 * (row * resolution + (k % resolution));
    image.data[at] = r;
    image.data[at + 1] = g;
    image.data[at + 2] = b;
    image.data[at + 3] = 255;
  }
  return image;
}
