/**
 * The four 2-D data sets of TensorFlow Playground (circle, xor, spiral, gauss), generated the way Playground does it
 * but from a seed (core/random), so the same settings give the same rows everywhere. Classes are "0" and "1"
 * (Playground's −1 and +1). Not registered as built-ins here; each returns the same Dataset the built-ins do.
 */
import { Random } from '../core/random.js';
import type { Dataset } from './dataset.js';

export type PlaygroundKind = 'circle' | 'xor' | 'spiral' | 'gauss';

export const playgroundKinds: readonly PlaygroundKind[] = ['circle', 'xor', 'spiral', 'gauss'];

export interface PlaygroundOptions {
  /** Number of points (Playground's default 500); each class gets half. */
  size?: number;
  /** 0 … 0.5, Playground's noise slider over 100. */
  noise?: number;
  seed?: number;
}

type Point = [x: number, y: number, label: 0 | 1];

/** Playground's half-width of the data square. */
const RADIUS = 5;

export function playgroundDataset(kind: PlaygroundKind, { size = 500, noise = 0, seed = 1 }: PlaygroundOptions = {}): Dataset {
  if (!Number.isInteger(size) || size < 2) throw new Error(`size must be an integer of at least 2, got ${size}`);
  if (!(noise >= 0 && noise <= 0.5)) throw new Error(`noise must be between 0 and 0.5, got ${noise}`);
  const rng = new Random(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const points = generators[kind](size, noise, uniform, rng);
  const x = new Float64Array(points.length * 2);
  const y = new Uint32Array(points.length);
  points.forEach(([px, py, label], r) => {
    x[2 * r] = px;
    x[2 * r + 1] = py;
    y[r] = label;
  });
  return { name: `builtin:${kind}`, features: ['x1', 'x2'], label: 'label', classes: ['0', '1'], x, y, rows: points.length, cols: 2 };
}

type Uniform = (lo: number, hi: number) => number;

const generators: Record<PlaygroundKind, (size: number, noise: number, uniform: Uniform, rng: Random) => Point[]> = {
  /** Class 1 inside radius 2.5, class 0 in the ring 3.5 … 5; the label is read off the noisy position, as Playground does. */
  circle(size, noise, uniform) {
    const points: Point[] = [];
    for (let i = 0; i < size; i++) {
      const inside = i < size / 2;
      const r = inside ? uniform(0, RADIUS * 0.5) : uniform(RADIUS * 0.7, RADIUS);
      const angle = uniform(0, 2 * Math.PI);
      const [px, py] = [r * Math.sin(angle), r * Math.cos(angle)];
      const [nx, ny] = [uniform(-RADIUS, RADIUS) * noise, uniform(-RADIUS, RADIUS) * noise];
      points.push([px, py, Math.hypot(px + nx, py + ny) < RADIUS * 0.5 ? 1 : 0]);
    }
    return points;
  },
  /** Quadrants, pushed 0.3 off the axes; class 1 where x·y ≥ 0 (of the noisy position). */
  xor(size, noise, uniform) {
    const padding = 0.3;
    const points: Point[] = [];
    for (let i = 0; i < size; i++) {
      let px = uniform(-RADIUS, RADIUS);
      px += px > 0 ? padding : -padding;
      let py = uniform(-RADIUS, RADIUS);
      py += py > 0 ? padding : -padding;
      const [nx, ny] = [uniform(-RADIUS, RADIUS) * noise, uniform(-RADIUS, RADIUS) * noise];
      points.push([px, py, (px + nx) * (py + ny) >= 0 ? 1 : 0]);
    }
    return points;
  },
  /** Two interleaved arms of 1.75 turns, half a turn apart. */
  spiral(size, noise, uniform) {
    const half = Math.floor(size / 2);
    const points: Point[] = [];
    for (const [delta, label] of [
      [0, 1],
      [Math.PI, 0],
    ] as const) {
      const n = label === 1 ? half : size - half;
      for (let i = 0; i < n; i++) {
        const r = (i / n) * RADIUS;
        const t = ((1.75 * i) / n) * 2 * Math.PI + delta;
        points.push([r * Math.sin(t) + uniform(-1, 1) * noise, r * Math.cos(t) + uniform(-1, 1) * noise, label]);
      }
    }
    return points;
  },
  /** Gaussians at (2, 2) (class 1) and (−2, −2) (class 0); the variance grows from 0.5 to 4 with the noise. */
  gauss(size, noise, _uniform, rng) {
    const sd = Math.sqrt(0.5 + (noise / 0.5) * 3.5);
    const points: Point[] = [];
    for (let i = 0; i < size; i++) {
      const label = i < size / 2 ? 1 : 0;
      const centre = label === 1 ? 2 : -2;
      points.push([centre + sd * rng.normal(), centre + sd * rng.normal(), label]);
    }
    return points;
  },
};
