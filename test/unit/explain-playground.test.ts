import { describe, expect, it } from 'vitest';
import { type PlaygroundKind, playgroundDataset, playgroundKinds } from '../../src/data/playground.js';

const point = (d: ReturnType<typeof playgroundDataset>, r: number) => [d.x[2 * r] as number, d.x[2 * r + 1] as number] as const;

describe('TensorFlow Playground data sets', () => {
  it('each is a two-feature, two-class Dataset of the requested size (half per class without noise, xor by area)', () => {
    for (const kind of playgroundKinds) {
      const d = playgroundDataset(kind, { size: 200, seed: 3 });
      expect(d).toMatchObject({ name: `builtin:${kind}`, features: ['x1', 'x2'], label: 'label', classes: ['0', '1'], rows: 200, cols: 2 });
      expect(d.x.length).toBe(400);
      const positives = [...d.y].filter((y) => y === 1).length;
      if (kind === 'xor') expect(Math.abs(positives - 100)).toBeLessThan(20);
      else expect(positives).toBe(100);
      expect([...d.x].every(Number.isFinite)).toBe(true);
    }
  });

  it('the same seed gives the same rows, another seed others', () => {
    for (const kind of playgroundKinds) {
      const a = playgroundDataset(kind, { seed: 9, noise: 0.2 });
      expect(playgroundDataset(kind, { seed: 9, noise: 0.2 }).x).toEqual(a.x);
      expect(playgroundDataset(kind, { seed: 10, noise: 0.2 }).x).not.toEqual(a.x);
    }
  });

  it('without noise the classes follow their shapes: circle by radius, xor by quadrant, gauss by side', () => {
    const circle = playgroundDataset('circle', { size: 300 });
    const xor = playgroundDataset('xor', { size: 300 });
    const gauss = playgroundDataset('gauss', { size: 300 });
    for (let r = 0; r < 300; r++) {
      const [cx, cy] = point(circle, r);
      expect(circle.y[r]).toBe(Math.hypot(cx, cy) < 2.5 ? 1 : 0);
      const [xx, xy] = point(xor, r);
      expect(xor.y[r]).toBe(xx * xy >= 0 ? 1 : 0);
      expect(Math.min(Math.abs(xx), Math.abs(xy))).toBeGreaterThanOrEqual(0.3);
    }
    const side = [...gauss.y].filter((y, r) => (point(gauss, r)[0] + point(gauss, r)[1] > 0 ? 1 : 0) === y).length;
    expect(side / 300).toBeGreaterThan(0.97);
  });

  it('the spiral arms wind out to radius 5; noise moves the points', () => {
    const clean = playgroundDataset('spiral', { size: 100 });
    const radii = Array.from({ length: 100 }, (_, r) => Math.hypot(...point(clean, r)));
    expect(Math.max(...radii)).toBeLessThan(5);
    expect(Math.max(...radii)).toBeGreaterThan(4.8);
    const noisy = playgroundDataset('spiral', { size: 100, noise: 0.5 });
    expect(noisy.x).not.toEqual(clean.x);
  });

  it('rejects a size or noise Playground does not offer', () => {
    expect(() => playgroundDataset('xor' as PlaygroundKind, { size: 1 })).toThrow(/size/);
    expect(() => playgroundDataset('xor', { noise: 0.8 })).toThrow(/noise/);
  });
});
